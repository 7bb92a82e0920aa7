using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Resources;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Admin;

public class AccountUpdateTests : AdminWorld
{
    [Test]
    public async Task An_administrator_renames_an_account_without_resources()
    {
        var accid = (long)MapOf(await Run(Node("account_create", ("name", "oldname")), Admin))["accid"]!;
        var renamed = MapOf(await Run(Node("account_update", ("accid", accid), ("name", "newname")), Admin));
        Assert.That(renamed["name"], Is.EqualTo("newname"));
        Assert.That((await Database.ReadAsync(db => AccountMapper.FindByIdAsync(db, accid)))!.Name, Is.EqualTo("newname"));
    }

    [Test]
    public async Task Renaming_updates_the_applications_the_host_knows()
    {
        var accid = (long)MapOf(await Run(Node("account_create", ("name", "before")), Admin))["accid"]!;
        await Run(Node("application_create", ("accid", accid), ("name", "app")), Admin);
        await Run(Node("account_update", ("accid", accid), ("name", "after")), Admin);
        Assert.That(Registry.FindApplication("after", "app"), Is.Not.Null);
        Assert.That(Registry.FindApplication("before", "app"), Is.Null);
    }

    [Test]
    public async Task An_account_whose_applications_hold_resources_keeps_its_name()
    {
        var error = await Fails(Node("account_update", ("accid", Acme), ("name", "acme2")), Admin);
        AssertError(error, 409, ErrorCodes.InvalidInput);
        Assert.That(error.Message, Does.StartWith("Account 'acme' cannot be renamed while its applications hold"));
        Assert.That(Registry.Routes.Match("acme", "shop", "get", ["hello"]).Resource, Is.Not.Null);
    }

    [Test]
    public async Task The_core_account_cannot_be_renamed() =>
        AssertError(await Fails(Node("account_update", ("accid", Core), ("name", "other")), Admin), 409, ErrorCodes.InvalidInput);

    [Test]
    public async Task A_member_who_is_not_administrator_gets_403_and_a_stranger_404()
    {
        AssertError(await Fails(Node("account_update", ("accid", Acme), ("name", "x1")), AcmeManager), 403, ErrorCodes.Authentication);
        AssertError(await Fails(Node("account_update", ("accid", Acme), ("name", "x1")), GlobexDeveloper), 404, ErrorCodes.InvalidInput);
    }

    [Test]
    public async Task A_bad_name_is_400_and_a_taken_name_409()
    {
        var accid = (long)MapOf(await Run(Node("account_create", ("name", "renamable")), Admin))["accid"]!;
        AssertError(await Fails(Node("account_update", ("accid", accid), ("name", "no spaces")), Admin), 400, ErrorCodes.InvalidInput);
        AssertError(await Fails(Node("account_update", ("accid", accid), ("name", "globex")), Admin), 409, ErrorCodes.InvalidInput);
    }

    [Test]
    public void Accid_and_name_are_required_at_publish() =>
        Assert.That(PublishFails(Node("account_update")).Errors.Select(e => e.Input), Is.SupersetOf(new[] { "accid", "name" }));

    [Test]
    public async Task Anonymous_is_401() =>
        AssertError(await Fails(Node("account_update", ("accid", Acme), ("name", "x")), null), 401, ErrorCodes.Authentication);

    [Test]
    public async Task An_account_with_an_appid_resource_also_keeps_its_name()
    {
        var accid = (long)MapOf(await Run(Node("account_create", ("name", "appidacc")), Admin))["accid"]!;
        var appid = (long)MapOf(await Run(Node("application_create", ("accid", accid), ("name", "app")), Admin))["appid"]!;
        await Registry.SaveAsync($"name: n\ndescription: d\nappid: {appid}\nuri: x\nmethod: get\nttl: 0\nprocess: 1\n", DocumentFormat.Yaml, "t.yaml");
        AssertError(await Fails(Node("account_update", ("accid", accid), ("name", "renamed")), Admin), 409, ErrorCodes.InvalidInput);
    }
}
