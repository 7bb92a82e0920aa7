using ApiStudio.Engine.Security;

namespace ApiStudio.Tests.Engine.Security;

public class CallerTests
{
    private const long Account = 1, App = 10, OtherApp = 11, OtherAccount = 2, ForeignApp = 20;

    private static Caller With(params RoleGrant[] grants) => new(7, "ada", grants);

    [Test]
    public void An_application_grant_counts_in_that_application_only()
    {
        var caller = With(new RoleGrant(Roles.Developer, Account, App));
        Assert.That(caller.HasRole(Roles.Developer, Account, App), Is.True);
        Assert.That(caller.HasRole(Roles.Developer, Account, OtherApp), Is.False);
        Assert.That(caller.HasRole(Roles.Consumer, Account, App), Is.False, "roles are not implied by other roles");
    }

    [Test]
    public void An_account_grant_counts_in_every_application_of_the_account()
    {
        var caller = With(new RoleGrant(Roles.AccountManager, Account, null));
        Assert.That(caller.HasRole(Roles.AccountManager, Account, OtherApp), Is.True);
        Assert.That(caller.HasRole(Roles.AccountManager, OtherAccount, ForeignApp), Is.False);
    }

    [Test]
    public void A_global_administrator_holds_every_role_everywhere_but_a_scoped_one_does_not()
    {
        Assert.That(With(new RoleGrant(Roles.Administrator, null, null)).HasAnyRole([Roles.Consumer], OtherAccount, ForeignApp), Is.True);
        Assert.That(With(new RoleGrant(Roles.Administrator, Account, null)).HasAnyRole([Roles.Consumer], Account, App), Is.False);
    }

    [TestCase(true, true, false)]
    [TestCase(true, false, true)]
    [TestCase(false, true, false)]
    [TestCase(false, false, true)]
    public void The_validate_switches_decide_whether_a_grant_in_a_sibling_application_counts(bool account, bool application, bool expected) =>
        Assert.That(With(new RoleGrant(Roles.Developer, Account, OtherApp)).HasAnyRole([Roles.Developer], Account, App, account, application),
            Is.EqualTo(expected));

    [TestCase(true, false, false)]
    [TestCase(false, false, true)]
    public void The_validate_switches_decide_whether_a_grant_in_another_account_counts(bool account, bool application, bool expected) =>
        Assert.That(With(new RoleGrant(Roles.Developer, OtherAccount, ForeignApp)).HasAnyRole([Roles.Developer], Account, App, account, application),
            Is.EqualTo(expected));

    [Test]
    public void Developer_or_above_lists_the_four_upper_roles() =>
        Assert.That(Roles.DeveloperOrAbove, Is.EquivalentTo(new[] { "Administrator", "Account manager", "Application manager", "Developer" }));
}
