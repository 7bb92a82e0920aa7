using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Admin;

public class UserUpdateTests : AdminWorld
{
    private async Task<UserRow> NewMember(string name)
    {
        var uid = (long)MapOf(await Run(Node("user_create", ("username", name), ("password", "Member-Pass-1")), Admin))["uid"]!;
        await Run(Node("user_role_create", ("uid", uid), ("rid", 5L), ("appid", Shop)), Admin);
        return (await Database.ReadAsync(db => UserMapper.FindByIdAsync(db, uid)))!;
    }

    [Test]
    public async Task A_user_changes_its_own_email_and_password()
    {
        var member = await NewMember("selfie");
        var caller = Of(member, (Roles.Consumer, Acme, Shop));
        var updated = MapOf(await Run(Node("user_update", ("uid", member.Uid), ("email", "me@example.com"), ("password", "Changed-Pass-9")), caller));
        Assert.That(updated["email"], Is.EqualTo("me@example.com"));
        var stored = (await Database.ReadAsync(db => UserMapper.FindByIdAsync(db, member.Uid)))!;
        var hasher = Services.GetRequiredService<IPasswordHasher<UserRow>>();
        Assert.That(hasher.VerifyHashedPassword(stored, stored.PasswordHash, "Changed-Pass-9"), Is.Not.EqualTo(PasswordVerificationResult.Failed));
    }

    [Test]
    public async Task A_user_may_not_reactivate_or_deactivate_itself()
    {
        var member = await NewMember("flagger");
        AssertError(await Fails(Node("user_update", ("uid", member.Uid), ("active", false)), Of(member, (Roles.Consumer, Acme, Shop))),
            403, ErrorCodes.Authentication);
    }

    [Test]
    public async Task The_account_manager_changes_a_member_of_its_account()
    {
        var member = await NewMember("managed");
        Assert.That(MapOf(await Run(Node("user_update", ("uid", member.Uid), ("active", false)), AcmeManager))["active"], Is.EqualTo(false));
    }

    [Test]
    public async Task An_account_manager_never_changes_an_administrator_or_a_member_of_another_account()
    {
        var both = await NewMember("twoaccounts");
        await Run(Node("user_role_create", ("uid", both.Uid), ("rid", 5L), ("appid", Portal)), Admin);
        AssertError(await Fails(Node("user_update", ("uid", both.Uid), ("active", false)), AcmeManager), 403, ErrorCodes.Authentication);
        AssertError(await Fails(Node("user_update", ("uid", AdminUser.Uid), ("password", "Hijacked-Pass-1")), AcmeManager), 404, ErrorCodes.InvalidInput);
    }

    [Test]
    public async Task A_developer_may_not_change_another_user() =>
        AssertError(await Fails(Node("user_update", ("uid", ShopConsumerUser.Uid), ("email", "x@example.com")), ShopDeveloper), 404, ErrorCodes.InvalidInput);

    [Test]
    public async Task A_new_password_may_not_contain_the_new_user_name()
    {
        var member = await NewMember("renamer");
        var error = await Fails(Node("user_update", ("uid", member.Uid), ("username", "Phoenix"), ("password", "phoenix-Rises-1")), Admin);
        Assert.That(error.Details, Is.EqualTo(new[] { "'password' must not contain the user name." }));
    }

    [Test]
    public async Task A_taken_user_name_is_409() =>
        AssertError(await Fails(Node("user_update", ("uid", ShopConsumerUser.Uid), ("username", "shop_dev")), Admin), 409, ErrorCodes.InvalidInput);

    [Test]
    public void Uid_is_required_at_publish() =>
        Assert.That(PublishFails(Node("user_update", ("email", "a@b.c"))).Errors.Select(e => e.Input), Does.Contain("uid"));
}
