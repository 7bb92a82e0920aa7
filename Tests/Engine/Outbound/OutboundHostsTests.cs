using ApiStudio.Engine.Outbound;

namespace ApiStudio.Tests.Engine.Outbound;

/// <summary>The outbound allow-list: exact hosts, <c>*.domain</c> wildcards, nothing when empty.</summary>
public class OutboundHostsTests
{
    private static readonly string[] Allowed = ["api.example.com", "*.trusted.org", "127.0.0.1", "[::1]"];

    [TestCase("api.example.com", true)]
    [TestCase("API.Example.COM", true)]
    [TestCase("api.example.com.", true)]
    [TestCase("other.example.com", false)]
    [TestCase("example.com", false)]
    [TestCase("a.trusted.org", true)]
    [TestCase("a.b.trusted.org", true)]
    [TestCase("trusted.org", false)]
    [TestCase("untrusted.org", false)]
    [TestCase("eviltrusted.org", false)]
    [TestCase("trusted.org.evil.com", false)]
    [TestCase("127.0.0.1", true)]
    [TestCase("127.0.0.2", false)]
    [TestCase("::1", true)]
    [TestCase("[::1]", true)]
    [TestCase("", false)]
    public void A_host_is_allowed_only_when_listed(string host, bool allowed) =>
        Assert.That(OutboundHosts.IsAllowed(Allowed, host), Is.EqualTo(allowed));

    [Test]
    public void An_empty_list_allows_nothing() =>
        Assert.That(OutboundHosts.IsAllowed([], "api.example.com"), Is.False);

    [Test]
    public void A_bare_star_is_not_a_wildcard_for_everything() =>
        Assert.That(OutboundHosts.IsAllowed(["*"], "api.example.com"), Is.False);
}
