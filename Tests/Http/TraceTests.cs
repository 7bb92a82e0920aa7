using System.Net;
using ApiStudio.Engine.Http;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.SecurityKit;

namespace ApiStudio.Tests.Http;

/// <summary><c>X-ApiStudio-Trace: 1</c> returns the per-node trace to Developers and above only.</summary>
public class TraceTests
{
    private const string TracedPath = "api/examples/demo/traced";
    private static readonly (string, string) AskForTrace = (RequestTrace.Header, "1");

    private TestHost _host = null!;
    private string _developer = null!;
    private string _consumer = null!;
    private string _accountManager = null!;
    private string _elsewhereDeveloper = null!;
    private string _admin = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _host = await TestHost.StartAsync();
        var demo = Application(_host, "examples", "demo");
        var core = Application(_host, "apistudio", "core");
        await CreateUserAsync(_host, "trace-developer", ("Developer", demo.Accid, demo.Appid));
        await CreateUserAsync(_host, "trace-consumer", ("Consumer", demo.Accid, demo.Appid));
        await CreateUserAsync(_host, "trace-manager", ("Account manager", demo.Accid, null));
        await CreateUserAsync(_host, "trace-elsewhere", ("Consumer", demo.Accid, demo.Appid), ("Developer", core.Accid, core.Appid));
        _developer = (string)(await LoginAsync(_host, "trace-developer"))["token"]!;
        _consumer = (string)(await LoginAsync(_host, "trace-consumer"))["token"]!;
        _accountManager = (string)(await LoginAsync(_host, "trace-manager"))["token"]!;
        _elsewhereDeveloper = (string)(await LoginAsync(_host, "trace-elsewhere"))["token"]!;
        _admin = (string)(await LoginAsync(_host, "admin", TestHost.AdminPassword))["token"]!;
        await PublishAsync(_host, """
            name: Traced
            description: Greets members of the demo application.
            account: examples
            application: demo
            uri: traced
            method: get
            ttl: 0
            security:
              processor: validate_token_roles
              id: members
              roles:
                - Developer
                - Consumer
                - Account manager
            process:
              processor: concatenate
              id: joined
              items:
                - "Hello, "
                - processor: var_get
                  id: who
                  key: name
            """);
        await PublishAsync(_host, """
            name: Cached
            description: A cached answer for members.
            account: examples
            application: demo
            uri: traced/cached
            method: get
            ttl: 60
            security:
              processor: validate_token_roles
              id: cached_members
              roles:
                - Developer
            process:
              processor: var_str
              id: cached_value
              value: cached
            """);
        await PublishAsync(_host, """
            name: Public
            description: A public answer.
            account: examples
            application: demo
            uri: traced/public
            method: get
            ttl: 0
            process:
              processor: var_str
              id: public_value
              value: public
            """);
    }

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    private static List<object?> TraceOf(Reply reply) => (List<object?>)reply.Json["trace"]!;

    private static Map Entry(List<object?> trace, string id) => trace.Cast<Map>().Single(e => (string)e["id"]! == id);

    [Test]
    public async Task A_developer_gets_the_trace_beside_data_with_security_values_redacted()
    {
        var reply = await GetAsync(_host, TracedPath + "?name=Ada", _developer, AskForTrace);
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK), reply.Body);
        Assert.That(reply.Json["data"], Is.EqualTo("Hello, Ada"));
        var trace = TraceOf(reply);
        Assert.That(trace.Cast<Map>().Select(e => e["id"]), Is.EqualTo(new[] { "members", "who", "joined" }));
        var who = Entry(trace, "who");
        Assert.That((who["processor"], who["type"], who["output"]), Is.EqualTo(("var_get", "text", "Ada")));
        Assert.That(((Map)who["inputs"]!)["key"], Is.EqualTo("name"));
        Assert.That(who.Keys, Is.EqualTo(new[] { "id", "processor", "inputs", "type", "output", "duration_ms", "error" }));
        Assert.That(Entry(trace, "joined")["output"], Is.EqualTo("Hello, Ada"));
        var security = Entry(trace, "members");
        Assert.That(security["output"], Is.EqualTo(RequestTrace.Redacted));
        Assert.That(((Map)security["inputs"]!).Values, Is.All.EqualTo(RequestTrace.Redacted));
        Assert.That(reply.Body, Does.Not.Contain(_developer));
    }

    [Test]
    public async Task An_account_manager_and_an_administrator_get_the_trace_too()
    {
        foreach (var token in new[] { _accountManager, _admin })
        {
            var reply = await GetAsync(_host, TracedPath + "?name=Bo", token, AskForTrace);
            Assert.That(reply.Json.ContainsKey("trace"), Is.True, reply.Body);
        }
    }

    [Test]
    public async Task A_consumer_a_developer_of_another_application_and_anonymous_callers_get_no_trace_and_no_error()
    {
        foreach (var token in new[] { _consumer, _elsewhereDeveloper })
        {
            var reply = await GetAsync(_host, TracedPath + "?name=Cy", token, AskForTrace);
            Assert.That((reply.Status, reply.Body), Is.EqualTo((HttpStatusCode.OK, """{"result":"ok","data":"Hello, Cy"}""")));
            Assert.That(reply.Header(RequestTrace.Header), Is.Null);
        }
        var anonymous = await GetAsync(_host, "api/examples/demo/traced/public", null, AskForTrace);
        Assert.That(anonymous.Body, Is.EqualTo("""{"result":"ok","data":"public"}"""));
        var denied = await GetAsync(_host, TracedPath + "?name=Cy", null, AskForTrace);
        Assert.That(denied.Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(denied.Json.ContainsKey("trace"), Is.False);
    }

    [Test]
    public async Task Without_the_header_a_developer_gets_no_trace()
    {
        var reply = await GetAsync(_host, TracedPath + "?name=Di", _developer);
        Assert.That(reply.Body, Is.EqualTo("""{"result":"ok","data":"Hello, Di"}"""));
    }

    [Test]
    public async Task A_failing_request_returns_the_trace_up_to_the_failing_node_in_the_error_envelope()
    {
        var reply = await GetAsync(_host, TracedPath, _developer, AskForTrace);
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(((Map)reply.Data!)["id"], Is.EqualTo("who"));
        var failed = Entry(TraceOf(reply), "who");
        Assert.That((failed["type"], failed["error"]), Is.EqualTo(("error", "GET variable (name) does not exist or is undefined.")));
    }

    [Test]
    public async Task Xml_envelopes_carry_the_trace_as_an_element()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, TracedPath + "?name=Ed");
        request.Headers.Add("Accept", "application/xml");
        request.Headers.Add(RequestTrace.Header, "1");
        var reply = await SendAsync(_host, request, _developer);
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(reply.Body, Does.Contain("<data>Hello, Ed</data><trace>"));
    }

    [Test]
    public async Task An_unwrapped_application_sends_the_trace_as_a_json_header()
    {
        var accid = Application(_host, "examples", "demo").Accid;
        await _host.Database.Database.InTransactionAsync(db => ApplicationMapper.CreateAsync(db, accid, "raw", """{"wrap": false}"""));
        await _host.Registry.ReloadApplicationsAsync();
        await PublishAsync(_host, """
            name: Raw
            description: An unwrapped answer for developers.
            account: examples
            application: raw
            uri: value
            method: get
            ttl: 0
            security:
              processor: validate_token_roles
              id: raw_developers
              roles:
                - Developer
            process:
              processor: var_str
              id: raw_value
              value: "naïve"
            """);
        var reply = await GetAsync(_host, "api/examples/raw/value", _admin, AskForTrace);
        Assert.That((reply.Status, reply.Body), Is.EqualTo((HttpStatusCode.OK, "\"naïve\"")));
        var header = reply.Header(RequestTrace.Header)!;
        Assert.That(header, Does.Contain("\\u00ef"), "non-ASCII is escaped in the header");
        var trace = (List<object?>)PlainJson.Parse(header)!;
        Assert.That(Entry(trace, "raw_value")["output"], Is.EqualTo("naïve"));
        Assert.That(reply.Header(RequestTrace.TruncatedHeader), Is.Null);
    }

    [Test]
    public async Task A_traced_request_bypasses_the_result_cache()
    {
        const string Path = "api/examples/demo/traced/cached";
        await GetAsync(_host, Path, _developer);
        Assert.That((await GetAsync(_host, Path, _developer)).Header("X-ApiStudio-Cache"), Is.EqualTo("hit"));
        var traced = await GetAsync(_host, Path, _developer, AskForTrace);
        Assert.That(traced.Header("X-ApiStudio-Cache"), Is.Null);
        Assert.That(Entry(TraceOf(traced), "cached_value")["output"], Is.EqualTo("cached"));
        Assert.That((await GetAsync(_host, Path, _developer)).Json.ContainsKey("trace"), Is.False, "the trace is never cached");
    }

    [Test]
    public void A_long_trace_header_keeps_whole_entries_and_says_it_was_cut()
    {
        var trace = Enumerable.Range(0, 400).Select(i => (object?)new Map { ["id"] = $"node{i}", ["output"] = new string('x', 100) }).ToList();
        var (value, truncated) = RequestTrace.HeaderValue(trace);
        Assert.That(truncated, Is.True);
        Assert.That(value.Length, Is.LessThanOrEqualTo(RequestTrace.MaxHeaderLength));
        var kept = (List<object?>)PlainJson.Parse(value)!;
        Assert.That(kept, Is.Not.Empty.And.Count.LessThan(400));
        Assert.That(((Map)kept[0]!)["id"], Is.EqualTo("node0"));
    }
}
