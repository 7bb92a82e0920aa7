using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;

namespace ApiStudio.Tests.Processors.Admin;

public class ScriptReadTests : AdminWorld
{
    private long _sid;

    [OneTimeSetUp]
    public async Task CreateScript() =>
        _sid = (long)MapOf(await Run(Node("script_create", ("appid", Shop), ("name", "shop.read.get.pre_process"), ("content", "return 1;")),
            ShopDeveloper))["sid"]!;

    [Test]
    public async Task One_script_or_the_scripts_of_an_application()
    {
        Assert.That(MapOf(await Run(Node("script_read", ("sid", _sid)), ShopDeveloper))["name"], Is.EqualTo("shop.read.get.pre_process"));
        Assert.That(ListOf(await Run(Node("script_read", ("appid", Shop)), ShopManager)).Cast<Map>().Select(s => s["sid"]),
            Does.Contain(_sid));
        Assert.That(ListOf(await Run(Node("script_read"), GlobexDeveloper)).Cast<Map>().Select(s => s["sid"]),
            Does.Not.Contain(_sid));
    }

    [Test]
    public async Task Outside_the_application_404_and_a_consumer_403()
    {
        AssertError(await Fails(Node("script_read", ("sid", _sid)), GlobexDeveloper), 404, ErrorCodes.InvalidInput);
        AssertError(await Fails(Node("script_read", ("appid", Shop)), ShopConsumer), 403, ErrorCodes.Authentication);
    }
}
