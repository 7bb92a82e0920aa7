using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;

namespace ApiStudio.Tests.Processors.Admin;

public class UserRoleReadTests : AdminWorld
{
    private static List<(object?, object?)> Grants(DataContainer value) =>
        ListOf(value).Select(g => (((Map)g!)["uid"], ((Map)g!)["role"])).ToList();

    [Test]
    public async Task A_caller_sees_its_own_grants_and_those_it_could_give()
    {
        Assert.That(Grants(await Run(Node("user_role_read"), ShopDeveloper)), Is.EqualTo(new[] { ((object?)ShopDeveloperUser.Uid, (object?)"Developer") }));
        var managed = Grants(await Run(Node("user_role_read"), ShopManager));
        Assert.That(managed, Does.Contain(((object?)ShopConsumerUser.Uid, (object?)"Consumer")));
        Assert.That(managed.Select(g => g.Item1), Has.None.EqualTo(GlobexDeveloperUser.Uid).And.None.EqualTo(AcmeManagerUser.Uid));
    }

    [Test]
    public async Task The_list_filters_by_user_and_application()
    {
        Assert.That(Grants(await Run(Node("user_role_read", ("uid", GlobexDeveloperUser.Uid)), Admin)),
            Is.EqualTo(new[] { ((object?)GlobexDeveloperUser.Uid, (object?)"Developer") }));
        Assert.That(Grants(await Run(Node("user_role_read", ("appid", Portal)), Admin)).Select(g => g.Item1), Is.EqualTo(new[] { GlobexDeveloperUser.Uid }));
        Assert.That(Grants(await Run(Node("user_role_read", ("accid", Globex)), Admin)).Select(g => g.Item1), Is.EqualTo(new[] { GlobexDeveloperUser.Uid }));
    }

    [Test]
    public async Task A_grant_of_another_account_is_404()
    {
        var globexGrant = (long)((Map)ListOf(await Run(Node("user_role_read", ("uid", GlobexDeveloperUser.Uid)), Admin))[0]!)["urid"]!;
        AssertError(await Fails(Node("user_role_read", ("urid", globexGrant)), AcmeManager), 404, ErrorCodes.InvalidInput);
        Assert.That(MapOf(await Run(Node("user_role_read", ("urid", globexGrant)), GlobexDeveloper))["role"], Is.EqualTo("Developer"));
        AssertError(await Fails(Node("user_role_read"), null), 401, ErrorCodes.Authentication);
    }
}
