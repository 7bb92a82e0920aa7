using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;

namespace ApiStudio.Tests.Processors.Admin;

public class RoleReadTests : AdminWorld
{
    [Test]
    public async Task Every_signed_in_caller_lists_the_roles() =>
        Assert.That(ListOf(await Run(Node("role_read"), ShopConsumer)).Select(r => ((Map)r!)["name"]),
            Is.SupersetOf(new[] { "Administrator", "Account manager", "Application manager", "Developer", "Consumer" }));

    [Test]
    public async Task One_role_by_id() =>
        Assert.That(MapOf(await Run(Node("role_read", ("rid", 4L)), ShopDeveloper)), Is.EqualTo(new Map { ["rid"] = 4L, ["name"] = "Developer" }));

    [Test]
    public async Task An_unknown_role_is_404_and_anonymous_401()
    {
        AssertError(await Fails(Node("role_read", ("rid", 999L)), Admin), 404, ErrorCodes.InvalidInput);
        AssertError(await Fails(Node("role_read"), null), 401, ErrorCodes.Authentication);
    }
}
