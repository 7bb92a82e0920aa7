using System.Net;
using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Http;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static ApiStudio.Tests.Support.SecurityKit;

namespace ApiStudio.Tests.Http;

/// <summary>
/// Event scripts through the admin API on a real host (<c>POST/GET/PUT/DELETE script</c>): the whole life of a
/// script, every problem of the input in one 400, the engine's parse error with its line, a name taken twice, and
/// the trusted engines switched off by configuration. Who may do what is in <see cref="AdminPermissionMatrixTests"/>.
/// </summary>
public class AdminScriptHttpTests
{
    private const string Scripts = "api/apistudio/core/script";

    private TestHost _host = null!;
    private TestHost _lockedDown = null!;
    private string _developer = null!;
    private long _scripter;
    private string _lockedDownAdmin = null!;
    private (long Accid, long Appid) _demo;

    [OneTimeSetUp]
    public async Task Start()
    {
        _host = await TestHost.StartAsync();
        _demo = Application(_host, "examples", "demo");
        _scripter = (await CreateUserAsync(_host, "demo_scripter", (Roles.Developer, _demo.Accid, _demo.Appid))).Uid;
        _developer = (string)(await LoginAsync(_host, "demo_scripter"))["token"]!;
        _lockedDown = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["ApiStudio:Scripting:CSharpEnabled"] = "false",
            ["ApiStudio:Scripting:NodeJsEnabled"] = "false",
            ["ApiStudio:Scripting:PythonEnabled"] = "false",
        });
        _lockedDownAdmin = (string)(await LoginAsync(_lockedDown, "admin", TestHost.AdminPassword))["token"]!;
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _lockedDown.DisposeAsync();
        await _host.DisposeAsync();
    }

    private async Task<Map> Ok(Task<Reply> call)
    {
        var reply = await call;
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK), reply.Body);
        return reply.Json;
    }

    private Task<Reply> Create(Map body, string? token = null) => PostJsonAsync(_host, Scripts, body, token ?? _developer);

    private Map Script(string name, string content = "return event.request.parameters;") =>
        new() { ["appid"] = _demo.Appid, ["name"] = name, ["engine"] = "javascript", ["content"] = content };

    [Test]
    public async Task A_developer_creates_lists_reads_changes_and_deletes_a_script()
    {
        var created = (Map)(await Ok(Create(Script("demo.greeting.get.pre_process"))))["data"]!;
        var sid = (long)created["sid"]!;
        Assert.That((created["appid"], created["name"], created["engine"], created["content"], created["is_active"],
                created["allow_event_modification"], created["queue"], created["version"]),
            Is.EqualTo((_demo.Appid, "demo.greeting.get.pre_process", "javascript", "return event.request.parameters;", true, false,
                (object?)null, 1L)));

        var listed = (List<object?>)(await Ok(GetAsync(_host, $"{Scripts}?appid={_demo.Appid}", _developer)))["data"]!;
        Assert.That(listed.Cast<Map>().Select(s => s["sid"]), Does.Contain(sid));
        var read = (Map)(await Ok(GetAsync(_host, $"{Scripts}/{sid}", _developer)))["data"]!;
        Assert.That(read["content"], Is.EqualTo("return event.request.parameters;"));

        var changed = (Map)(await Ok(SendJsonAsync(_host, HttpMethod.Put, $"{Scripts}/{sid}",
            new Map { ["content"] = "return 2;", ["allow_event_modification"] = true, ["queue"] = "mail", ["tries"] = 3L }, _developer)))["data"]!;
        Assert.That((changed["content"], changed["allow_event_modification"], changed["queue"], changed["tries"], changed["is_active"],
                changed["name"], changed["version"]),
            Is.EqualTo(("return 2;", true, "mail", 3L, true, "demo.greeting.get.pre_process", 2L)));
        var again = (Map)(await Ok(SendJsonAsync(_host, HttpMethod.Put, $"{Scripts}/{sid}", new Map { ["is_active"] = false }, _developer)))["data"]!;
        Assert.That((again["version"], again["is_active"], again["content"]), Is.EqualTo((3L, false, "return 2;")));

        Assert.That((await Ok(SendAsync(_host, new HttpRequestMessage(HttpMethod.Delete, $"{Scripts}/{sid}"), _developer)))["data"], Is.True);
        var gone = await GetAsync(_host, $"{Scripts}/{sid}", _developer);
        Assert.That(gone.Status, Is.EqualTo(HttpStatusCode.NotFound), gone.Body);
    }

    [Test]
    public async Task Every_problem_of_the_input_is_listed_in_one_400()
    {
        var reply = await Create(new Map { ["appid"] = _demo.Appid, ["name"] = "shop.orders.fetch", ["engine"] = "cobol", ["delay"] = -1L });
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.BadRequest), reply.Body);
        var data = (Map)reply.Data!;
        Assert.That((data["id"], data["code"]), Is.EqualTo(("create_script", 6L)));
        var details = ((List<object?>)data["details"]!).Cast<string>().ToList();
        Assert.That(details, Has.Count.EqualTo(4), reply.Body);
        Assert.That(details[0], Does.StartWith("'name' must be an event name such as demo.orders.{id}.get.pre_process"));
        Assert.That(details[1], Is.EqualTo("'engine' must be one of javascript, csharp, nodejs, python; got 'cobol'."));
        Assert.That(details[2], Is.EqualTo("'content' is required."));
        Assert.That(details[3], Is.EqualTo("'delay' must be 0 or more seconds."));
    }

    [Test]
    public async Task JavaScript_that_does_not_parse_is_refused_with_its_line_among_the_other_problems()
    {
        var reply = await Create(Script("demo.broken.get", "const total = 1;\nreturn total +;\n"));
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.BadRequest), reply.Body);
        var details = ((List<object?>)((Map)reply.Data!)["details"]!).Cast<string>().ToList();
        Assert.That(details, Has.Count.EqualTo(2), reply.Body);
        Assert.That(details[0], Does.StartWith("'name' must be an event name"));
        Assert.That(details[1], Does.StartWith("'content' is not valid JavaScript: ").And.Contain("(line 2, column"));
    }

    [Test]
    public async Task A_change_that_does_not_parse_keeps_the_stored_version()
    {
        var sid = (long)((Map)(await Ok(Create(Script("demo.kept.post.post_process"))))["data"]!)["sid"]!;
        var reply = await SendJsonAsync(_host, HttpMethod.Put, $"{Scripts}/{sid}", new Map { ["content"] = "if (" }, _developer);
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.BadRequest), reply.Body);
        Assert.That(((Map)reply.Data!)["id"], Is.EqualTo("update_script"));
        var stored = (Map)(await Ok(GetAsync(_host, $"{Scripts}/{sid}", _developer)))["data"]!;
        Assert.That((stored["version"], stored["content"]), Is.EqualTo((1L, "return event.request.parameters;")));
    }

    [Test]
    public async Task A_second_script_for_the_same_event_is_409()
    {
        await Ok(Create(Script("demo.twice.get.pre_process")));
        var reply = await Create(Script("demo.twice.get.pre_process"));
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.Conflict), reply.Body);
        Assert.That(((Map)reply.Data!)["message"], Does.Contain("Script (demo.twice.get.pre_process) already exists in application examples/demo."));
        var other = (long)((Map)(await Ok(Create(Script("demo.once.get.pre_process"))))["data"]!)["sid"]!;
        var renamed = await SendJsonAsync(_host, HttpMethod.Put, $"{Scripts}/{other}", new Map { ["name"] = "demo.twice.get.pre_process" }, _developer);
        Assert.That(renamed.Status, Is.EqualTo(HttpStatusCode.Conflict), renamed.Body);
    }

    [TestCase("csharp", "C#", "ApiStudio:Scripting:CSharpEnabled")]
    [TestCase("nodejs", "Node.js", "ApiStudio:Scripting:NodeJsEnabled")]
    [TestCase("python", "Python", "ApiStudio:Scripting:PythonEnabled")]
    public async Task A_trusted_engine_switched_off_by_the_operator_is_refused_naming_the_engine(string engine, string label, string setting)
    {
        var demo = Application(_lockedDown, "examples", "demo");
        var reply = await PostJsonAsync(_lockedDown, Scripts, new Map
        {
            ["appid"] = demo.Appid, ["name"] = "demo.trusted.get.pre_process", ["engine"] = engine, ["content"] = "return 1;",
        }, _lockedDownAdmin);
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.BadRequest), reply.Body);
        var details = ((List<object?>)((Map)reply.Data!)["details"]!).Cast<string>().ToList();
        Assert.That(details, Is.EqualTo(new[]
        {
            $"'engine' {engine} is switched off on this server: {label} scripts are trusted code the operator allows with {setting} (available: javascript).",
        }));
        var javaScript = await PostJsonAsync(_lockedDown, Scripts, new Map
        {
            ["appid"] = demo.Appid, ["name"] = $"demo.{engine}.get.pre_process", ["content"] = "return 1;",
        }, _lockedDownAdmin);
        Assert.That(javaScript.Status, Is.EqualTo(HttpStatusCode.OK), javaScript.Body);
    }

    [Test]
    public async Task Anonymous_callers_get_401()
    {
        var reply = await PostJsonAsync(_host, Scripts, Script("demo.anonymous.get.pre_process"));
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.Unauthorized), reply.Body);
    }

    [Test]
    public async Task A_script_saved_through_the_api_runs_at_its_event_and_stops_when_deleted()
    {
        var created = (Map)(await Ok(Create(new Map
        {
            ["appid"] = _demo.Appid, ["name"] = "demo.greeting.get.post_process", ["engine"] = "javascript",
            ["content"] = "return event.response.content.toUpperCase();",
        })))["data"]!;
        Assert.That((await GetAsync(_host, "api/examples/demo/greeting?name=ada")).Body, Is.EqualTo("""{"result":"ok","data":"HELLO, ADA!"}"""));
        await Ok(SendJsonAsync(_host, HttpMethod.Delete, $"{Scripts}/{created["sid"]}", new Map(), _developer));
        Assert.That((await GetAsync(_host, "api/examples/demo/greeting?name=ada")).Body, Is.EqualTo("""{"result":"ok","data":"Hello, ada!"}"""));
    }

    [Test]
    public async Task A_test_run_answers_the_outcome_and_the_logs_without_publishing()
    {
        var created = (Map)(await Ok(Create(new Map
        {
            ["appid"] = _demo.Appid, ["name"] = "demo.orders.{id}.post.pre_process", ["engine"] = "javascript",
            ["content"] = """
                console.log('checking', event.request.payload);
                if (!event.request.payload.qty) { throw new BadRequestException('qty is required', 7); }
                event.setResponse({ ok: event.resource.id }, 201);
                """,
        })))["data"]!;
        var run = $"{Scripts}/{created["sid"]}/run";
        var passed = (Map)(await Ok(PostJsonAsync(_host, run, new Map
        {
            ["event"] = new Map { ["request"] = new Map { ["payload"] = new Map { ["qty"] = 2L } }, ["resource"] = new Map { ["id"] = "9" } },
        }, _developer)))["data"]!;
        Assert.That((passed["status_code"], passed["content"], passed["logs"]),
            Is.EqualTo((201L, new Map { ["ok"] = "9" }, new List<object?> { """checking {"qty":2}""" })));
        Assert.That(passed["duration_ms"], Is.TypeOf<double>().Or.TypeOf<long>());
        Assert.That(((Map)((Map)passed["event"]!)["request"]!)["method"], Is.EqualTo("POST"));

        var refused = (Map)(await Ok(PostJsonAsync(_host, run, new Map
        {
            ["event"] = new Map { ["request"] = new Map { ["payload"] = new Map() } },
        }, _developer)))["data"]!;
        Assert.That(refused["status_code"], Is.EqualTo(400L));
        Assert.That(refused["content"], Is.EqualTo(new Map
        {
            ["error"] = new Map { ["code"] = 7L, ["context"] = null, ["message"] = "qty is required", ["status_code"] = 400L },
        }));
        var consumer = await CreateUserAsync(_host, "demo_reader", (Roles.Consumer, _demo.Accid, _demo.Appid));
        var token = (string)(await LoginAsync(_host, consumer.Username))["token"]!;
        Assert.That((await PostJsonAsync(_host, run, new Map(), token)).Status, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task A_test_run_for_a_caller_outside_a_request_calls_platform_api_as_that_caller()
    {
        var created = (Map)(await Ok(Create(Script("demo.whoami.get.pre_process", """
            const scripts = platform.api.get('/apistudio/core/script');
            console.log('as', platform.session.user.name);
            return { listed: scripts.status_code, token: platform.session.session_token !== null };
            """))))["data"]!;
        var sid = (long)created["sid"]!;
        var admin = _host.Services.GetRequiredService<ScriptAdmin>();
        var scripts = _host.Services.GetRequiredService<RequestScripts>();
        var tokens = _host.Services.GetRequiredService<TokenService>();
        var developer = (await tokens.CallerAsync(_scripter))!;

        var run = await admin.TestRunAsync(developer, sid, null, scripts, CancellationToken.None);
        Assert.That((run["status_code"], run["content"], run["logs"]),
            Is.EqualTo((200L, new Map { ["listed"] = 200L, ["token"] = true }, new List<object?> { "as demo_scripter" })));

        var consumer = (await tokens.CallerAsync((await CreateUserAsync(_host, "demo_onlooker", (Roles.Consumer, _demo.Accid, _demo.Appid))).Uid))!;
        var refused = Assert.ThrowsAsync<ApiException>(() => admin.TestRunAsync(consumer, sid, null, scripts, CancellationToken.None))!;
        Assert.That(refused.HttpStatus, Is.EqualTo(403));
        Assert.That(Assert.ThrowsAsync<ApiException>(() => admin.TestRunAsync(null, sid, null, scripts, CancellationToken.None))!.HttpStatus,
            Is.EqualTo(401));
    }
}
