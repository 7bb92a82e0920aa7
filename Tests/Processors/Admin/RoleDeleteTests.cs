using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Admin;

public class RoleDeleteTests : AdminWorld
{
    [Test]
    public async Task An_administrator_deletes_a_custom_role_with_its_grants()
    {
        var rid = (long)MapOf(await Run(Node("role_create", ("name", "Temporary")), Admin))["rid"]!;
        await Run(Node("user_role_create", ("uid", ShopDeveloperUser.Uid), ("rid", rid), ("appid", Shop)), Admin);
        Assert.That((await Run(Node("role_delete", ("rid", rid)), Admin)).Data, Is.EqualTo(true));
        var grants = await Database.ReadAsync(db => UserRoleMapper.ForUserAsync(db, ShopDeveloperUser.Uid));
        Assert.That(grants.Select(g => g.Rid), Has.None.EqualTo(rid));
    }

    [Test]
    public async Task Built_in_roles_and_others_callers_are_refused()
    {
        AssertError(await Fails(Node("role_delete", ("rid", 1L)), Admin), 409, ErrorCodes.InvalidInput);
        AssertError(await Fails(Node("role_delete", ("rid", 5L)), AcmeManager), 403, ErrorCodes.Authentication);
        AssertError(await Fails(Node("role_delete", ("rid", 12345L)), Admin), 404, ErrorCodes.InvalidInput);
    }

    [Test]
    public void Rid_is_required_at_publish() =>
        Assert.That(PublishFails(Node("role_delete")).Errors.Select(e => e.Input), Does.Contain("rid"));
}
