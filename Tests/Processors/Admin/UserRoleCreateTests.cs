using ApiStudio.Engine.Processing;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Admin;

public class UserRoleCreateTests : AdminWorld
{
    private const long AdministratorRid = 1, AccountManagerRid = 2, ApplicationManagerRid = 3, DeveloperRid = 4, ConsumerRid = 5;

    private async Task<long> NewUser(string name) =>
        (long)MapOf(await Run(Node("user_create", ("username", name), ("password", "Granted-Pass-1")), Admin))["uid"]!;

    [Test]
    public async Task The_application_manager_grants_developer_on_its_application_and_the_account_is_implied()
    {
        var uid = await NewUser("hire1");
        var grant = MapOf(await Run(Node("user_role_create", ("uid", uid), ("rid", DeveloperRid), ("appid", Shop)), ShopManager));
        Assert.That(grant.Keys, Is.EqualTo(new[] { "urid", "uid", "rid", "role", "accid", "appid" }));
        Assert.That((grant["uid"], grant["role"], grant["accid"], grant["appid"]), Is.EqualTo((uid, "Developer", Acme, Shop)));
    }

    [Test]
    public async Task The_application_manager_may_not_grant_on_another_application_or_account_wide()
    {
        var uid = await NewUser("hire2");
        AssertError(await Fails(Node("user_role_create", ("uid", uid), ("rid", DeveloperRid), ("appid", Blog)), ShopManager), 404, ErrorCodes.InvalidInput);
        AssertError(await Fails(Node("user_role_create", ("uid", uid), ("rid", DeveloperRid), ("accid", Acme)), ShopManager), 403, ErrorCodes.Authentication);
        AssertError(await Fails(Node("user_role_create", ("uid", uid), ("rid", AccountManagerRid), ("accid", Acme)), ShopManager), 403, ErrorCodes.Authentication);
    }

    [Test]
    public async Task The_account_manager_grants_account_manager_in_its_account_only()
    {
        var uid = await NewUser("hire3");
        Assert.That(MapOf(await Run(Node("user_role_create", ("uid", uid), ("rid", AccountManagerRid), ("accid", Acme)), AcmeManager))["role"],
            Is.EqualTo("Account manager"));
        AssertError(await Fails(Node("user_role_create", ("uid", uid), ("rid", AccountManagerRid), ("accid", Globex)), AcmeManager), 404, ErrorCodes.InvalidInput);
    }

    [Test]
    public async Task Only_an_administrator_grants_administrator()
    {
        var uid = await NewUser("hire4");
        AssertError(await Fails(Node("user_role_create", ("uid", uid), ("rid", AdministratorRid)), AcmeManager), 403, ErrorCodes.Authentication);
        Assert.That(MapOf(await Run(Node("user_role_create", ("uid", uid), ("rid", AdministratorRid)), Admin))["accid"], Is.Null);
    }

    [Test]
    public async Task Developers_and_consumers_grant_nothing()
    {
        var uid = await NewUser("hire5");
        AssertError(await Fails(Node("user_role_create", ("uid", uid), ("rid", ConsumerRid), ("appid", Shop)), ShopDeveloper), 403, ErrorCodes.Authentication);
        AssertError(await Fails(Node("user_role_create", ("uid", uid), ("rid", ConsumerRid), ("appid", Shop)), ShopConsumer), 403, ErrorCodes.Authentication);
        AssertError(await Fails(Node("user_role_create", ("uid", uid), ("rid", ConsumerRid), ("appid", Shop)), null), 401, ErrorCodes.Authentication);
    }

    [Test]
    public async Task The_scope_each_role_needs_is_checked_with_every_other_problem()
    {
        var error = await Fails(Node("user_role_create", ("uid", -3L), ("rid", AccountManagerRid), ("appid", Shop)), Admin);
        AssertError(error, 400, ErrorCodes.InvalidInput);
        Assert.That(error.Details, Is.EqualTo(new[]
        {
            "'uid' must be a positive id.",
            "'Account manager' is granted for an account: give 'accid'.",
            "'Account manager' is granted for a whole account: leave 'appid' empty.",
        }));
        var admin = await Fails(Node("user_role_create", ("uid", 1L), ("rid", AdministratorRid), ("accid", Acme)), Admin);
        Assert.That(admin.Details, Is.EqualTo(new[] { "'Administrator' is granted everywhere: leave 'accid' and 'appid' empty." }));
        var developer = await Fails(Node("user_role_create", ("uid", 1L), ("rid", DeveloperRid)), Admin);
        Assert.That(developer.Details, Is.EqualTo(new[] { "'Developer' is granted for an application: give 'appid' (or 'accid' for every application of an account)." }));
    }

    [Test]
    public async Task An_accid_that_is_not_the_applications_account_is_400() =>
        AssertError(await Fails(Node("user_role_create", ("uid", 1L), ("rid", DeveloperRid), ("accid", Globex), ("appid", Shop)), Admin),
            400, ErrorCodes.InvalidInput);

    [Test]
    public async Task A_duplicate_grant_is_409_and_unknown_user_or_role_404()
    {
        AssertError(await Fails(Node("user_role_create", ("uid", ShopDeveloperUser.Uid), ("rid", DeveloperRid), ("appid", Shop)), Admin), 409, ErrorCodes.InvalidInput);
        AssertError(await Fails(Node("user_role_create", ("uid", 777777L), ("rid", DeveloperRid), ("appid", Shop)), Admin), 404, ErrorCodes.InvalidInput);
        AssertError(await Fails(Node("user_role_create", ("uid", 1L), ("rid", 777L), ("appid", Shop)), Admin), 404, ErrorCodes.InvalidInput);
    }

    [Test]
    public void Uid_and_rid_are_required_at_publish() =>
        Assert.That(PublishFails(Node("user_role_create")).Errors.Select(e => e.Input), Is.SupersetOf(new[] { "uid", "rid" }));

    [Test]
    public async Task Application_manager_role_may_be_granted_by_the_application_manager()
    {
        var uid = await NewUser("hire6");
        Assert.That(MapOf(await Run(Node("user_role_create", ("uid", uid), ("rid", ApplicationManagerRid), ("appid", Shop)), ShopManager))["role"],
            Is.EqualTo("Application manager"));
    }
}
