using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;

namespace ApiStudio.Tests.Processors.Admin;

public class ApplicationReadTests : AdminWorld
{
    private static List<string?> Names(DataContainer value) => ListOf(value).Select(a => (string?)((Map)a!)["name"]).ToList();

    [Test]
    public async Task The_lists_hold_only_what_the_caller_holds_a_role_in()
    {
        Assert.That(Names(await Run(Node("application_read"), AcmeManager)), Is.EquivalentTo(new[] { "shop", "blog" }));
        Assert.That(Names(await Run(Node("application_read"), ShopConsumer)), Is.EqualTo(new[] { "shop" }));
        Assert.That(Names(await Run(Node("application_read"), GlobexDeveloper)), Is.EqualTo(new[] { "portal" }));
        Assert.That(Names(await Run(Node("application_read"), Admin)), Is.SupersetOf(new[] { "core", "shop", "blog", "portal" }));
    }

    [Test]
    public async Task The_list_filters_by_account() =>
        Assert.That(Names(await Run(Node("application_read", ("accid", Globex)), Admin)), Is.EqualTo(new[] { "portal" }));

    [Test]
    public async Task One_application_with_its_settings()
    {
        var app = MapOf(await Run(Node("application_read", ("appid", Shop)), ShopConsumer));
        Assert.That((app["appid"], app["accid"], app["name"]), Is.EqualTo((Shop, Acme, "shop")));
        Assert.That(((Map)app["settings"]!)["wrap"], Is.EqualTo(true));
    }

    [Test]
    public async Task A_foreign_or_unknown_application_is_404()
    {
        AssertError(await Fails(Node("application_read", ("appid", Shop)), GlobexDeveloper), 404, ErrorCodes.InvalidInput);
        AssertError(await Fails(Node("application_read", ("appid", Blog)), ShopDeveloper), 404, ErrorCodes.InvalidInput);
        AssertError(await Fails(Node("application_read", ("appid", 987654L)), Admin), 404, ErrorCodes.InvalidInput);
    }

    [Test]
    public async Task Anonymous_is_401() => AssertError(await Fails(Node("application_read"), null), 401, ErrorCodes.Authentication);
}
