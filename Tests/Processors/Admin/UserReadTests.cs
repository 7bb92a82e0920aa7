using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;

namespace ApiStudio.Tests.Processors.Admin;

public class UserReadTests : AdminWorld
{
    private static List<string?> Names(DataContainer value) => ListOf(value).Select(u => (string?)((Map)u!)["username"]).ToList();

    [Test]
    public async Task An_account_manager_sees_the_users_of_its_account_and_not_others()
    {
        var names = Names(await Run(Node("user_read"), AcmeManager));
        Assert.That(names, Is.SupersetOf(new[] { "acme_manager", "shop_manager", "shop_dev", "shop_consumer" }));
        Assert.That(names, Has.None.EqualTo("globex_dev").And.None.EqualTo("admin"));
    }

    [Test]
    public async Task A_developer_sees_only_itself() =>
        Assert.That(Names(await Run(Node("user_read"), ShopDeveloper)), Is.EqualTo(new[] { "shop_dev" }));

    [Test]
    public async Task An_administrator_sees_everyone() =>
        Assert.That(Names(await Run(Node("user_read"), Admin)), Is.SupersetOf(new[] { "admin", "globex_dev", "shop_dev" }));

    [Test]
    public async Task One_user_never_shows_the_password_hash()
    {
        var user = MapOf(await Run(Node("user_read", ("uid", ShopDeveloperUser.Uid)), ShopManager));
        Assert.That(user.Keys, Is.EqualTo(new[] { "uid", "username", "email", "active" }));
    }

    [Test]
    public async Task A_user_of_another_account_is_404()
    {
        var error = await Fails(Node("user_read", ("uid", ShopDeveloperUser.Uid)), GlobexDeveloper);
        AssertError(error, 404, ErrorCodes.InvalidInput);
        Assert.That(error.Message, Is.EqualTo($"User {ShopDeveloperUser.Uid} does not exist."));
    }

    [Test]
    public async Task Anonymous_is_401() => AssertError(await Fails(Node("user_read"), null), 401, ErrorCodes.Authentication);
}
