using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Requests;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Admin;

public class ResourceUpdateTests : AdminWorld
{
    private async Task<long> Import(string uri) =>
        (long)MapOf(await Run(Node("resource_import", ("resource", ShopHello.Replace("uri: hello", $"uri: {uri}"))), ShopDeveloper))["resid"]!;

    private async Task<object?> Served(string uri)
    {
        var published = Registry.Routes.Match("acme", "shop", "get", [uri]).Resource!;
        using var context = new EvaluationContext(new ApiRequest());
        return (await published.Resource.ExecuteAsync(context)).Value.Data;
    }

    [Test]
    public async Task An_update_publishes_a_new_version()
    {
        var resid = await Import("changing");
        var updated = MapOf(await Run(Node("resource_update", ("resid", resid),
            ("resource", ShopHello.Replace("uri: hello", "uri: changing").Replace("Hello from the shop", "Changed"))), ShopDeveloper));
        Assert.That(updated["version"], Is.EqualTo(2L));
        Assert.That(await Served("changing"), Is.EqualTo("Changed"));
    }

    [Test]
    public async Task A_refused_document_leaves_the_previous_version_serving()
    {
        var resid = await Import("kept");
        var error = await Fails(Node("resource_update", ("resid", resid),
            ("resource", ShopHello.Replace("uri: hello", "uri: kept").Replace("process: Hello from the shop", "process:\n  processor: nope\n  id: n"))), ShopDeveloper);
        AssertError(error, 400, ErrorCodes.InvalidInput);
        Assert.That(await Served("kept"), Is.EqualTo("Hello from the shop"));
        Assert.That((await Database.ReadAsync(db => ResourceMapper.FindByIdAsync(db, resid)))!.Version, Is.EqualTo(1L));
    }

    [Test]
    public async Task An_update_is_one_transaction_a_failure_after_the_first_write_changes_nothing()
    {
        var resid = await Import("atomic");
        // Version 2 already in the history: the update's second write (the version row) fails after its first (the resource row).
        await Database.InTransactionAsync(db => db.ExecuteAsync(
            "INSERT INTO resource_versions (resid, version, format, document, created_at) VALUES (@resid, 2, 'yaml', 'x', 0)", new { resid }));
        var error = await Fails(Node("resource_update", ("resid", resid),
            ("resource", ShopHello.Replace("uri: hello", "uri: atomic").Replace("Hello from the shop", "Half written"))), ShopDeveloper);
        AssertError(error, 500, ErrorCodes.Database);
        Assert.That(error.Message, Is.EqualTo("The database refused to save the resource; nothing was changed."));
        var row = (await Database.ReadAsync(db => ResourceMapper.FindByIdAsync(db, resid)))!;
        Assert.That((row.Version, row.Document.Contains("Half written")), Is.EqualTo((1L, false)));
        Assert.That(await Served("atomic"), Is.EqualTo("Hello from the shop"));
    }

    [Test]
    public async Task Moving_a_resource_needs_the_target_application_too()
    {
        var resid = await Import("moving");
        var toBlog = ShopHello.Replace("uri: hello", "uri: moving").Replace("application: shop", "application: blog");
        AssertError(await Fails(Node("resource_update", ("resid", resid), ("resource", toBlog)), ShopDeveloper), 404, ErrorCodes.InvalidInput);
        Assert.That(MapOf(await Run(Node("resource_update", ("resid", resid), ("resource", toBlog)), AcmeManager))["application"], Is.EqualTo("blog"));
    }

    [Test]
    public async Task Consumers_strangers_and_anonymous_are_refused()
    {
        AssertError(await Fails(Node("resource_update", ("resid", ShopHelloId), ("resource", ShopHello)), ShopConsumer), 403, ErrorCodes.Authentication);
        AssertError(await Fails(Node("resource_update", ("resid", ShopHelloId), ("resource", ShopHello)), GlobexDeveloper), 404, ErrorCodes.InvalidInput);
        AssertError(await Fails(Node("resource_update", ("resid", ShopHelloId), ("resource", ShopHello)), null), 401, ErrorCodes.Authentication);
        AssertError(await Fails(Node("resource_update", ("resid", 555555L), ("resource", ShopHello)), Admin), 404, ErrorCodes.InvalidInput);
    }

    [Test]
    public void Resid_is_required_at_publish() =>
        Assert.That(PublishFails(Node("resource_update", ("resource", "x"))).Errors.Select(e => e.Input), Does.Contain("resid"));
}
