using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Resources;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Admin;

public class AccountDeleteTests : AdminWorld
{
    [Test]
    public async Task Deleting_an_account_removes_its_applications_and_stops_serving_their_resources()
    {
        var accid = (long)MapOf(await Run(Node("account_create", ("name", "doomed")), Admin))["accid"]!;
        await Run(Node("application_create", ("accid", accid), ("name", "app")), Admin);
        await Registry.SaveAsync("name: n\ndescription: d\naccount: doomed\napplication: app\nuri: x\nmethod: get\nttl: 0\nprocess: 1\n",
            DocumentFormat.Yaml, "t.yaml");
        Assert.That(Registry.Routes.Match("doomed", "app", "get", ["x"]).Resource, Is.Not.Null);

        Assert.That((await Run(Node("account_delete", ("accid", accid)), Admin)).Data, Is.EqualTo(true));

        Assert.That(await Database.ReadAsync(db => AccountMapper.FindByIdAsync(db, accid)), Is.Null);
        Assert.That(Registry.FindApplication("doomed", "app"), Is.Null);
        Assert.That(Registry.Routes.Match("doomed", "app", "get", ["x"]).Resource, Is.Null);
    }

    [Test]
    public async Task The_core_account_cannot_be_deleted()
    {
        var error = await Fails(Node("account_delete", ("accid", Core)), Admin);
        AssertError(error, 409, ErrorCodes.InvalidInput);
        Assert.That(error.Message, Does.Contain("holds the admin API"));
    }

    [Test]
    public async Task Only_an_administrator_deletes_accounts()
    {
        AssertError(await Fails(Node("account_delete", ("accid", Acme)), AcmeManager), 403, ErrorCodes.Authentication);
        AssertError(await Fails(Node("account_delete", ("accid", Acme)), GlobexDeveloper), 404, ErrorCodes.InvalidInput);
        AssertError(await Fails(Node("account_delete", ("accid", Acme)), null), 401, ErrorCodes.Authentication);
        Assert.That(await Database.ReadAsync(db => AccountMapper.FindByIdAsync(db, Acme)), Is.Not.Null);
    }

    [Test]
    public async Task An_unknown_account_is_404() =>
        AssertError(await Fails(Node("account_delete", ("accid", 424242L)), Admin), 404, ErrorCodes.InvalidInput);

    [Test]
    public void Accid_is_required_at_publish() =>
        Assert.That(PublishFails(Node("account_delete")).Errors.Select(e => e.Input), Does.Contain("accid"));
}
