using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Admin;

public class VarStoreAdminReadTests : AdminWorld
{
    private long _shopColour, _blogTheme, _acmeRegion, _portalSecret;

    [OneTimeSetUp]
    public async Task CreateVariables()
    {
        async Task<long> Create(string scope, long id, string key, object? val) =>
            (long)MapOf(await Run(Node("var_store_admin_create", (scope, id), ("key", key), ("val", val)), Admin))["vid"]!;
        _shopColour = await Create("appid", Shop, "colour", "teal");
        _blogTheme = await Create("appid", Blog, "theme", "dark");
        _acmeRegion = await Create("accid", Acme, "region", "eu");
        _portalSecret = await Create("appid", Portal, "secret_colour", "red");
    }

    private static List<string?> Keys(DataContainer value) => ListOf(value).Select(v => (string?)((Map)v!)["key"]).ToList();

    [Test]
    public async Task The_lists_hold_only_the_variables_the_caller_may_read()
    {
        Assert.That(Keys(await Run(Node("var_store_admin_read"), Admin)), Is.EqualTo(new[] { "colour", "theme", "region", "secret_colour" }));
        Assert.That(Keys(await Run(Node("var_store_admin_read"), AcmeManager)), Is.EqualTo(new[] { "colour", "theme", "region" }));
        Assert.That(Keys(await Run(Node("var_store_admin_read"), ShopConsumer)), Is.EqualTo(new[] { "colour", "region" }), "its application's and its account's");
        Assert.That(Keys(await Run(Node("var_store_admin_read"), GlobexDeveloper)), Is.EqualTo(new[] { "secret_colour" }));
    }

    [Test]
    public async Task The_list_filters_by_application_account_key_and_keyword()
    {
        Assert.That(Keys(await Run(Node("var_store_admin_read", ("appid", Shop)), Admin)), Is.EqualTo(new[] { "colour" }));
        Assert.That(Keys(await Run(Node("var_store_admin_read", ("accid", Acme)), Admin)), Is.EqualTo(new[] { "colour", "theme", "region" }));
        Assert.That(Keys(await Run(Node("var_store_admin_read", ("key", "theme")), Admin)), Is.EqualTo(new[] { "theme" }));
        Assert.That(Keys(await Run(Node("var_store_admin_read", ("keyword", "colour")), Admin)), Is.EqualTo(new[] { "colour", "secret_colour" }));
        Assert.That(Keys(await Run(Node("var_store_admin_read", ("keyword", "Colour")), Admin)), Is.Empty, "case-sensitive");
    }

    [Test]
    public async Task One_variable_with_its_value()
    {
        var variable = MapOf(await Run(Node("var_store_admin_read", ("vid", _acmeRegion)), ShopConsumer));
        Assert.That((variable["vid"], variable["accid"], variable["appid"], variable["key"], variable["val"]),
            Is.EqualTo((_acmeRegion, Acme, (object?)null, "region", "eu")));
    }

    [Test]
    public async Task A_variable_outside_the_callers_roles_is_404_like_an_unknown_one()
    {
        AssertError(await Fails(Node("var_store_admin_read", ("vid", _portalSecret)), ShopDeveloper), 404, ErrorCodes.InvalidInput);
        AssertError(await Fails(Node("var_store_admin_read", ("vid", _blogTheme)), ShopConsumer), 404, ErrorCodes.InvalidInput);
        AssertError(await Fails(Node("var_store_admin_read", ("vid", _shopColour)), GlobexDeveloper), 404, ErrorCodes.InvalidInput);
        var unknown = await Fails(Node("var_store_admin_read", ("vid", 987654L)), Admin);
        AssertError(unknown, 404, ErrorCodes.InvalidInput);
        Assert.That(unknown.Message, Is.EqualTo("Variable 987654 does not exist."));
        AssertError(await Fails(Node("var_store_admin_read", ("appid", Portal)), ShopDeveloper), 404, ErrorCodes.InvalidInput);
        AssertError(await Fails(Node("var_store_admin_read", ("accid", Globex)), ShopDeveloper), 404, ErrorCodes.InvalidInput);
    }

    [Test]
    public async Task Bad_filters_are_listed_at_once_and_anonymous_is_401()
    {
        var error = await Fails(Node("var_store_admin_read", ("appid", -1L), ("accid", 0L), ("keyword", " ")), Admin);
        AssertError(error, 400, ErrorCodes.InvalidInput);
        Assert.That(error.Details, Is.EqualTo(new[] { "'appid' must be a positive id.", "'accid' must be a positive id.", "'keyword' must not be empty." }));
        AssertError(await Fails(Node("var_store_admin_read"), null), 401, ErrorCodes.Authentication);
    }

    [Test]
    public void Ids_are_integers_at_publish() =>
        Assert.That(PublishFails(Node("var_store_admin_read", ("vid", "one"))).Errors.Select(e => e.Input), Does.Contain("vid"));
}
