using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;

namespace ApiStudio.Tests.Processors.Admin;

public class ResourceReadTests : AdminWorld
{
    private static List<object?> Ids(DataContainer value) => ListOf(value).Select(r => ((Map)r!)["resid"]).ToList();

    [Test]
    public async Task Lists_hold_only_the_resources_of_applications_the_caller_develops()
    {
        Assert.That(Ids(await Run(Node("resource_read"), ShopDeveloper)), Is.EqualTo(new object?[] { ShopHelloId }));
        Assert.That(Ids(await Run(Node("resource_read"), GlobexDeveloper)), Is.EqualTo(new object?[] { PortalSecretId }));
        Assert.That(Ids(await Run(Node("resource_read"), ShopConsumer)), Is.Empty);
        Assert.That(Ids(await Run(Node("resource_read"), Admin)), Is.SupersetOf(new object?[] { ShopHelloId, PortalSecretId }));
    }

    [Test]
    public async Task The_list_filters_by_application_method_and_uri()
    {
        Assert.That(Ids(await Run(Node("resource_read", ("appid", Shop), ("method", "GET"), ("uri", "/hello")), ShopManager)), Is.EqualTo(new object?[] { ShopHelloId }));
        Assert.That(Ids(await Run(Node("resource_read", ("appid", Shop), ("method", "post")), ShopManager)), Is.Empty);
        Assert.That(Ids(await Run(Node("resource_read", ("uri", "secret")), Admin)), Is.EqualTo(new object?[] { PortalSecretId }));
    }

    [Test]
    public async Task One_resource_comes_with_its_document()
    {
        var resource = MapOf(await Run(Node("resource_read", ("resid", ShopHelloId)), ShopDeveloper));
        Assert.That(resource["document"], Is.EqualTo(ShopHello));
        Assert.That(resource["name"], Is.EqualTo("Shop hello"));
    }

    [Test]
    public async Task A_consumer_gets_403_and_a_user_of_another_account_404()
    {
        AssertError(await Fails(Node("resource_read", ("resid", ShopHelloId)), ShopConsumer), 403, ErrorCodes.Authentication);
        AssertError(await Fails(Node("resource_read", ("appid", Shop)), ShopConsumer), 403, ErrorCodes.Authentication);
        var error = await Fails(Node("resource_read", ("resid", ShopHelloId)), GlobexDeveloper);
        AssertError(error, 404, ErrorCodes.InvalidInput);
        Assert.That(error.Message, Is.EqualTo($"Resource {ShopHelloId} does not exist."));
        AssertError(await Fails(Node("resource_read", ("appid", Shop)), GlobexDeveloper), 404, ErrorCodes.InvalidInput);
        AssertError(await Fails(Node("resource_read"), null), 401, ErrorCodes.Authentication);
    }

    [Test]
    public async Task Bad_filters_are_listed_together()
    {
        var error = await Fails(Node("resource_read", ("appid", 0L), ("method", "fetch")), Admin);
        AssertError(error, 400, ErrorCodes.InvalidInput);
        Assert.That(error.Details, Is.EqualTo(new[] { "'appid' must be a positive id.", "'method' must be one of get, post, put, patch, delete; got 'fetch'." }));
    }
}
