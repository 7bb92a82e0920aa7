using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Admin;

public class OpenapiReadTests : AdminWorld
{
    [Test]
    public async Task A_member_gets_the_applications_document_as_json()
    {
        var value = await Run(Node("openapi_read", ("appid", Shop)), ShopConsumer);
        Assert.That(value.Type, Is.EqualTo(DataType.Json));
        var document = (Map)PlainJson.Parse((string)value.Data!)!;
        Assert.That(document["openapi"], Does.StartWith("3."));
        Assert.That(((Map)document["info"]!)["title"], Is.EqualTo("acme/shop"));
        Assert.That(((Map)document["paths"]!).Keys, Is.EqualTo(new[] { "/hello" }));
    }

    [Test]
    public async Task Account_managers_and_administrators_read_every_application_of_their_reach()
    {
        Assert.That((await Run(Node("openapi_read", ("appid", Blog)), AcmeManager)).Type, Is.EqualTo(DataType.Json));
        Assert.That((await Run(Node("openapi_read", ("appid", Portal)), Admin)).Type, Is.EqualTo(DataType.Json));
    }

    [Test]
    public async Task Non_members_get_404_and_anonymous_401()
    {
        AssertError(await Fails(Node("openapi_read", ("appid", Portal)), ShopDeveloper), 404, ErrorCodes.InvalidInput);
        AssertError(await Fails(Node("openapi_read", ("appid", Blog)), ShopConsumer), 404, ErrorCodes.InvalidInput);
        AssertError(await Fails(Node("openapi_read", ("appid", 987654L)), Admin), 404, ErrorCodes.InvalidInput);
        AssertError(await Fails(Node("openapi_read", ("appid", Shop)), null), 401, ErrorCodes.Authentication);
    }

    [Test]
    public void Appid_is_a_required_integer_at_publish()
    {
        Assert.That(PublishFails(Node("openapi_read")).Errors.Select(e => e.Input), Does.Contain("appid"));
        Assert.That(PublishFails(Node("openapi_read", ("appid", "shop"))).Errors.Select(e => e.Input), Does.Contain("appid"));
    }
}
