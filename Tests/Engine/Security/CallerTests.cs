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

    [TestCase(Roles.Administrator, false, false, false, true)]
    [TestCase(Roles.AccountManager, false, false, true, true)]
    [TestCase(Roles.ApplicationManager, false, true, true, true)]
    [TestCase(Roles.Developer, false, true, true, true)]
    [TestCase(Roles.Consumer, false, true, true, true)]
    [TestCase("Auditor", false, true, true, true)]
    public void Nobody_hands_out_a_role_above_their_own(string role, bool developer, bool applicationManager, bool accountManager,
        bool administrator)
    {
        var holders = new[]
        {
            With(new RoleGrant(Roles.Developer, Account, App)),
            With(new RoleGrant(Roles.ApplicationManager, Account, App)),
            With(new RoleGrant(Roles.AccountManager, Account, null)),
            With(new RoleGrant(Roles.Administrator, null, null)),
        };
        Assert.That(holders.Select(h => h.MayHandOut(role, Account, App)),
            Is.EqualTo(new[] { developer, applicationManager, accountManager, administrator }));
    }

    [Test]
    public void Grants_scoped_to_one_application_or_another_account_hand_out_nothing_elsewhere()
    {
        var applicationManager = With(new RoleGrant(Roles.ApplicationManager, Account, App));
        Assert.That(applicationManager.MayHandOut(Roles.Consumer, Account, OtherApp), Is.False);
        var scopedAccountManager = With(new RoleGrant(Roles.AccountManager, Account, App));
        Assert.That(scopedAccountManager.MayHandOut(Roles.AccountManager, Account, App), Is.False,
            "an Account manager grant limited to one application does not manage the account");
        var scopedAdministrator = With(new RoleGrant(Roles.Administrator, Account, null));
        Assert.That(scopedAdministrator.MayHandOut(Roles.Administrator, Account, App), Is.False);
        var otherAccountManager = With(new RoleGrant(Roles.AccountManager, OtherAccount, null));
        Assert.That(otherAccountManager.MayHandOut(Roles.Consumer, Account, App), Is.False);
    }
}
