using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Admin;

public class UserRoleDeleteTests : AdminWorld
{
    private async Task<long> Grant(long uid, long rid, long appid) =>
        (long)MapOf(await Run(Node("user_role_create", ("uid", uid), ("rid", rid), ("appid", appid)), Admin))["urid"]!;

    [Test]
    public async Task The_application_manager_revokes_a_grant_on_its_application()
    {
        var urid = await Grant(GlobexDeveloperUser.Uid, 5, Shop);
        Assert.That((await Run(Node("user_role_delete", ("urid", urid)), ShopManager)).Data, Is.EqualTo(true));
        Assert.That(await Database.ReadAsync(db => UserRoleMapper.FindByIdAsync(db, urid)), Is.Null);
    }

    [Test]
    public async Task A_user_sees_but_may_not_revoke_its_own_grant()
    {
        var own = (await Database.ReadAsync(db => UserRoleMapper.ForUserAsync(db, ShopConsumerUser.Uid)))[0].Urid;
        AssertError(await Fails(Node("user_role_delete", ("urid", own)), ShopConsumer), 403, ErrorCodes.Authentication);
    }

    [Test]
    public async Task A_grant_of_another_account_is_404()
    {
        var urid = await Grant(ShopDeveloperUser.Uid, 5, Portal);
        AssertError(await Fails(Node("user_role_delete", ("urid", urid)), AcmeManager), 404, ErrorCodes.InvalidInput);
        AssertError(await Fails(Node("user_role_delete", ("urid", urid)), null), 401, ErrorCodes.Authentication);
    }

    [Test]
    public void Urid_is_required_at_publish() =>
        Assert.That(PublishFails(Node("user_role_delete")).Errors.Select(e => e.Input), Does.Contain("urid"));
}
