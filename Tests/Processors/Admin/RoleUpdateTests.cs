using ApiStudio.Engine.Processing;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Admin;

public class RoleUpdateTests : AdminWorld
{
    [Test]
    public async Task An_administrator_renames_a_custom_role()
    {
        var rid = (long)MapOf(await Run(Node("role_create", ("name", "Tester")), Admin))["rid"]!;
        Assert.That(MapOf(await Run(Node("role_update", ("rid", rid), ("name", "Quality")), Admin))["name"], Is.EqualTo("Quality"));
    }

    [Test]
    public async Task A_built_in_role_is_fixed()
    {
        var error = await Fails(Node("role_update", ("rid", 4L), ("name", "Coder")), Admin);
        AssertError(error, 409, ErrorCodes.InvalidInput);
        Assert.That(error.Message, Is.EqualTo("'Developer' is a built-in role: it cannot be renamed or deleted."));
    }

    [Test]
    public async Task Others_get_403() =>
        AssertError(await Fails(Node("role_update", ("rid", 4L), ("name", "Coder")), ShopManager), 403, ErrorCodes.Authentication);

    [Test]
    public void Rid_and_name_are_required_at_publish() =>
        Assert.That(PublishFails(Node("role_update")).Errors.Select(e => e.Input), Is.SupersetOf(new[] { "rid", "name" }));
}
