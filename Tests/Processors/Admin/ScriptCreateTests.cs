using ApiStudio.Engine.Processing;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Admin;

public class ScriptCreateTests : AdminWorld
{
    [Test]
    public async Task A_developer_creates_a_script_with_its_settings()
    {
        var created = MapOf(await Run(Node("script_create", ("appid", Shop), ("name", "shop.mail.post.queued"), ("content", "return 1;"),
            ("allow_event_modification", true), ("queue", "mail"), ("delay", 5L), ("tries", 3L), ("timeout", 30L)), ShopDeveloper));
        Assert.That((created["appid"], created["engine"], created["is_active"], created["allow_event_modification"], created["queue"],
                created["delay"], created["tries"], created["timeout"], created["version"]),
            Is.EqualTo((Shop, "javascript", true, true, "mail", 5L, 3L, 30L, 1L)));
    }

    [Test]
    public async Task Content_that_does_not_parse_is_400_with_its_line()
    {
        var error = await Fails(Node("script_create", ("appid", Shop), ("name", "shop.parse.get.pre_process"), ("content", "var x = 1;\nvar = 2;")),
            ShopDeveloper);
        AssertError(error, 400, ErrorCodes.InvalidInput);
        Assert.That(error.Message, Does.Contain("'content' is not valid JavaScript").And.Contain("line 2"));
    }

    [Test]
    public async Task A_consumer_gets_403() =>
        AssertError(await Fails(Node("script_create", ("appid", Shop), ("name", "shop.c.get.pre_process"), ("content", "")), ShopConsumer),
            403, ErrorCodes.Authentication);

    [Test]
    public void Appid_name_and_content_are_required_at_publish() =>
        Assert.That(PublishFails(Node("script_create")).Errors.Select(e => e.Input), Is.SupersetOf(new[] { "appid", "name", "content" }));
}
