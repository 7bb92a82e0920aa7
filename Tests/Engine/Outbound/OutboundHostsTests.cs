using ApiStudio.Engine.Outbound;

namespace ApiStudio.Tests.Engine.Outbound;

/// <summary>
/// The outbound allow-list: exact hosts, <c>*.domain</c> wildcards, each with an optional port (none = the default
/// ports only), nothing when empty.
/// </summary>
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
        Assert.That(OutboundHosts.IsAllowed(Allowed, host, 443, "https"), Is.EqualTo(allowed));

    [TestCase("http://api.example.com/", true)]
    [TestCase("http://api.example.com:80/", true)]
    [TestCase("https://api.example.com/", true)]
    [TestCase("https://api.example.com:443/", true)]
    [TestCase("http://api.example.com:443/", false)]
    [TestCase("https://api.example.com:80/", false)]
    [TestCase("http://api.example.com:8080/", false)]
    [TestCase("https://api.example.com:8443/", false)]
    [TestCase("http://127.0.0.1:5432/", false)]
    [TestCase("http://127.0.0.1:6379/", false)]
    [TestCase("http://[::1]:8080/", false)]
    [TestCase("http://x.trusted.org:22/", false)]
    public void A_bare_host_allows_only_the_default_port_of_the_scheme(string address, bool allowed) =>
        Assert.That(OutboundHosts.IsAllowed(Allowed, new Uri(address)), Is.EqualTo(allowed));

    [TestCase("api.example.com:8443", "https://api.example.com:8443/", true)]
    [TestCase("api.example.com:8443", "http://api.example.com:8443/", true)]
    [TestCase("api.example.com:8443", "https://api.example.com/", false)]
    [TestCase("api.example.com:8443", "https://api.example.com:8444/", false)]
    [TestCase("api.example.com:8443", "https://other.example.com:8443/", false)]
    [TestCase("*.example.com:8443", "https://a.example.com:8443/", true)]
    [TestCase("*.example.com:8443", "https://a.b.example.com:8443/", true)]
    [TestCase("*.example.com:8443", "https://a.example.com/", false)]
    [TestCase("*.example.com:8443", "https://example.com:8443/", false)]
    [TestCase("[::1]:8080", "http://[::1]:8080/", true)]
    [TestCase("[::1]:8080", "http://[::1]/", false)]
    [TestCase("[::1]:8080", "http://[::1]:8081/", false)]
    [TestCase("[0:0:0:0:0:0:0:1]:8080", "http://[::1]:8080/", true)]
    [TestCase("::1", "http://[::1]/", true)]
    [TestCase("::1", "http://[::1]:8080/", false)]
    [TestCase("127.0.0.1:8080", "http://127.0.0.1:8080/", true)]
    [TestCase("127.0.0.1:8080", "http://127.0.0.1:8081/", false)]
    [TestCase("127.0.0.1:80", "http://127.0.0.1/", true)]
    [TestCase("API.Example.com.:8443", "https://api.example.com:8443/", true)]
    public void An_entry_with_a_port_allows_that_port_only(string entry, string address, bool allowed) =>
        Assert.That(OutboundHosts.IsAllowed([entry], new Uri(address)), Is.EqualTo(allowed));

    [TestCase("api.example.com:")]
    [TestCase("api.example.com:0")]
    [TestCase("api.example.com:65536")]
    [TestCase("api.example.com:+443")]
    [TestCase("api.example.com:443x")]
    [TestCase("api.example.com:*")]
    [TestCase("[::1]8080")]
    [TestCase("[::1")]
    [TestCase(":443")]
    public void A_malformed_entry_allows_nothing(string entry)
    {
        Assert.That(OutboundHosts.IsAllowed([entry], new Uri("https://api.example.com/")), Is.False);
        Assert.That(OutboundHosts.IsAllowed([entry], new Uri("http://[::1]:8080/")), Is.False);
    }

    [Test]
    public void An_empty_list_allows_nothing() =>
        Assert.That(OutboundHosts.IsAllowed([], new Uri("https://api.example.com/")), Is.False);

    [Test]
    public void A_bare_star_is_not_a_wildcard_for_everything() =>
        Assert.That(OutboundHosts.IsAllowed(["*"], new Uri("https://api.example.com/")), Is.False);
}
