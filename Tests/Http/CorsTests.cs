using System.Net;
using ApiStudio.Engine.Http;
using ApiStudio.Tests.Support;

namespace ApiStudio.Tests.Http;

/// <summary>CORS per application — preflight answers and the headers of actual responses.</summary>
public class CorsTests
{
    private const string Allowed = "https://app.example.com";
    private TestHost _host = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _host = await TestHost.StartAsync();
        await _host.CreateApplicationAsync("cors", "strict", new ApplicationSettings { CorsOrigins = [Allowed, "https://*.example.org"] });
        await _host.CreateApplicationAsync("cors", "open", new ApplicationSettings { CorsOrigins = ["*"] });
        await _host.CreateApplicationAsync("cors", "full", new ApplicationSettings
        {
            CorsOrigins = ["*"],
            CorsAllowCredentials = true,
            CorsMaxAge = 600,
            CorsAllowedHeaders = ["Authorization", "Content-Type"],
            CorsAllowedMethods = ["GET", "POST", "PUT"],
            CorsExposedHeaders = ["X-Correlation-Id", "Retry-After"],
        });
        await _host.CreateApplicationAsync("cors", "none");
        foreach (var application in new[] { "strict", "open", "full", "none" })
        {
            await _host.PublishAsync("cors", application, "get", "items", "listed");
            await _host.PublishAsync("cors", application, "post", "items", "added");
        }
    }

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    private Task<Reply> Preflight(string application, string origin, string method = "POST", string? headers = "content-type, x-custom") =>
        _host.SendAsync(HttpMethod.Options, $"api/cors/{application}/items", null,
            [("Origin", origin), ("Access-Control-Request-Method", method), .. headers is null ? [] : new[] { ("Access-Control-Request-Headers", headers) }]);

    private Task<Reply> Get(string application, string origin) =>
        _host.SendAsync(HttpMethod.Get, $"api/cors/{application}/items", null, ("Origin", origin));

    private static string[] CorsHeaders(Reply reply) =>
        reply.Response.Headers.Concat(reply.Response.Content.Headers)
            .Where(h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase))
            .Select(h => h.Key)
            .ToArray();

    [Test]
    public async Task A_preflight_from_an_allowed_origin_is_204_with_the_cors_headers()
    {
        var reply = await Preflight("strict", Allowed);
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(reply.Header("Access-Control-Allow-Origin"), Is.EqualTo(Allowed));
        Assert.That(reply.Header("Access-Control-Allow-Methods"), Is.EqualTo("GET, POST"));
        Assert.That(reply.Header("Access-Control-Allow-Headers"), Is.EqualTo("content-type, x-custom"));
        Assert.That(reply.Header("Vary"), Does.Contain("Origin").And.Contain("Access-Control-Request-Headers"));
        Assert.That(reply.Header("Access-Control-Allow-Credentials"), Is.Null);
        Assert.That(reply.Header("Access-Control-Max-Age"), Is.Null);
        Assert.That(reply.Bytes, Is.Empty);
    }

    [Test]
    public async Task A_preflight_from_another_origin_is_204_without_any_cors_header()
    {
        var reply = await Preflight("strict", "https://evil.example.net");
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(CorsHeaders(reply), Is.Empty);
    }

    [Test]
    public async Task A_preflight_to_an_application_without_cors_has_no_cors_header()
    {
        var reply = await Preflight("none", Allowed);
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(CorsHeaders(reply), Is.Empty);
    }

    [TestCase("https://shop.example.org", true)]
    [TestCase("https://a.b.example.org", true)]
    [TestCase("https://example.org", false)]
    [TestCase("http://shop.example.org", false)]
    [TestCase("https://example.org.evil.com", false)]
    [TestCase("https://APP.example.com", true)]
    public async Task Subdomain_patterns_and_exact_origins_match_as_written(string origin, bool allowed)
    {
        var reply = await Get("strict", origin);
        Assert.That(reply.Header("Access-Control-Allow-Origin"), allowed ? Is.EqualTo(origin) : Is.Null);
    }

    [Test]
    public async Task A_preflight_names_configured_methods_headers_max_age_and_credentials()
    {
        var reply = await Preflight("full", Allowed, "PUT");
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(reply.Header("Access-Control-Allow-Origin"), Is.EqualTo(Allowed), "credentials: the origin, never *");
        Assert.That(reply.Header("Access-Control-Allow-Methods"), Is.EqualTo("GET, POST, PUT"));
        Assert.That(reply.Header("Access-Control-Allow-Headers"), Is.EqualTo("Authorization, Content-Type"));
        Assert.That(reply.Header("Access-Control-Max-Age"), Is.EqualTo("600"));
        Assert.That(reply.Header("Access-Control-Allow-Credentials"), Is.EqualTo("true"));
        Assert.That(reply.Header("Vary"), Does.Contain("Origin"));
    }

    [Test]
    public async Task Requested_headers_are_echoed_only_as_header_names()
    {
        var reply = await Preflight("strict", Allowed, headers: "x-ok, bad header\u0001, x-also-ok");
        Assert.That(reply.Header("Access-Control-Allow-Headers"), Is.EqualTo("x-ok, x-also-ok"));
    }

    [Test]
    public async Task An_actual_response_to_an_allowed_origin_carries_allow_origin_and_vary()
    {
        var reply = await Get("strict", Allowed);
        Assert.That(reply.Body, Is.EqualTo("""{"result":"ok","data":"listed"}"""));
        Assert.That(reply.Header("Access-Control-Allow-Origin"), Is.EqualTo(Allowed));
        Assert.That(reply.Header("Vary"), Is.EqualTo("Origin"));
        Assert.That(reply.Header("Access-Control-Allow-Methods"), Is.Null, "method and header lists belong to preflights");
    }

    [Test]
    public async Task An_actual_response_to_another_origin_has_no_cors_header_but_varies_by_origin()
    {
        var reply = await Get("strict", "https://evil.example.net");
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(CorsHeaders(reply), Is.Empty);
        Assert.That(reply.Header("Vary"), Is.EqualTo("Origin"));
    }

    [Test]
    public async Task Any_origin_gets_the_star()
    {
        var reply = await Get("open", "https://anyone.test");
        Assert.That(reply.Header("Access-Control-Allow-Origin"), Is.EqualTo("*"));
        Assert.That(reply.Header("Vary"), Is.Null);
    }

    [Test]
    public async Task Credentials_echo_the_origin_and_expose_the_configured_headers()
    {
        var reply = await Get("full", "https://anyone.test");
        Assert.That(reply.Header("Access-Control-Allow-Origin"), Is.EqualTo("https://anyone.test"));
        Assert.That(reply.Header("Access-Control-Allow-Credentials"), Is.EqualTo("true"));
        Assert.That(reply.Header("Access-Control-Expose-Headers"), Is.EqualTo("X-Correlation-Id, Retry-After"));
        Assert.That(reply.Header("Vary"), Is.EqualTo("Origin"));
    }

    [Test]
    public async Task Error_responses_carry_the_cors_headers_too()
    {
        var reply = await _host.SendAsync(HttpMethod.Get, "api/cors/strict/missing", null, ("Origin", Allowed));
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(reply.Header("Access-Control-Allow-Origin"), Is.EqualTo(Allowed));
    }

    [Test]
    public async Task An_application_without_cors_sends_no_cors_header()
    {
        var reply = await Get("none", Allowed);
        Assert.That(CorsHeaders(reply), Is.Empty);
        Assert.That(reply.Header("Vary"), Is.Null);
    }

    [Test]
    public void Cors_settings_survive_their_json_form()
    {
        var settings = new ApplicationSettings
        {
            Wrap = false,
            CorsOrigins = ["https://a.test"],
            CorsAllowedHeaders = ["Authorization"],
            CorsAllowedMethods = ["GET"],
            CorsExposedHeaders = ["X-Correlation-Id"],
            CorsMaxAge = 60,
            CorsAllowCredentials = true,
        };
        var parsed = ApplicationSettings.Parse(settings.ToJson());
        Assert.That(parsed.ToJson(), Is.EqualTo(settings.ToJson()));
        Assert.That((parsed.Wrap, parsed.CorsMaxAge, parsed.CorsAllowCredentials, parsed.CorsOrigins.Single()),
            Is.EqualTo((false, (long?)60, true, "https://a.test")));
    }
}
