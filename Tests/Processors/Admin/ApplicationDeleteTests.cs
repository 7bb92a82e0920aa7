using ApiStudio.Engine.Processing;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Admin;

public class ApplicationDeleteTests : AdminWorld
{
    [Test]
    public async Task The_account_manager_deletes_an_application_and_its_resources_stop_being_served()
    {
        var appid = (long)MapOf(await Run(Node("application_create", ("accid", Acme), ("name", "temp")), AcmeManager))["appid"]!;
        await Registry.SaveAsync("name: n\ndescription: d\naccount: acme\napplication: temp\nuri: x\nmethod: get\nttl: 0\nprocess: 1\n",
            ApiStudio.Engine.Resources.DocumentFormat.Yaml, "t.yaml");
        Assert.That((await Run(Node("application_delete", ("appid", appid)), AcmeManager)).Data, Is.EqualTo(true));
        Assert.That(Registry.FindApplication("acme", "temp"), Is.Null);
        Assert.That(Registry.Routes.Match("acme", "temp", "get", ["x"]).Resource, Is.Null);
    }

    [Test]
    public async Task The_application_manager_may_not_delete_it()
    {
        AssertError(await Fails(Node("application_delete", ("appid", Shop)), ShopManager), 403, ErrorCodes.Authentication);
        AssertError(await Fails(Node("application_delete", ("appid", Shop)), GlobexDeveloper), 404, ErrorCodes.InvalidInput);
        AssertError(await Fails(Node("application_delete", ("appid", Shop)), null), 401, ErrorCodes.Authentication);
        Assert.That(Registry.FindApplication("acme", "shop"), Is.Not.Null);
    }

    [Test]
    public async Task The_core_application_cannot_be_deleted() =>
        AssertError(await Fails(Node("application_delete", ("appid", CoreApp)), Admin), 409, ErrorCodes.InvalidInput);

    [Test]
    public void Appid_is_required_at_publish() =>
        Assert.That(PublishFails(Node("application_delete")).Errors.Select(e => e.Input), Does.Contain("appid"));
}
