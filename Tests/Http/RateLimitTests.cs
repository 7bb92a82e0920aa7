using System.Net;
using ApiStudio.Engine.Http;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.SecurityKit;

namespace ApiStudio.Tests.Http;

/// <summary>Rate limits per application and per caller: 429 with Retry-After and X-RateLimit-* headers.</summary>
public class RateLimitTests
{
    private const int HostDefault = 50;

    private TestHost _host = null!;

    [OneTimeSetUp]
    public async Task Start() => _host = await TestHost.StartAsync(new Dictionary<string, string?>
    {
        ["ApiStudio:RateLimit:Limit"] = HostDefault.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    /// <summary>A new application of the examples account with <paramref name="settings"/> and a resource <c>ping</c>.</summary>
    private async Task<string> ApplicationWith(string name, ApplicationSettings settings)
    {
        var accid = Application(_host, "examples", "demo").Accid;
        await _host.Database.Database.InTransactionAsync(db => ApplicationMapper.CreateAsync(db, accid, name, settings.ToJson()));
        await _host.Registry.ReloadApplicationsAsync();
        await PublishAsync(_host, $"""
            name: Ping
            description: Answers pong.
            account: examples
            application: {name}
            uri: ping
            method: get
            ttl: 0
            process: pong
            """);
        return $"api/examples/{name}/ping";
    }

    private static (string? Limit, string? Remaining) Headers(Reply reply) =>
        (reply.Header(RequestRateLimiter.LimitHeader), reply.Header(RequestRateLimiter.RemainingHeader));

    [Test]
    public async Task The_host_default_applies_to_an_application_without_its_own_setting()
    {
        var reply = await GetAsync(_host, "api/examples/demo/greeting");
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(reply.Header(RequestRateLimiter.LimitHeader), Is.EqualTo("50"));
        Assert.That(int.Parse(reply.Header(RequestRateLimiter.RemainingHeader)!, System.Globalization.CultureInfo.InvariantCulture),
            Is.InRange(0, HostDefault - 1));
    }

    [Test]
    public async Task An_application_limit_counts_down_then_answers_429_with_retry_after()
    {
        var path = await ApplicationWith("limited", ApplicationSettings.Default with
        {
            RateLimit = new ApplicationRateLimit { Limit = 3, WindowSeconds = 60 },
        });
        var remaining = new List<string?>();
        for (var i = 0; i < 3; i++)
        {
            var ok = await GetAsync(_host, path);
            Assert.That(ok.Status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(Headers(ok).Limit, Is.EqualTo("3"));
            remaining.Add(Headers(ok).Remaining);
        }
        Assert.That(remaining, Is.EqualTo(new[] { "2", "1", "0" }));

        var refused = await GetAsync(_host, path);
        Assert.That(refused.Status, Is.EqualTo((HttpStatusCode)429));
        Assert.That(Headers(refused), Is.EqualTo(("3", "0")));
        var retryAfter = int.Parse(refused.Header("Retry-After")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(retryAfter, Is.InRange(1, 60));
        var error = (Map)refused.Data!;
        Assert.That(error["code"], Is.EqualTo(3L));
        Assert.That((string)error["message"]!, Does.StartWith("Too many requests: the limit of 3 requests per 60 s for this application is reached."));
        Assert.That((await GetAsync(_host, "api/examples/demo/greeting")).Status, Is.EqualTo(HttpStatusCode.OK), "other applications are not affected");
    }

    [Test]
    public async Task A_limit_of_zero_switches_the_host_default_off()
    {
        var path = await ApplicationWith("unlimited", ApplicationSettings.Default with { RateLimit = new ApplicationRateLimit { Limit = 0 } });
        var reply = await GetAsync(_host, path);
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Headers(reply), Is.EqualTo(((string?)null, (string?)null)));
    }

    [Test]
    public async Task A_per_user_limit_counts_each_signed_in_user_and_anonymous_callers_apart()
    {
        // The resource is public: the limiter tells callers apart by their signed token alone, before any security runs.
        var path = await ApplicationWith("per-user", ApplicationSettings.Default with
        {
            RateLimit = new ApplicationRateLimit { Limit = 100, PerUserLimit = 2, WindowSeconds = 60 },
        });
        await CreateUserAsync(_host, "limited-a");
        await CreateUserAsync(_host, "limited-b");
        var a = (string)(await LoginAsync(_host, "limited-a"))["token"]!;
        var b = (string)(await LoginAsync(_host, "limited-b"))["token"]!;

        var first = await GetAsync(_host, path, a);
        Assert.That(Headers(first), Is.EqualTo(("2", "1")), "the tighter (per-user) window is reported");
        Assert.That((await GetAsync(_host, path, a)).Status, Is.EqualTo(HttpStatusCode.OK));
        var refused = await GetAsync(_host, path, a);
        Assert.That(refused.Status, Is.EqualTo((HttpStatusCode)429));
        Assert.That((string)((Map)refused.Data!)["message"]!, Does.Contain("for this caller"));
        Assert.That(refused.Header("Retry-After"), Is.Not.Null);

        Assert.That((await GetAsync(_host, path, b)).Status, Is.EqualTo(HttpStatusCode.OK), "another user has its own window");
        Assert.That((await GetAsync(_host, path)).Status, Is.EqualTo(HttpStatusCode.OK), "anonymous callers are counted by address");
    }

    [Test]
    public async Task A_sliding_window_refuses_past_its_limit()
    {
        var path = await ApplicationWith("sliding", ApplicationSettings.Default with
        {
            RateLimit = new ApplicationRateLimit { Limit = 2, WindowSeconds = 30, Kind = "sliding" },
        });
        Assert.That((await GetAsync(_host, path)).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await GetAsync(_host, path)).Status, Is.EqualTo(HttpStatusCode.OK));
        var refused = await GetAsync(_host, path);
        Assert.That(refused.Status, Is.EqualTo((HttpStatusCode)429));
        Assert.That(int.Parse(refused.Header("Retry-After")!, System.Globalization.CultureInfo.InvariantCulture), Is.InRange(1, 30));
    }

    [Test]
    public async Task A_window_opens_again_after_it_passes()
    {
        var path = await ApplicationWith("short-window", ApplicationSettings.Default with
        {
            RateLimit = new ApplicationRateLimit { Limit = 1, WindowSeconds = 1 },
        });
        Assert.That((await GetAsync(_host, path)).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await GetAsync(_host, path)).Status, Is.EqualTo((HttpStatusCode)429));
        await Task.Delay(TimeSpan.FromMilliseconds(2200));
        Assert.That((await GetAsync(_host, path)).Status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public void The_rate_limit_setting_round_trips_through_json_and_ignores_nonsense()
    {
        var limits = new ApplicationRateLimit { Limit = 10, PerUserLimit = 2, WindowSeconds = 5, Kind = "sliding" };
        Assert.That(ApplicationSettings.Parse((ApplicationSettings.Default with { RateLimit = limits }).ToJson()).RateLimit, Is.EqualTo(limits));
        var parsed = ApplicationSettings.Parse("""{"rate_limit": {"limit": -1, "window_seconds": 0, "kind": "leaky", "per_user_limit": "x"}}""");
        Assert.That(parsed.RateLimit, Is.EqualTo(ApplicationRateLimit.None));
    }
}
