using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Tests.Engine.Admin;

/// <summary>The FluentValidation rules of admin input: every problem of every field is reported at once.</summary>
public class AdminValidatorsTests
{
    private static IReadOnlyList<string> Problems(Action check)
    {
        var error = Assert.Throws<ApiException>(() => check())!;
        Assert.That((error.HttpStatus, error.Code), Is.EqualTo((400, ErrorCodes.InvalidInput)));
        Assert.That(error.Message, Is.EqualTo(string.Join(" ", error.Details!)));
        return error.Details!;
    }

    [TestCase("acme")]
    [TestCase("a")]
    [TestCase("Acme_2.0-beta")]
    public void Good_segment_names_pass(string name) =>
        Assert.DoesNotThrow(() => new AccountValidator().Check(new AccountInput(name)));

    [TestCase("with space")]
    [TestCase("slash/inside")]
    [TestCase(".hidden")]
    [TestCase("ünïcode")]
    public void Names_that_do_not_fit_in_a_url_segment_are_refused(string name) =>
        Assert.That(Problems(() => new AccountValidator().Check(new AccountInput(name))), Has.Count.EqualTo(1));

    [Test]
    public void A_weak_password_lists_every_weakness()
    {
        var problems = Problems(() => new UserCreateValidator().Check(new UserInput("ada", null, "adaada", null)));
        Assert.That(problems, Is.EqualTo(new[]
        {
            "'password' must be at least 10 characters long.",
            "'password' must contain an upper-case letter.",
            "'password' must contain a digit.",
            "'password' must not contain the user name.",
        }));
    }

    [Test]
    public void A_strong_password_passes_and_an_update_needs_nothing() =>
        Assert.DoesNotThrow(() =>
        {
            new UserCreateValidator().Check(new UserInput("ada", "ada@example.com", "Analytical-Engine-1843", true));
            new UserUpdateValidator().Check(new UserInput(null, null, null, null));
        });

    [Test]
    public void Every_field_of_an_application_is_checked_together()
    {
        var problems = Problems(() => new ApplicationCreateValidator().Check(new ApplicationInput(0, null, null, ["http://ok.example.com", "nope", "https://x.io:99999999"])));
        Assert.That(problems, Is.EqualTo(new[]
        {
            "'accid' must be a positive id.",
            "'name' is required.",
            "'cors_origins' item 'nope' is neither '*' nor an origin such as https://example.com or http://localhost:3000.",
            "'cors_origins' item 'https://x.io:99999999' is neither '*' nor an origin such as https://example.com or http://localhost:3000.",
        }));
    }

    [TestCase("Consumer", null, null, "'Consumer' is granted for an application")]
    [TestCase("Administrator", 1L, null, "'Administrator' is granted everywhere")]
    [TestCase("Account manager", null, 3L, "'Account manager' is granted for an account: give 'accid'.")]
    public void A_grant_needs_the_scope_of_its_role(string role, long? accid, long? appid, string problem) =>
        Assert.That(Problems(() => new UserRoleValidator().Check(new UserRoleInput(1, 1, role, accid, appid))), Has.Some.StartsWith(problem));

    [Test]
    public void A_custom_role_may_be_granted_for_a_whole_account() =>
        Assert.DoesNotThrow(() => new UserRoleValidator().Check(new UserRoleInput(1, 9, "Reviewer", 2, null)));

    [Test]
    public void Role_names_are_words() =>
        Assert.That(Problems(() => new RoleValidator().Check(new RoleInput("x"))), Has.Count.EqualTo(1));
}
