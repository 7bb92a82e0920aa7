using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Admin;

public class ApiKeyReadTests : AdminWorld
{
    [OneTimeSetUp]
    public async Task CreateKeys()
    {
        foreach (var (appid, name) in new[] { (Shop, "shop key"), (Blog, "blog key"), (Portal, "portal key") })
        {
            await Run(Node("api_key_create", ("appid", appid), ("name", name)), Admin);
        }
    }

    private static List<string?> Names(DataContainer value) => ListOf(value).Select(k => (string?)((Map)k!)["name"]).ToList();

    [Test]
    public async Task Lists_show_the_keys_of_managed_applications_and_never_the_key()
    {
        var all = ListOf(await Run(Node("api_key_read"), Admin)).Cast<Map>().ToList();
        Assert.That(all.Select(k => k["name"]), Is.EqualTo(new[] { "shop key", "blog key", "portal key" }));
        Assert.That(all[0].Keys, Is.EqualTo(new[] { "kid", "appid", "name", "prefix", "role", "created_at", "revoked_at" }));
        Assert.That(Names(await Run(Node("api_key_read"), AcmeManager)), Is.EqualTo(new[] { "shop key", "blog key" }));
        Assert.That(Names(await Run(Node("api_key_read"), ShopManager)), Is.EqualTo(new[] { "shop key" }));
        Assert.That(Names(await Run(Node("api_key_read"), ShopDeveloper)), Is.Empty);
    }

    [Test]
    public async Task The_list_of_one_application()
    {
        Assert.That(Names(await Run(Node("api_key_read", ("appid", Blog)), AcmeManager)), Is.EqualTo(new[] { "blog key" }));
        Assert.That(Names(await Run(Node("api_key_read", ("appid", Shop)), ShopManager)), Is.EqualTo(new[] { "shop key" }));
    }

    [Test]
    public async Task Those_who_do_not_manage_the_application_are_refused()
    {
        AssertError(await Fails(Node("api_key_read", ("appid", Shop)), ShopDeveloper), 403, ErrorCodes.Authentication);
        AssertError(await Fails(Node("api_key_read", ("appid", Shop)), ShopConsumer), 403, ErrorCodes.Authentication);
        AssertError(await Fails(Node("api_key_read", ("appid", Shop)), GlobexDeveloper), 404, ErrorCodes.InvalidInput);
        AssertError(await Fails(Node("api_key_read", ("appid", 987654L)), Admin), 404, ErrorCodes.InvalidInput);
        AssertError(await Fails(Node("api_key_read"), null), 401, ErrorCodes.Authentication);
    }

    [Test]
    public void Appid_is_an_integer_at_publish() =>
        Assert.That(PublishFails(Node("api_key_read", ("appid", "shop"))).Errors.Select(e => e.Input), Does.Contain("appid"));
}
