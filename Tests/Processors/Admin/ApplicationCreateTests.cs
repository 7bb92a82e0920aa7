using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Admin;

public class ApplicationCreateTests : AdminWorld
{
    [Test]
    public async Task The_account_manager_creates_an_application_the_host_then_knows()
    {
        var created = MapOf(await Run(Node("application_create", ("accid", Acme), ("name", "store")), AcmeManager));
        Assert.That(created.Keys, Is.EqualTo(new[] { "appid", "accid", "name", "settings" }));
        Assert.That((created["accid"], created["name"]), Is.EqualTo((Acme, "store")));
        Assert.That(created["settings"], Is.EqualTo(new Map { ["wrap"] = true, ["cors_origins"] = new List<object?>() }));
        Assert.That(Registry.FindApplication("acme", "store")!.Appid, Is.EqualTo(created["appid"]));
    }

    [Test]
    public async Task Settings_are_stored_and_served()
    {
        var created = MapOf(await Run(Node("application_create", ("accid", Acme), ("name", "raw"), ("wrap", false),
            ("cors_origins", "https://a.example.com, http://localhost:3000")), Admin));
        Assert.That(((Map)created["settings"]!)["cors_origins"], Is.EqualTo(new List<object?> { "https://a.example.com", "http://localhost:3000" }));
        var info = Registry.FindApplication("acme", "raw")!;
        Assert.That(info.Settings.Wrap, Is.False);
    }

    [Test]
    public async Task Every_problem_is_listed_at_once()
    {
        var error = await Fails("""
            {"processor": "application_create", "id": "admin", "accid": {"processor": "var_post", "id": "accid", "key": "accid", "nullable": true},
             "name": "bad name", "cors_origins": ["ftp://x", "*"]}
            """, Admin);
        AssertError(error, 400, ErrorCodes.InvalidInput);
        Assert.That(error.Details, Is.EqualTo(new[]
        {
            "'accid' is required.",
            "'name' may contain only letters, digits, '_', '-' and '.', and must start with a letter or digit.",
            "'cors_origins' item 'ftp://x' is neither '*' nor an origin such as https://example.com or http://localhost:3000.",
        }));
        Assert.That(error.Message, Is.EqualTo(string.Join(" ", error.Details!)));
    }

    [Test]
    public async Task A_developer_of_the_account_gets_403_and_a_stranger_404()
    {
        AssertError(await Fails(Node("application_create", ("accid", Acme), ("name", "devapp")), ShopDeveloper), 403, ErrorCodes.Authentication);
        AssertError(await Fails(Node("application_create", ("accid", Acme), ("name", "devapp")), GlobexDeveloper), 404, ErrorCodes.InvalidInput);
        AssertError(await Fails(Node("application_create", ("accid", Acme), ("name", "devapp")), null), 401, ErrorCodes.Authentication);
        Assert.That(Registry.FindApplication("acme", "devapp"), Is.Null);
    }

    [Test]
    public async Task A_name_taken_in_the_account_is_409_but_free_in_another()
    {
        AssertError(await Fails(Node("application_create", ("accid", Acme), ("name", "shop")), Admin), 409, ErrorCodes.InvalidInput);
        Assert.That(MapOf(await Run(Node("application_create", ("accid", Globex), ("name", "shop")), Admin))["name"], Is.EqualTo("shop"));
    }

    [Test]
    public void Accid_and_name_are_required_and_wrap_is_a_boolean_at_publish()
    {
        Assert.That(PublishFails(Node("application_create")).Errors.Select(e => e.Input), Is.SupersetOf(new[] { "accid", "name" }));
        Assert.That(PublishFails(Node("application_create", ("accid", 1L), ("name", "x"), ("wrap", "yes"))).Errors.Select(e => e.Input),
            Does.Contain("wrap"));
    }
}
