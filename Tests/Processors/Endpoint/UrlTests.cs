using System.Text;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.HostedRuns;

namespace ApiStudio.Tests.Processors.Endpoint;

/// <summary>url: outbound calls to a real loopback server, the allow-list (redirects included), timeouts and parsing.</summary>
public class UrlTests : HostedFixture
{
    private UpstreamServer _upstream = null!;

    /// <inheritdoc />
    protected override async Task<Dictionary<string, string?>> SettingsAsync()
    {
        _upstream = await UpstreamServer.StartAsync();
        return new Dictionary<string, string?>
        {
            ["ApiStudio:Outbound:AllowedHosts:0"] = $"127.0.0.1:{_upstream.Port}",
            ["ApiStudio:Outbound:AllowedHosts:1"] = $"localhost:{_upstream.Port}",
            ["ApiStudio:Outbound:AllowedHosts:2"] = "127.0.0.1:1", // nothing listens there
            ["ApiStudio:Outbound:MaxResponseBytes"] = "1000",
        };
    }

    [OneTimeTearDown]
    public async Task StopUpstream() => await _upstream.DisposeAsync();

    private static string Call(string url, string extra = "") => $"""
        processor: url
        id: call
        url: "{url}"
        {extra}
        """;

    [Test]
    public async Task A_json_response_becomes_a_value()
    {
        var value = await Run(Host, Call(_upstream.Url("json")));
        Assert.That((value.Type, value.ToString()), Is.EqualTo((DataType.Array, """{"name":"Ada","n":3,"ok":true}""")));
    }

    [Test]
    public async Task A_plus_json_media_type_is_json_too()
    {
        Assert.That((await Run(Host, Call(_upstream.Url("problem-json")))).ToString(), Is.EqualTo("""{"title":"x"}"""));
    }

    [TestCase("xml", DataType.Xml, "<root><a>1</a></root>")]
    [TestCase("html", DataType.Html, "<p>hi</p>")]
    [TestCase("text", DataType.Text, "plain words")]
    [TestCase("latin1", DataType.Text, "café")]
    public async Task A_response_is_read_by_its_content_type(string path, DataType type, string expected)
    {
        var value = await Run(Host, Call(_upstream.Url(path)));
        Assert.That((value.Type, value.Data), Is.EqualTo((type, expected)));
    }

    [Test]
    public async Task Images_and_other_bytes_stay_binary()
    {
        var image = await Run(Host, Call(_upstream.Url("image")));
        var file = await Run(Host, Call(_upstream.Url("bytes")));
        Assert.That((image.Type, ((BinaryValue)image.Data!).Content), Is.EqualTo((DataType.Image, UpstreamServer.Png)));
        Assert.That((file.Type, ((BinaryValue)file.Data!).Content), Is.EqualTo((DataType.File, new byte[] { 1, 2, 3 })));
    }

    [Test]
    public async Task An_empty_response_is_undefined()
    {
        Assert.That((await Run(Host, Call(_upstream.Url("empty")))).IsUndefined);
    }

    [Test]
    public async Task Expected_type_overrides_the_content_type()
    {
        var value = await Run(Host, Call(_upstream.Url("json"), "expected_type: text"));
        Assert.That((value.Type, value.Data), Is.EqualTo((DataType.Text, """{"name":"Ada","n":3,"ok":true}""")));
    }

    [Test]
    public async Task Malformed_json_is_502_code_5_with_node_id()
    {
        var ex = await RunFails(Host, Call(_upstream.Url("bad-json")));
        Assert.That((ex.ProcessorId, ex.Code, ex.HttpStatus), Is.EqualTo(("call", 5, 502)));
        Assert.That(ex.Message, Does.StartWith($"The response of {_upstream.Url("bad-json")} is not valid JSON"));
    }

    [Test]
    public async Task A_non_2xx_answer_is_502_code_5_naming_the_status()
    {
        var ex = await RunFails(Host, Call(_upstream.Url("status/404")));
        Assert.That((ex.ProcessorId, ex.Code, ex.HttpStatus), Is.EqualTo(("call", 5, 502)));
        Assert.That(ex.Message, Is.EqualTo($"The call to {_upstream.Url("status/404")} answered 404 Not Found: failure 404"));
    }

    [Test]
    public async Task Report_error_false_returns_the_error_body()
    {
        var value = await Run(Host, Call(_upstream.Url("status/500"), "report_error: false"));
        Assert.That(value.Data, Is.EqualTo("failure 500"));
    }

    [Test]
    public async Task AHost_off_the_allow_list_is_403_code_4_naming_it_before_any_connection()
    {
        var ex = await RunFails(Host, Call($"http://127.0.0.2:{_upstream.Port}/json"));
        Assert.That((ex.ProcessorId, ex.Code, ex.HttpStatus), Is.EqualTo(("call", 4, 403)));
        Assert.That(ex.Message, Is.EqualTo($"Outbound calls to '127.0.0.2:{_upstream.Port}' are not allowed: add it to ApiStudio:Outbound:AllowedHosts."));
    }

    [Test]
    public async Task An_empty_allow_list_allows_no_call()
    {
        await using var closed = await TestHost.StartAsync();
        var before = _upstream.Hits("/text");
        var ex = await RunFails(closed, Call(_upstream.Url("text")));
        Assert.That((ex.HttpStatus, _upstream.Hits("/text")), Is.EqualTo((403, before)), "refused without connecting");
    }

    [Test]
    public async Task An_allowed_redirect_is_followed()
    {
        var value = await Run(Host, Call(_upstream.Url("redirect?to=/text")));
        Assert.That(value.Data, Is.EqualTo("plain words"));
    }

    [Test]
    public async Task A_redirect_to_aHost_off_the_list_is_refused()
    {
        var target = Uri.EscapeDataString($"http://127.0.0.2:{_upstream.Port}/json");
        var ex = await RunFails(Host, Call(_upstream.Url($"redirect?to={target}")));
        Assert.That((ex.Code, ex.HttpStatus), Is.EqualTo((4, 403)));
        Assert.That(ex.Message, Is.EqualTo(
            $"Outbound calls to '127.0.0.2:{_upstream.Port}' are not allowed (reached by a redirect): add it to ApiStudio:Outbound:AllowedHosts."));
    }

    [Test]
    public async Task Endless_redirects_stop_with_502()
    {
        var ex = await RunFails(Host, Call(_upstream.Url("loop")));
        Assert.That((ex.Code, ex.HttpStatus, ex.Message), Is.EqualTo((5, 502, $"The call to {_upstream.Url("loop")} was redirected more than 5 times.")));
    }

    [Test]
    public async Task A_post_sends_an_array_body_as_json_with_headers()
    {
        var value = await Run(Host, Call(_upstream.Url("echo"), """
            method: post
            body: {a: 1}
            headers: {X-Test: "yes"}
            """));
        var echo = (Map)value.Data!;
        Assert.That((echo["method"], echo["body"], echo["x_test"]), Is.EqualTo(("POST", """{"a":1}""", "yes")));
        Assert.That(echo["content_type"], Is.EqualTo("application/json; charset=utf-8"));
    }

    [Test]
    public async Task A_content_type_header_overrides_the_default_one()
    {
        var value = await Run(Host, Call(_upstream.Url("echo"), """
            method: put
            body: "a=1"
            headers: {Content-Type: application/x-www-form-urlencoded}
            """));
        Assert.That(((Map)value.Data!)["content_type"], Is.EqualTo("application/x-www-form-urlencoded"));
    }

    [Test]
    public async Task Basic_and_bearer_auth_set_the_authorization_header()
    {
        var basic = (Map)(await Run(Host, Call(_upstream.Url("echo"), "auth: {type: basic, username: ada, password: s3cret}"))).Data!;
        var bearer = (Map)(await Run(Host, Call(_upstream.Url("echo"), "auth: {type: bearer, token: abc}"))).Data!;
        Assert.That(basic["authorization"], Is.EqualTo("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("ada:s3cret"))));
        Assert.That(bearer["authorization"], Is.EqualTo("Bearer abc"));
    }

    [Test]
    public async Task Credentials_do_not_follow_a_redirect_to_anotherHost()
    {
        var sameHost = (Map)(await Run(Host, Call(_upstream.Url("redirect?to=/echo"), "auth: {type: bearer, token: abc}"))).Data!;
        var target = Uri.EscapeDataString($"http://localhost:{_upstream.Port}/echo");
        var otherHost = (Map)(await Run(Host, Call(_upstream.Url($"redirect?to={target}"), "auth: {type: bearer, token: abc}"))).Data!;
        Assert.That((sameHost["authorization"], otherHost["authorization"]), Is.EqualTo(("Bearer abc", "")));
    }

    [Test]
    public async Task Auth_without_a_known_type_is_400_with_node_id()
    {
        var ex = await RunFails(Host, Call(_upstream.Url("echo"), "auth: {user: ada}"));
        Assert.That((ex.ProcessorId, ex.Code, ex.HttpStatus), Is.EqualTo(("call", 6, 400)));
        Assert.That(ex.Message, Is.EqualTo("Input 'auth' must be a map with type basic (username, password) or bearer (token)."));
    }

    [Test]
    public async Task A_header_value_with_a_line_break_is_refused()
    {
        var ex = await RunFails(Host, Call(_upstream.Url("echo"), """headers: {X-Test: "a\r\nX-Evil: 1"}"""));
        Assert.That((ex.ProcessorId, ex.Code, ex.HttpStatus), Is.EqualTo(("call", 6, 400)));
        Assert.That(ex.Message, Is.EqualTo("Header 'X-Test' has an invalid name or value (one line of text is allowed)."));
    }

    [Test]
    public async Task A_slow_answer_past_the_timeout_is_504()
    {
        var ex = await RunFails(Host, Call(_upstream.Url("slow?ms=5000"), "timeout: 1"));
        Assert.That((ex.ProcessorId, ex.Code, ex.HttpStatus), Is.EqualTo(("call", 5, 504)));
        Assert.That(ex.Message, Is.EqualTo($"The call to {_upstream.Url("slow")} timed out after 1 s."));
    }

    [TestCase("timeout")]
    [TestCase("connect_timeout")]
    public async Task A_timeout_must_be_positive(string input)
    {
        var ex = await RunFails(Host, Call(_upstream.Url("text"), $"{input}: 0"));
        Assert.That((ex.ProcessorId, ex.Code, ex.HttpStatus, ex.Message),
            Is.EqualTo(("call", 6, 400, $"Input '{input}' must be a positive number of seconds.")));
    }

    [Test]
    public async Task A_connect_timeout_lets_a_reachable_server_answer()
    {
        Assert.That((await Run(Host, Call(_upstream.Url("text"), "connect_timeout: 2"))).Data, Is.EqualTo("plain words"));
    }

    [Test]
    public async Task A_response_over_the_size_limit_is_502()
    {
        var ex = await RunFails(Host, Call(_upstream.Url("big")));
        Assert.That((ex.Code, ex.HttpStatus), Is.EqualTo((5, 502)));
        Assert.That(ex.Message, Does.Contain("is larger than 1000 bytes"));
    }

    [Test]
    public async Task A_refused_connection_is_502_naming_the_address()
    {
        var ex = await RunFails(Host, Call("http://127.0.0.1:1/json"));
        Assert.That((ex.ProcessorId, ex.Code, ex.HttpStatus), Is.EqualTo(("call", 5, 502)));
        Assert.That(ex.Message, Does.StartWith("Could not reach 127.0.0.1:1:"));
    }

    [TestCase("not an address", "'not an address' is not an absolute address.")]
    [TestCase("ftp://127.0.0.1/file", "'ftp://127.0.0.1/file' is not an http or https address.")]
    public async Task An_address_that_is_not_http_is_400(string url, string message)
    {
        var ex = await RunFails(Host, Call(url));
        Assert.That((ex.ProcessorId, ex.Code, ex.HttpStatus, ex.Message), Is.EqualTo(("call", 6, 400, message)));
    }

    [Test]
    public void The_url_is_required_at_publish_time() =>
        Assert.That(TestEngine.PublishFails("processor: url\nid: call").Message, Does.Contain("Input 'url' is required."));

    [Test]
    public void A_method_outside_its_values_is_refused_at_publish_time() =>
        Assert.That(TestEngine.PublishFails(Call("http://127.0.0.1/", "method: connect")).Message,
            Does.Contain("Input 'method' does not accept the value 'connect'; allowed: get, post, put, patch, delete."));

    [Test]
    public async Task Without_theHost_services_it_is_a_configuration_error()
    {
        var ex = await TestEngine.RunFails(Call("http://127.0.0.1/"));
        Assert.That((ex.ProcessorId, ex.Code, ex.HttpStatus), Is.EqualTo(("call", 8, 500)));
    }
}
