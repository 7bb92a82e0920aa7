using ApiStudio.Engine.Security;

namespace ApiStudio.Tests.Engine.Security;

/// <summary>The one var store access rule shared by the <c>var_store_*</c> processors and the admin API.</summary>
public class VarStoreAccessTests
{
    private const long Acme = 1, Shop = 10, Blog = 11, Globex = 2;

    private static Caller With(string role, long? accid, long? appid) => new(7, "someone", [new RoleGrant(role, accid, appid)]);

    [TestCase(Roles.Consumer, true, false, false)]
    [TestCase(Roles.Developer, true, true, false)]
    [TestCase(Roles.ApplicationManager, true, true, false)]
    [TestCase(Roles.AccountManager, true, true, false)]
    public void An_application_grant_reads_and_writes_by_role_but_never_changes_the_account(string role, bool reads, bool writes, bool writesAccount)
    {
        var caller = With(role, Acme, Shop);
        Assert.That(
            (VarStoreAccess.Allows(caller, false, Acme, Shop), VarStoreAccess.Allows(caller, true, Acme, Shop), VarStoreAccess.Allows(caller, true, Acme, null)),
            Is.EqualTo((reads, writes, writesAccount)));
    }

    [Test]
    public void An_application_grant_reads_its_accounts_variables_but_not_another_applications()
    {
        var consumer = With(Roles.Consumer, Acme, Shop);
        Assert.That(VarStoreAccess.Allows(consumer, false, Acme, null), Is.True);
        Assert.That(VarStoreAccess.Allows(consumer, false, Acme, Blog), Is.False);
        Assert.That(VarStoreAccess.Allows(consumer, false, Globex, null), Is.False);
    }

    [Test]
    public void The_account_manager_changes_the_account_and_every_application_of_it_only()
    {
        var manager = With(Roles.AccountManager, Acme, null);
        Assert.That((VarStoreAccess.Allows(manager, true, Acme, null), VarStoreAccess.Allows(manager, true, Acme, Blog)), Is.EqualTo((true, true)));
        Assert.That((VarStoreAccess.Allows(manager, false, Globex, null), VarStoreAccess.Allows(manager, true, Globex, 20)), Is.EqualTo((false, false)));
    }

    [Test]
    public void A_global_administrator_does_everything_and_a_custom_role_nothing()
    {
        var admin = With(Roles.Administrator, null, null);
        Assert.That(VarStoreAccess.Allows(admin, true, Globex, null) && VarStoreAccess.Allows(admin, true, Acme, Shop), Is.True);
        Assert.That(VarStoreAccess.Allows(With("Auditor", Acme, Shop), false, Acme, Shop), Is.False);
    }

    [Test]
    public void The_needed_roles_read_as_a_sentence() =>
        Assert.That(VarStoreAccess.Describe(write: true, account: true), Is.EqualTo("Administrator or Account manager"));
}
