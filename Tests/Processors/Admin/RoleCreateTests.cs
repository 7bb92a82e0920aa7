using ApiStudio.Engine.Processing;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Admin;

public class RoleCreateTests : AdminWorld
{
    [Test]
    public async Task An_administrator_creates_a_custom_role()
    {
        var role = MapOf(await Run(Node("role_create", ("name", "Auditor")), Admin));
        Assert.That(role.Keys, Is.EqualTo(new[] { "rid", "name" }));
        Assert.That(role["name"], Is.EqualTo("Auditor"));
    }

    [Test]
    public async Task Only_an_administrator_creates_roles()
    {
        AssertError(await Fails(Node("role_create", ("name", "Boss")), AcmeManager), 403, ErrorCodes.Authentication);
        AssertError(await Fails(Node("role_create", ("name", "Boss")), null), 401, ErrorCodes.Authentication);
    }

    [Test]
    public async Task A_bad_or_taken_name_is_refused()
    {
        AssertError(await Fails(Node("role_create", ("name", "9lives")), Admin), 400, ErrorCodes.InvalidInput);
        AssertError(await Fails(Node("role_create", ("name", "Developer")), Admin), 409, ErrorCodes.InvalidInput);
    }

    [Test]
    public void Name_is_required_at_publish() =>
        Assert.That(PublishFails(Node("role_create")).Errors.Select(e => e.Input), Does.Contain("name"));
}
