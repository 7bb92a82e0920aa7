using ApiStudio.Engine.Processing;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Admin;

public class ScriptDeleteTests : AdminWorld
{
    [Test]
    public async Task A_developer_deletes_a_script_others_cannot()
    {
        var sid = (long)MapOf(await Run(Node("script_create", ("appid", Shop), ("name", "shop.gone.get.pre_process"), ("content", "return 1;")),
            ShopDeveloper))["sid"]!;
        AssertError(await Fails(Node("script_delete", ("sid", sid)), ShopConsumer), 403, ErrorCodes.Authentication);
        AssertError(await Fails(Node("script_delete", ("sid", sid)), null), 401, ErrorCodes.Authentication);
        Assert.That((await Run(Node("script_delete", ("sid", sid)), ShopDeveloper)).Data, Is.True);
        AssertError(await Fails(Node("script_delete", ("sid", sid)), ShopDeveloper), 404, ErrorCodes.InvalidInput);
    }

    [Test]
    public void Sid_is_required_at_publish() =>
        Assert.That(PublishFails(Node("script_delete")).Errors.Select(e => e.Input), Does.Contain("sid"));
}
