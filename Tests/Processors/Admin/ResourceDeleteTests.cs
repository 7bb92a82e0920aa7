using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Admin;

public class ResourceDeleteTests : AdminWorld
{
    [Test]
    public async Task A_developer_deletes_a_resource_which_stops_being_served()
    {
        var resid = (long)MapOf(await Run(Node("resource_import", ("resource", ShopHello.Replace("uri: hello", "uri: gone"))), ShopDeveloper))["resid"]!;
        Assert.That((await Run(Node("resource_delete", ("resid", resid)), ShopDeveloper)).Data, Is.EqualTo(true));
        Assert.That(Registry.Routes.Match("acme", "shop", "get", ["gone"]).Resource, Is.Null);
        Assert.That(await Database.ReadAsync(db => ResourceMapper.VersionsAsync(db, resid)), Is.Empty);
    }

    [Test]
    public async Task Consumers_strangers_and_anonymous_are_refused()
    {
        AssertError(await Fails(Node("resource_delete", ("resid", ShopHelloId)), ShopConsumer), 403, ErrorCodes.Authentication);
        AssertError(await Fails(Node("resource_delete", ("resid", ShopHelloId)), GlobexDeveloper), 404, ErrorCodes.InvalidInput);
        AssertError(await Fails(Node("resource_delete", ("resid", ShopHelloId)), null), 401, ErrorCodes.Authentication);
        Assert.That(Registry.Routes.Match("acme", "shop", "get", ["hello"]).Resource, Is.Not.Null);
    }

    [Test]
    public void Resid_is_required_at_publish() =>
        Assert.That(PublishFails(Node("resource_delete")).Errors.Select(e => e.Input), Does.Contain("resid"));
}
