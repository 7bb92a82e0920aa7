using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Admin;

public class ResourceVersionsTests : AdminWorld
{
    [Test]
    public async Task Versions_are_listed_newest_first_and_one_comes_with_its_document()
    {
        var first = ShopHello.Replace("uri: hello", "uri: versioned");
        var resid = (long)MapOf(await Run(Node("resource_import", ("resource", first)), ShopDeveloper))["resid"]!;
        await Run(Node("resource_update", ("resid", resid), ("resource", first.Replace("Hello from the shop", "v2"))), ShopDeveloper);
        var versions = ListOf(await Run(Node("resource_versions", ("resid", resid)), ShopDeveloper)).Cast<Map>().ToList();
        Assert.That(versions.Select(v => v["version"]), Is.EqualTo(new object?[] { 2L, 1L }));
        Assert.That(versions[0].Keys, Is.EqualTo(new[] { "resid", "version", "format", "created_at", "created_by" }));
        Assert.That(versions[0]["created_by"], Is.EqualTo(ShopDeveloperUser.Uid));
        var one = MapOf(await Run(Node("resource_versions", ("resid", resid), ("version", 1L)), ShopDeveloper));
        Assert.That(one["document"], Is.EqualTo(first));
    }

    [Test]
    public async Task An_unknown_version_is_404_and_others_are_refused()
    {
        AssertError(await Fails(Node("resource_versions", ("resid", ShopHelloId), ("version", 99L)), ShopDeveloper), 404, ErrorCodes.InvalidInput);
        AssertError(await Fails(Node("resource_versions", ("resid", ShopHelloId)), ShopConsumer), 403, ErrorCodes.Authentication);
        AssertError(await Fails(Node("resource_versions", ("resid", ShopHelloId)), GlobexDeveloper), 404, ErrorCodes.InvalidInput);
    }

    [Test]
    public void Resid_is_required_at_publish() =>
        Assert.That(PublishFails(Node("resource_versions")).Errors.Select(e => e.Input), Does.Contain("resid"));
}
