using ApiStudio.Engine.Processing;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Admin;

public class ScriptUpdateTests : AdminWorld
{
    [Test]
    public async Task The_fields_given_change_and_the_version_counts_up()
    {
        var sid = (long)MapOf(await Run(Node("script_create", ("appid", Shop), ("name", "shop.up.get.pre_process"), ("content", "return 1;")),
            ShopDeveloper))["sid"]!;
        var changed = MapOf(await Run(Node("script_update", ("sid", sid), ("content", "return 2;"), ("is_active", false)), ShopDeveloper));
        Assert.That((changed["content"], changed["is_active"], changed["name"], changed["version"]),
            Is.EqualTo(("return 2;", false, "shop.up.get.pre_process", 2L)));
        var error = await Fails(Node("script_update", ("sid", sid), ("content", "return (;")), ShopDeveloper);
        AssertError(error, 400, ErrorCodes.InvalidInput);
        AssertError(await Fails(Node("script_update", ("sid", sid), ("content", "return 3;")), GlobexDeveloper), 404, ErrorCodes.InvalidInput);
    }

    [Test]
    public void Sid_is_required_at_publish() =>
        Assert.That(PublishFails(Node("script_update")).Errors.Select(e => e.Input), Does.Contain("sid"));
}
