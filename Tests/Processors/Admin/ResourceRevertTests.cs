using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Requests;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Admin;

public class ResourceRevertTests : AdminWorld
{
    [Test]
    public async Task Reverting_publishes_the_old_document_as_the_newest_version()
    {
        var first = ShopHello.Replace("uri: hello", "uri: reverted");
        var resid = (long)MapOf(await Run(Node("resource_import", ("resource", first)), ShopDeveloper))["resid"]!;
        await Run(Node("resource_update", ("resid", resid), ("resource", first.Replace("Hello from the shop", "v2"))), ShopDeveloper);

        var reverted = MapOf(await Run(Node("resource_revert", ("resid", resid), ("version", 1L)), ShopManager));

        Assert.That(reverted["version"], Is.EqualTo(3L));
        var published = Registry.Routes.Match("acme", "shop", "get", ["reverted"]).Resource!;
        using var context = new EvaluationContext(new ApiRequest());
        Assert.That((await published.Resource.ExecuteAsync(context)).Value.Data, Is.EqualTo("Hello from the shop"));
    }

    [Test]
    public async Task An_unknown_version_is_404_and_others_are_refused()
    {
        AssertError(await Fails(Node("resource_revert", ("resid", ShopHelloId), ("version", 42L)), ShopDeveloper), 404, ErrorCodes.InvalidInput);
        AssertError(await Fails(Node("resource_revert", ("resid", ShopHelloId), ("version", 1L)), ShopConsumer), 403, ErrorCodes.Authentication);
        AssertError(await Fails(Node("resource_revert", ("resid", ShopHelloId), ("version", 1L)), null), 401, ErrorCodes.Authentication);
    }

    [Test]
    public void Resid_and_version_are_required_at_publish() =>
        Assert.That(PublishFails(Node("resource_revert")).Errors.Select(e => e.Input), Is.SupersetOf(new[] { "resid", "version" }));
}
