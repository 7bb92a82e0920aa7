using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Admin;

public class VarStoreAdminUpdateTests : AdminWorld
{
    private async Task<long> Create(string scope, long id, string key) =>
        (long)MapOf(await Run(Node("var_store_admin_create", (scope, id), ("key", key), ("val", "before")), Admin))["vid"]!;

    [Test]
    public async Task A_developer_replaces_the_value_of_an_application_variable()
    {
        var vid = await Create("appid", Shop, "greeting");
        var updated = MapOf(await Run(Node("var_store_admin_update", ("vid", vid), ("val", new List<object?> { 1L, "two" })), ShopDeveloper));
        Assert.That((updated["vid"], updated["key"], updated["val"]), Is.EqualTo((vid, "greeting", new List<object?> { 1L, "two" })));
        Assert.That(MapOf(await Run(Node("var_store_admin_read", ("vid", vid)), ShopConsumer))["val"], Is.EqualTo(new List<object?> { 1L, "two" }));
    }

    [Test]
    public async Task Who_may_change_follows_the_var_store_roles()
    {
        var app = await Create("appid", Shop, "who_app");
        var account = await Create("accid", Acme, "who_account");
        AssertError(await Fails(Node("var_store_admin_update", ("vid", app), ("val", 1L)), ShopConsumer), 403, ErrorCodes.Authentication);
        AssertError(await Fails(Node("var_store_admin_update", ("vid", app), ("val", 1L)), GlobexDeveloper), 404, ErrorCodes.InvalidInput);
        AssertError(await Fails(Node("var_store_admin_update", ("vid", app), ("val", 1L)), null), 401, ErrorCodes.Authentication);
        var manager = await Fails(Node("var_store_admin_update", ("vid", account), ("val", 1L)), ShopManager);
        AssertError(manager, 403, ErrorCodes.Authentication);
        Assert.That(manager.Message, Is.EqualTo("Permission denied: your roles do not allow you to change variables of this account."));
        Assert.That(MapOf(await Run(Node("var_store_admin_update", ("vid", account), ("val", 2L)), AcmeManager))["val"], Is.EqualTo(2L));
    }

    [Test]
    public async Task A_missing_value_or_variable_is_refused()
    {
        var vid = await Create("appid", Shop, "needs_value");
        var error = await Fails("""
            {"processor": "var_store_admin_update", "id": "admin", "vid": VID, "val": {"processor": "var_post", "id": "val", "key": "val", "nullable": true}}
            """.Replace("VID", vid.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal), Admin);
        AssertError(error, 400, ErrorCodes.InvalidInput);
        Assert.That(error.Details, Is.EqualTo(new[] { "'val' is required." }));
        AssertError(await Fails(Node("var_store_admin_update", ("vid", 987654L), ("val", 1L)), Admin), 404, ErrorCodes.InvalidInput);
    }

    [Test]
    public void Vid_and_val_are_required_at_publish() =>
        Assert.That(PublishFails(Node("var_store_admin_update")).Errors.Select(e => e.Input), Is.SupersetOf(new[] { "vid", "val" }));
}
