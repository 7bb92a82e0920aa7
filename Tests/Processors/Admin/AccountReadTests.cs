using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Admin;

public class AccountReadTests : AdminWorld
{
    private static List<string?> Names(DataContainer value) => ListOf(value).Select(a => (string?)((Map)a!)["name"]).ToList();

    [Test]
    public async Task An_administrator_lists_every_account() =>
        Assert.That(Names(await Run(Node("account_read"), Admin)), Is.SupersetOf(new[] { "acme", "apistudio", "globex" }));

    [Test]
    public async Task Others_list_only_the_accounts_they_hold_a_role_in()
    {
        Assert.That(Names(await Run(Node("account_read"), ShopConsumer)), Is.EqualTo(new[] { "acme" }));
        Assert.That(Names(await Run(Node("account_read"), GlobexDeveloper)), Is.EqualTo(new[] { "globex" }));
    }

    [Test]
    public async Task One_account_is_its_accid_and_name() =>
        Assert.That(MapOf(await Run(Node("account_read", ("accid", Acme)), ShopDeveloper)),
            Is.EqualTo(new Map { ["accid"] = Acme, ["name"] = "acme" }));

    [Test]
    public async Task An_account_of_another_user_is_404_like_one_that_does_not_exist()
    {
        var foreign = await Fails(Node("account_read", ("accid", Acme)), GlobexDeveloper);
        var missing = await Fails(Node("account_read", ("accid", 999_999L)), GlobexDeveloper);
        AssertError(foreign, 404, ErrorCodes.InvalidInput);
        Assert.That(foreign.Message, Is.EqualTo($"Account {Acme} does not exist."));
        Assert.That(missing.Message, Is.EqualTo("Account 999999 does not exist."));
    }

    [Test]
    public async Task Anonymous_is_401() => AssertError(await Fails(Node("account_read"), null), 401, ErrorCodes.Authentication);

    [Test]
    public void An_accid_that_is_not_an_integer_is_refused_at_publish() =>
        Assert.That(PublishFails(Node("account_read", ("accid", "acme"))).Errors.Select(e => e.Input), Does.Contain("accid"));
}
