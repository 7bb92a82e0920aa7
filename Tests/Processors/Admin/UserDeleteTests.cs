using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Admin;

public class UserDeleteTests : AdminWorld
{
    [Test]
    public async Task The_account_manager_deletes_a_member_of_its_account()
    {
        var uid = (long)MapOf(await Run(Node("user_create", ("username", "leaver"), ("password", "Goodbye-Pass-1")), Admin))["uid"]!;
        await Run(Node("user_role_create", ("uid", uid), ("rid", 4L), ("appid", Shop)), Admin);
        Assert.That((await Run(Node("user_delete", ("uid", uid)), AcmeManager)).Data, Is.EqualTo(true));
        Assert.That(await Database.ReadAsync(db => UserMapper.FindByIdAsync(db, uid)), Is.Null);
    }

    [Test]
    public async Task Nobody_deletes_itself()
    {
        var error = await Fails(Node("user_delete", ("uid", AcmeManagerUser.Uid)), AcmeManager);
        AssertError(error, 409, ErrorCodes.InvalidInput);
        Assert.That(error.Message, Is.EqualTo("You cannot delete your own user."));
    }

    [Test]
    public async Task The_last_administrator_is_kept()
    {
        var uid = (long)MapOf(await Run(Node("user_create", ("username", "second_admin"), ("password", "Second-Pass-1")), Admin))["uid"]!;
        var grant = MapOf(await Run(Node("user_role_create", ("uid", uid), ("rid", 1L)), Admin));
        var second = Of((await Database.ReadAsync(db => UserMapper.FindByIdAsync(db, uid)))!, ("Administrator", null, null));
        Assert.That((await Run(Node("user_delete", ("uid", AdminUser.Uid)), second)).Data, Is.EqualTo(true), "another administrator remains");
        var error = await Fails(Node("user_role_delete", ("urid", grant["urid"])), second);
        AssertError(error, 409, ErrorCodes.InvalidInput);
        Assert.That(error.Message, Does.Contain("last Administrator"));
    }

    [Test]
    public async Task Others_get_403_or_404()
    {
        AssertError(await Fails(Node("user_delete", ("uid", ShopConsumerUser.Uid)), ShopManager), 403, ErrorCodes.Authentication);
        AssertError(await Fails(Node("user_delete", ("uid", ShopConsumerUser.Uid)), GlobexDeveloper), 404, ErrorCodes.InvalidInput);
        AssertError(await Fails(Node("user_delete", ("uid", ShopConsumerUser.Uid)), null), 401, ErrorCodes.Authentication);
    }

    [Test]
    public void Uid_is_required_at_publish() =>
        Assert.That(PublishFails(Node("user_delete")).Errors.Select(e => e.Input), Does.Contain("uid"));
}
