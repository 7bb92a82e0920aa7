using System.Net;
using System.Text;
using ApiStudio.Engine.Http;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;

namespace ApiStudio.Tests.Http;

/// <summary>413, 415 and the 500 that tells nothing but a correlation id; the host keeps serving.</summary>
public class StatusCodeTests
{
    private const int Limit = 4096;
    private const string DevelopersOnly = "security:\n  processor: validate_token_roles\n  id: developers\n  roles: [Developer]";
    private TestHost _host = null!;
    private string _developer = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _host = await HostCalls.StartWithTestPluginsAsync(new Dictionary<string, string?> { ["ApiStudio:MaxBodyBytes"] = $"{Limit}" });
        await _host.CreateApplicationAsync("status", "app");
        await _host.CreateApplicationAsync("status", "raw", new ApplicationSettings { Wrap = false });
        foreach (var application in new[] { "app", "raw" })
        {
            await _host.PublishAsync("status", application, "get", "broken", "processor: unexpected_failure\nid: buggy");
        }
        await _host.PublishAsync("status", "app", "post", "echo", "processor: var_body\nid: body\nnullable: true");
        var grants = new List<(string, long?, long?)>();
        foreach (var application in new[] { "app", "raw" })
        {
            await _host.PublishAsync("status", application, "get", "traced/broken", "processor: unexpected_failure\nid: buggy", extra: DevelopersOnly);
            await _host.PublishAsync("status", application, "get", "traced/invalid", "processor: var_get\nid: needed\nkey: needed",
                extra: DevelopersOnly);
            var (accid, appid) = SecurityKit.Application(_host, "status", application);
            grants.Add(("Developer", accid, appid));
        }
        await SecurityKit.CreateUserAsync(_host, "status-developer", [.. grants]);
        _developer = (string)(await SecurityKit.LoginAsync(_host, "status-developer"))["token"]!;
        await _host.PublishAsync("status", "app", "get", "ping", "pong");
    }

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    private async Task AssertStillServing()
    {
        var reply = await _host.GetAsync("api/status/app/ping");
        Assert.That((reply.Status, reply.Body), Is.EqualTo((HttpStatusCode.OK, """{"result":"ok","data":"pong"}""")));
    }

    private static string TooLarge => $$$"""{"result":"error","data":{"id":null,"code":6,"message":"The request body is larger than {{{Limit}}} bytes."}}""";

    [Test]
    public async Task A_declared_length_over_the_limit_is_413()
    {
        var reply = await _host.SendAsync(HttpMethod.Post, "api/status/app/echo", new StringContent(new string('x', Limit + 1)));
        Assert.That((reply.Status, reply.Body), Is.EqualTo((HttpStatusCode.RequestEntityTooLarge, TooLarge)));
        await AssertStillServing();
    }

    [Test]
    public async Task A_body_at_the_limit_is_read()
    {
        var reply = await _host.SendAsync(HttpMethod.Post, "api/status/app/echo", new StringContent(new string('x', Limit)));
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(reply.Body, Does.Contain(new string('x', Limit)));
    }

    [TestCase("text/plain")]
    [TestCase("application/json")]
    [TestCase("application/x-www-form-urlencoded")]
    public async Task A_chunked_body_over_the_limit_is_413(string mediaType)
    {
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("a=" + new string('x', Limit * 3))));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(mediaType);
        var request = new HttpRequestMessage(HttpMethod.Post, "api/status/app/echo") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        var reply = await _host.SendAsync(request);
        Assert.That((reply.Status, reply.Body), Is.EqualTo((HttpStatusCode.RequestEntityTooLarge, TooLarge)));
        await AssertStillServing();
    }

    [Test]
    public async Task A_chunked_multipart_body_over_the_limit_is_413()
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(new byte[Limit * 3]), "file", "big.bin" } };
        var request = new HttpRequestMessage(HttpMethod.Post, "api/status/app/echo") { Content = form };
        request.Headers.TransferEncodingChunked = true;
        var reply = await _host.SendAsync(request);
        Assert.That((reply.Status, reply.Body), Is.EqualTo((HttpStatusCode.RequestEntityTooLarge, TooLarge)));
        await AssertStillServing();
    }

    [TestCase("application/pdf")]
    [TestCase("image/png")]
    public async Task An_unsupported_media_type_is_415(string mediaType)
    {
        var content = new ByteArrayContent([1, 2, 3]);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(mediaType);
        var reply = await _host.SendAsync(HttpMethod.Post, "api/status/app/echo", content);
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
        Assert.That(reply.Body, Is.EqualTo($$$"""{"result":"error","data":{"id":null,"code":6,"message":"Unsupported media type '{{{mediaType}}}': send JSON, a form, XML or text."}}"""));
        await AssertStillServing();
    }

    [Test]
    public async Task An_unexpected_exception_is_500_with_a_correlation_id_and_nothing_of_the_failure()
    {
        var reply = await _host.GetAsync("api/status/app/broken");
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.InternalServerError));
        var correlation = reply.Header("X-Correlation-Id");
        Assert.That(correlation, Does.Match("^[0-9a-f]{32}$"));
        Assert.That(reply.Body, Is.EqualTo(
            $$$"""{"result":"error","data":{"id":"buggy","code":0,"message":"An unexpected error occurred. Correlation id: {{{correlation}}}."}}"""));
        AssertNothingLeaks(reply);
        await AssertStillServing();
    }

    [Test]
    public async Task An_unexpected_exception_in_a_raw_application_carries_the_correlation_id_in_context()
    {
        var reply = await _host.GetAsync("api/status/raw/broken");
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.InternalServerError));
        var correlation = reply.Header("X-Correlation-Id");
        Assert.That(reply.Body, Is.EqualTo($$$"""{"error":{"code":0,"context":{"correlation_id":"{{{correlation}}}"},"message":"An unexpected error occurred. Correlation id: {{{correlation}}}.","status_code":500}}"""));
        AssertNothingLeaks(reply);
    }

    [Test]
    public async Task Every_unexpected_failure_gets_its_own_correlation_id()
    {
        var first = (await _host.GetAsync("api/status/app/broken")).Header("X-Correlation-Id");
        var second = (await _host.GetAsync("api/status/app/broken")).Header("X-Correlation-Id");
        Assert.That(first, Is.Not.EqualTo(second));
    }

    [TestCase("app")]
    [TestCase("raw")]
    public async Task A_traced_unexpected_failure_is_the_generic_500_without_the_trace(string application)
    {
        var reply = await _host.GetAsync($"api/status/{application}/traced/broken",
            ("Authorization", "Bearer " + _developer), (RequestTrace.Header, "1"));
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(reply.Header("X-Correlation-Id"), Does.Match("^[0-9a-f]{32}$"));
        Assert.That(reply.Header(RequestTrace.Header), Is.Null);
        Assert.That(reply.Json.ContainsKey("trace"), Is.False);
        AssertNothingLeaks(reply);
    }

    [Test]
    public async Task A_traced_expected_error_carries_the_trace_in_the_envelope_or_the_header()
    {
        var headers = new[] { ("Authorization", "Bearer " + _developer), (RequestTrace.Header, "1") };
        var wrapped = await _host.GetAsync("api/status/app/traced/invalid", headers);
        Assert.That(wrapped.Status, Is.EqualTo(HttpStatusCode.BadRequest), wrapped.Body);
        Assert.That(((List<object?>)wrapped.Json["trace"]!).Cast<Map>().Select(e => e["id"]), Has.Member("needed"));
        var raw = await _host.GetAsync("api/status/raw/traced/invalid", headers);
        Assert.That(raw.Status, Is.EqualTo(HttpStatusCode.BadRequest), raw.Body);
        Assert.That(raw.Json.ContainsKey("trace"), Is.False);
        Assert.That(((List<object?>)PlainJson.Parse(raw.Header(RequestTrace.Header)!)!).Cast<Map>().Select(e => e["id"]), Has.Member("needed"));
    }

    private static void AssertNothingLeaks(Reply reply)
    {
        var everything = reply.Body + string.Join("\n", reply.Response.Headers.Select(h => h.Key + ": " + string.Join(",", h.Value)));
        foreach (var leak in new[] { "Server=db.internal", "hunter2", "Could not connect", "InvalidOperationException", "unexpected_failure", " at ", ".cs:line" })
        {
            Assert.That(everything, Does.Not.Contain(leak));
        }
    }
}
