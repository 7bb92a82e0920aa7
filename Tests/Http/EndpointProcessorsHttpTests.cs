using System.Globalization;
using System.Net;
using System.Text;
using ApiStudio.Engine.Resources;
using ApiStudio.Engine.Storage;
using ApiStudio.Tests.Support;

namespace ApiStudio.Tests.Http;

/// <summary>
/// Published resources using url, sql, resource_call and email, called over HTTP (real Kestrel; the system and data
/// databases on the suite's provider; a loopback upstream server and SMTP sink).
/// </summary>
public class EndpointProcessorsHttpTests
{
    private UpstreamServer _upstream = null!;
    private SmtpSink _sink = null!;
    private DataDatabase _data = null!;
    private TestHost _host = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _upstream = await UpstreamServer.StartAsync();
        _sink = SmtpSink.Start();
        _data = await DataDatabase.CreateAsync(TestDatabase.Provider == DatabaseProvider.Postgres ? "postgres" : "sqlite");
        var settings = _data.Settings();
        settings["ApiStudio:Outbound:AllowedHosts:0"] = $"127.0.0.1:{_upstream.Port}";
        settings["ApiStudio:Email:Host"] = "127.0.0.1";
        settings["ApiStudio:Email:Port"] = _sink.Port.ToString(CultureInfo.InvariantCulture);
        settings["ApiStudio:Email:From"] = "api@example.com";
        _host = await TestHost.StartAsync(settings);

        await HostedRuns.Run(_host, """
            processor: sql
            id: create
            query: CREATE TABLE notes (body TEXT NOT NULL)
            mode: execute
            """);
        await Save("get", "it-url/{path}", $"""
            processor: url
            id: fetch
            url:
              processor: concatenate
              id: address
              items:
                - "{_upstream.Address}"
                - processor: var_uri
                  id: path
                  key: path
            """);
        await Save("get", "it-url-blocked", $"""
            processor: url
            id: fetch
            url: "http://127.0.0.2:{_upstream.Port}/json"
            """);
        await Save("post", "it-notes", """
            processor: sql
            id: add
            query: INSERT INTO notes (body) VALUES (@body)
            mode: execute
            parameters:
              body:
                processor: var_post
                id: body
                key: body
            """);
        await Save("get", "it-notes", """
            processor: sql
            id: list
            query: SELECT body FROM notes ORDER BY body
            """);
        await Save("get", "it-call", """
            processor: resource_call
            id: call
            uri: it-notes
            """);
        await Save("get", "it-mail", """
            processor: var_literal
            id: result
            value: {sent: true}
            """, """
            output:
              - response
              - processor: email
                id: mail
                to: ops@example.com
                subject: Report
            """);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _host.DisposeAsync();
        await _data.DisposeAsync();
        await _sink.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    private Task Save(string method, string uri, string process, string extra = "") =>
        _host.Registry.SaveAsync(HostedRuns.Document(process, uri, method, extra: extra), DocumentFormat.Yaml, $"{method}-{uri}.yaml");

    private async Task<(HttpStatusCode Status, string Body)> Send(HttpMethod method, string path, HttpContent? content = null)
    {
        var response = await _host.Client.SendAsync(new HttpRequestMessage(method, path) { Content = content });
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Url_returns_the_upstream_json_in_the_envelope()
    {
        Assert.That(await Send(HttpMethod.Get, "api/examples/demo/it-url/json"),
            Is.EqualTo((HttpStatusCode.OK, """{"result":"ok","data":{"name":"Ada","n":3,"ok":true}}""")));
    }

    [Test]
    public async Task Url_to_a_host_off_the_allow_list_is_403_in_the_envelope()
    {
        Assert.That(await Send(HttpMethod.Get, "api/examples/demo/it-url-blocked"), Is.EqualTo((HttpStatusCode.Forbidden,
            $$$"""{"result":"error","data":{"id":"fetch","code":4,"message":"Outbound calls to '127.0.0.2:{{{_upstream.Port}}}' are not allowed: add it to ApiStudio:Outbound:AllowedHosts."}}""")));
    }

    [Test]
    public async Task Sql_stores_posted_values_as_data_and_resource_call_reads_them_back()
    {
        const string Attack = "x'); DROP TABLE notes; --";
        var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["body"] = Attack });
        Assert.That(await Send(HttpMethod.Post, "api/examples/demo/it-notes", form), Is.EqualTo((HttpStatusCode.OK, """{"result":"ok","data":1}""")));
        var json = new StringContent("""{"body":"plain"}""", Encoding.UTF8, "application/json");
        Assert.That((await Send(HttpMethod.Post, "api/examples/demo/it-notes", json)).Status, Is.EqualTo(HttpStatusCode.OK));
        const string Expected = """{"result":"ok","data":[{"body":"plain"},{"body":"x'); DROP TABLE notes; --"}]}""";
        Assert.That(await Send(HttpMethod.Get, "api/examples/demo/it-notes"), Is.EqualTo((HttpStatusCode.OK, Expected)));
        Assert.That(await Send(HttpMethod.Get, "api/examples/demo/it-call"), Is.EqualTo((HttpStatusCode.OK, Expected)));
    }

    [Test]
    public async Task A_missing_post_variable_for_a_parameter_is_400_and_the_host_keeps_serving()
    {
        var (status, body) = await Send(HttpMethod.Post, "api/examples/demo/it-notes", new FormUrlEncodedContent([]));
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body, Is.EqualTo("""{"result":"error","data":{"id":"body","code":6,"message":"POST variable (body) does not exist or is undefined."}}"""));
        Assert.That((await Send(HttpMethod.Get, "api/examples/demo/it-notes")).Status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Email_in_the_output_section_mails_the_result_and_the_response_is_unchanged()
    {
        Assert.That(await Send(HttpMethod.Get, "api/examples/demo/it-mail"),
            Is.EqualTo((HttpStatusCode.OK, """{"result":"ok","data":{"sent":true}}""")));
        var message = _sink.Messages.Last(m => m.To.Contains("ops@example.com"));
        Assert.That((message.Header("Subject"), message.Body.TrimEnd()), Is.EqualTo(("Report", """{"sent":true}""")));
    }
}
