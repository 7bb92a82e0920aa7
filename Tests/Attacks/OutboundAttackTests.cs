using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.HostedRuns;

namespace ApiStudio.Tests.Attacks;

/// <summary>
/// Reaching other services of an allowed host through <c>url</c>: a listed host opens its default port only, a listed
/// <c>host:port</c> that port only, and a redirect to another port is refused before any connection — checked against
/// real loopback servers.
/// </summary>
public class OutboundAttackTests
{
    private UpstreamServer _allowed = null!;
    private UpstreamServer _internal = null!;
    private TestHost _portListed = null!;
    private TestHost _hostListed = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _allowed = await UpstreamServer.StartAsync();
        _internal = await UpstreamServer.StartAsync();
        _portListed = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["ApiStudio:Outbound:AllowedHosts:0"] = $"127.0.0.1:{_allowed.Port}",
        });
        _hostListed = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["ApiStudio:Outbound:AllowedHosts:0"] = "127.0.0.1",
            ["ApiStudio:Outbound:AllowedHosts:1"] = "localhost",
        });
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _hostListed.DisposeAsync();
        await _portListed.DisposeAsync();
        await _internal.DisposeAsync();
        await _allowed.DisposeAsync();
    }

    private static string Call(string url) => $"""
        processor: url
        id: call
        url: "{url}"
        """;

    [Test]
    public async Task A_listed_host_without_a_port_does_not_open_its_other_ports()
    {
        var before = _allowed.Hits("/text");
        var ex = await RunFails(_hostListed, Call(_allowed.Url("text")));
        Assert.That((ex.Code, ex.HttpStatus), Is.EqualTo((4, 403)));
        Assert.That(ex.Message, Is.EqualTo($"Outbound calls to '127.0.0.1:{_allowed.Port}' are not allowed: add it to ApiStudio:Outbound:AllowedHosts."));
        Assert.That(_allowed.Hits("/text"), Is.EqualTo(before), "refused before connecting");
    }

    [Test]
    public async Task A_listed_host_and_port_is_called_and_another_port_of_the_same_host_is_not()
    {
        Assert.That((await Run(_portListed, Call(_allowed.Url("text")))).Data, Is.EqualTo("plain words"));
        var before = _internal.Hits("/text");
        var ex = await RunFails(_portListed, Call(_internal.Url("text")));
        Assert.That(ex.HttpStatus, Is.EqualTo(403));
        Assert.That(_internal.Hits("/text"), Is.EqualTo(before));
    }

    [Test]
    public async Task The_same_port_on_another_name_for_the_host_is_not_allowed()
    {
        var ex = await RunFails(_portListed, Call($"http://localhost:{_allowed.Port}/text"));
        Assert.That(ex.HttpStatus, Is.EqualTo(403));
    }

    [TestCase(302)]
    [TestCase(307)]
    [TestCase(308)]
    public async Task A_redirect_to_another_port_of_an_allowed_host_is_refused_before_connecting(int status)
    {
        var before = _internal.Hits("/json");
        var target = Uri.EscapeDataString(_internal.Url("json"));
        var ex = await RunFails(_portListed, Call(_allowed.Url($"redirect?code={status}&to={target}")));
        Assert.That((ex.Code, ex.HttpStatus), Is.EqualTo((4, 403)));
        Assert.That(ex.Message, Is.EqualTo(
            $"Outbound calls to '127.0.0.1:{_internal.Port}' are not allowed (reached by a redirect): add it to ApiStudio:Outbound:AllowedHosts."));
        Assert.That(_internal.Hits("/json"), Is.EqualTo(before));
    }
}
