using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Admin;

public class ApplicationUpdateTests : AdminWorld
{
    private async Task<long> NewApplication(string name) =>
        (long)MapOf(await Run(Node("application_create", ("accid", Acme), ("name", name)), Admin))["appid"]!;

    [Test]
    public async Task The_application_manager_changes_settings_and_keeps_the_others()
    {
        await Database.InTransactionAsync(db => ApplicationMapper.UpdateAsync(db, Shop, Acme, "shop", """{"wrap":true,"rate_limit":{"limit":5}}"""));
        var updated = MapOf(await Run(Node("application_update", ("appid", Shop), ("wrap", false), ("cors_origins", new List<object?> { "*" })), ShopManager));
        var settings = (Map)updated["settings"]!;
        Assert.That((settings["wrap"], settings["cors_origins"]), Is.EqualTo((false, new List<object?> { "*" })));
        Assert.That(settings["rate_limit"], Is.EqualTo(new Map { ["limit"] = 5L }), "settings this API does not manage are kept");
        Assert.That(Registry.Applications[Shop].Settings.Wrap, Is.False);
        await Run(Node("application_update", ("appid", Shop), ("wrap", true)), ShopManager);
    }

    [Test]
    public async Task An_application_without_resources_is_renamed()
    {
        var appid = await NewApplication("draft");
        Assert.That(MapOf(await Run(Node("application_update", ("appid", appid), ("name", "final")), AcmeManager))["name"], Is.EqualTo("final"));
        Assert.That(Registry.FindApplication("acme", "final"), Is.Not.Null);
    }

    [Test]
    public async Task Moving_an_application_needs_the_managers_of_both_accounts()
    {
        var appid = await NewApplication("mover");
        AssertError(await Fails(Node("application_update", ("appid", appid), ("accid", Globex)), AcmeManager), 404, ErrorCodes.InvalidInput);
        Assert.That(MapOf(await Run(Node("application_update", ("appid", appid), ("accid", Globex)), Admin))["accid"], Is.EqualTo(Globex));
    }

    [Test]
    public async Task An_application_holding_resources_keeps_its_name()
    {
        var error = await Fails(Node("application_update", ("appid", Shop), ("name", "boutique")), Admin);
        AssertError(error, 409, ErrorCodes.InvalidInput);
        Assert.That(error.Message, Does.StartWith("Application 'shop' cannot be renamed or moved while it holds 1 resource(s)"));
    }

    [Test]
    public async Task The_core_application_cannot_be_renamed() =>
        AssertError(await Fails(Node("application_update", ("appid", CoreApp), ("name", "kernel")), Admin), 409, ErrorCodes.InvalidInput);

    [Test]
    public async Task A_developer_gets_403_and_a_stranger_404()
    {
        AssertError(await Fails(Node("application_update", ("appid", Shop), ("wrap", false)), ShopDeveloper), 403, ErrorCodes.Authentication);
        AssertError(await Fails(Node("application_update", ("appid", Shop), ("wrap", false)), GlobexDeveloper), 404, ErrorCodes.InvalidInput);
        Assert.That(Registry.Applications[Shop].Settings.Wrap, Is.True);
    }

    [Test]
    public async Task Bad_values_are_listed_together()
    {
        var error = await Fails(Node("application_update", ("appid", Blog), ("name", ""), ("cors_origins", new List<object?> { "nope" })), AcmeManager);
        AssertError(error, 400, ErrorCodes.InvalidInput);
        Assert.That(error.Details, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task A_map_of_origins_is_refused() =>
        AssertError(await Fails(Node("application_update", ("appid", Blog), ("cors_origins", new Map { ["a"] = "b" })), AcmeManager), 400, ErrorCodes.InvalidInput);

    [Test]
    public void Appid_is_required_at_publish() =>
        Assert.That(PublishFails(Node("application_update", ("name", "x"))).Errors.Select(e => e.Input), Does.Contain("appid"));
}
