using System.Net;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Engine.Validation;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static ApiStudio.Tests.Support.SecurityKit;

namespace ApiStudio.Tests.Http;

/// <summary>
/// Event scripts on a real host (DreamFactory's JavaScript examples in the in-process engine and in Node.js): pre-process scripts that validate, change or answer a request, post-process scripts
/// that reshape a response (also after an error), the exceptions and their statuses, and platform.api.
/// </summary>
public class EventScriptTests
{
    private TestHost _host = null!;
    private long _appid;
    private LogCapture _logs = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        // What scripts log is written at Information, under the script's name.
        _host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:ApiStudio.Engine.Http.RequestScripts"] = "Information",
            ["Serilog:MinimumLevel:Override:ApiStudio.Engine.Http.RequestScripts"] = "Information",
        });
        _logs = new LogCapture();
        _host.Services.GetRequiredService<ILoggerFactory>().AddProvider(_logs);
        _appid = Application(_host, "examples", "demo").Appid;
        await PublishAsync(_host, """
            name: Contacts
            description: Contacts with first and last names.
            account: examples
            application: demo
            uri: contacts
            method: get
            ttl: 0
            process:
              resource:
                - first_name: Ada
                  last_name: Lovelace
                  secret: s1
                - first_name: Alan
                  last_name: Turing
                  secret: s2
            """);
        await PublishAsync(_host, """
            name: Echo
            description: Answers the posted name.
            account: examples
            application: demo
            uri: echo
            method: post
            ttl: 0
            process:
              processor: var_post
              id: name
              key: name
            """);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _host.DisposeAsync();
        _logs.Dispose();
    }

    [TearDown]
    public Task RemoveScripts() => _host.RemoveScriptsAsync(_appid);

    private Task ScriptAsync(string name, string content, bool modify = false, string engine = "javascript") =>
        _host.AddScriptAsync(_appid, new ScriptData(name, engine, content, true, modify, null, null, null, null));

    [TestCase("javascript")]
    [TestCase("nodejs")]
    public async Task A_pre_process_script_validates_the_payload_with_a_thrown_error(string engine)
    {
        await ScriptAsync("demo.echo.post.pre_process", """
            if (!event.request.payload || !event.request.payload.name) {
              throw new BadRequestException('Field name is required');
            }
            """, engine: engine);
        var refused = await PostJsonAsync(_host, "api/examples/demo/echo", new Map { ["other"] = "x" });
        Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(refused.Body, Does.Contain("Field name is required"));
        var passed = await PostJsonAsync(_host, "api/examples/demo/echo", new Map { ["name"] = "ada" });
        Assert.That(passed.Body, Is.EqualTo("""{"result":"ok","data":"ada"}"""));
    }

    [TestCase("javascript")]
    [TestCase("nodejs")]
    public async Task A_post_process_script_combines_names_and_drops_a_field(string engine)
    {
        await ScriptAsync("demo.contacts.get.post_process", """
            const content = event.response.content;
            content.resource.forEach((record) => {
              record.full_name = record.first_name + ' ' + record.last_name;
              delete record.secret;
            });
            event.response.content = content;
            """, modify: true, engine: engine);
        var reply = await GetAsync(_host, "api/examples/demo/contacts");
        Assert.That(reply.Body, Does.Contain("\"full_name\":\"Ada Lovelace\"").And.Not.Contain("secret"));
    }

    [Test]
    public async Task Without_allow_event_modification_changes_do_not_count()
    {
        await ScriptAsync("demo.contacts.get.post_process", "event.response.content = 'changed';");
        var reply = await GetAsync(_host, "api/examples/demo/contacts");
        Assert.That(reply.Body, Does.Contain("Lovelace").And.Not.Contain("changed"));
    }

    [Test]
    public async Task A_rest_exception_keeps_its_status()
    {
        await ScriptAsync("demo.contacts.get.pre_process", "throw new RestException(418, 'Sorry Mate');");
        var reply = await GetAsync(_host, "api/examples/demo/contacts");
        Assert.That((int)reply.Status, Is.EqualTo(418), _logs.Text);
        Assert.That(reply.Body, Does.Contain("Sorry Mate"));
    }

    [Test]
    public async Task A_pre_process_response_short_circuits_process()
    {
        await ScriptAsync("demo.*.get.pre_process", "event.setResponse({ stopped: true }, 202);", modify: true);
        var reply = await GetAsync(_host, "api/examples/demo/contacts");
        Assert.That((int)reply.Status, Is.EqualTo(202));
        Assert.That(reply.Body, Is.EqualTo("""{"result":"ok","data":{"stopped":true}}"""));
    }

    [Test]
    public async Task Post_process_runs_after_an_error_and_may_replace_it()
    {
        await ScriptAsync("demo.contacts.get.pre_process", "throw new NotFoundException('gone');");
        await ScriptAsync("demo.contacts.get.post_process", "event.setResponse({ replaced: event.response.status_code }, 200);", modify: true);
        var reply = await GetAsync(_host, "api/examples/demo/contacts");
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(reply.Body, Does.Contain("\"replaced\":404"));
    }

    [Test]
    public async Task Platform_api_calls_another_resource_in_process()
    {
        await ScriptAsync("demo.echo.post.post_process", """
            const contacts = platform.api.get('demo/contacts');
            return { echoed: event.response.content, count: contacts.content.data.resource.length, status: contacts.status_code };
            """);
        var reply = await PostJsonAsync(_host, "api/examples/demo/echo", new Map { ["name"] = "ada" });
        Assert.That(reply.Body, Is.EqualTo("""{"result":"ok","data":{"echoed":"ada","count":2,"status":200}}"""));
    }

    [Test]
    public async Task A_script_calling_itself_ends_at_the_depth_limit()
    {
        await ScriptAsync("demo.contacts.get.pre_process", """
            const nested = platform.api.get('demo/contacts');
            if (nested.status_code !== 200) {
              throw new RestException(nested.status_code, 'nested: ' + JSON.stringify(nested.content));
            }
            """);
        var reply = await GetAsync(_host, "api/examples/demo/contacts");
        Assert.That((int)reply.Status, Is.EqualTo(508));
        Assert.That(reply.Body, Does.Contain("nest deeper"));
        Assert.That((await GetAsync(_host, "api/examples/demo/planets")).Status, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase("javascript")]
    [TestCase("nodejs")]
    public async Task A_batch_exception_carries_its_items_in_the_raw_envelope(string engine)
    {
        await ScriptAsync("demo.contacts.get.pre_process", """
            throw new BatchException('2 of 3 failed', null, { resource: [{ id: 1 }, { error: 'bad' }, { error: 'worse' }] });
            """, engine: engine);
        await SetWrapAsync(false);
        try
        {
            var reply = await GetAsync(_host, "api/examples/demo/contacts");
            Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(reply.Body, Is.EqualTo(
                """{"error":{"code":1000,"context":{"resource":[{"id":1},{"error":"bad"},{"error":"worse"}]},"message":"2 of 3 failed","status_code":400}}"""));
        }
        finally
        {
            await SetWrapAsync(true);
        }
    }

    [Test]
    public async Task A_thrown_string_is_a_500_with_its_message_and_a_status_set_by_the_script_stops_the_request()
    {
        await ScriptAsync("demo.echo.post.pre_process", "throw 'Invalid payload';");
        var thrown = await PostJsonAsync(_host, "api/examples/demo/echo", new Map { ["name"] = "ada" });
        Assert.That(thrown.Status, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(thrown.Body, Does.Contain("Invalid payload").And.Not.Contain("Correlation"));
        await RemoveScripts();
        await ScriptAsync("demo.echo.post.pre_process", """
            if (!event.request.payload.name) {
              event.response = { status_code: 422, content: { error: 'name is required' } };
            }
            """, modify: true);
        var stopped = await PostJsonAsync(_host, "api/examples/demo/echo", new Map { ["other"] = 1L });
        Assert.That((int)stopped.Status, Is.EqualTo(422));
        Assert.That(stopped.Body, Does.Contain("name is required"));
        Assert.That((await PostJsonAsync(_host, "api/examples/demo/echo", new Map { ["name"] = "ada" })).Body, Does.Contain("ada"));
    }

    [Test]
    public async Task A_pre_process_script_may_change_the_payload_the_tree_reads()
    {
        await ScriptAsync("demo.echo.post.pre_process", """
            const payload = event.request.payload;
            payload.name = payload.name.toUpperCase();
            event.request.payload = payload;
            """, modify: true);
        var reply = await PostJsonAsync(_host, "api/examples/demo/echo", new Map { ["name"] = "ada" });
        Assert.That(reply.Body, Is.EqualTo("""{"result":"ok","data":"ADA"}"""));
    }

    [Test]
    public async Task A_scripted_resource_reads_the_payload_a_pre_process_script_changed()
    {
        await PublishAsync(_host, """
            name: Shout
            description: Answers the name it was posted, as a pre-process script left it.
            account: examples
            application: demo
            uri: shout
            method: post
            ttl: 0
            process:
              processor: script
              id: shout
              code: "return [event.request.payload.name, JSON.parse(event.request.content).name];"
            """);
        await ScriptAsync("demo.shout.post.pre_process", """
            event.request.payload = { name: event.request.payload.name.toUpperCase() };
            """, modify: true);
        var reply = await PostJsonAsync(_host, "api/examples/demo/shout", new Map { ["name"] = "ada" });
        Assert.That(reply.Body, Is.EqualTo("""{"result":"ok","data":["ADA","ADA"]}"""));
    }

    [Test]
    public async Task Scripts_run_least_specific_first()
    {
        await ScriptAsync("demo.contacts.get.post_process", "event.response.content = event.response.content + ' specific';", modify: true);
        await ScriptAsync("demo.*.get.post_process", "event.response.content = 'wildcard';", modify: true);
        var reply = await GetAsync(_host, "api/examples/demo/contacts");
        Assert.That(reply.Body, Is.EqualTo("""{"result":"ok","data":"wildcard specific"}"""));
    }

    [TestCase("javascript")]
    [TestCase("nodejs")]
    public async Task Custom_logging_posts_through_platform_api_and_sets_the_response_in_its_callback(string engine)
    {
        await ScriptAsync("demo.contacts.get.post_process", """
            const count = event.response.content.resource.length;
            console.log('contacts read:', count);
            platform.api.post('demo/echo', { name: 'logged ' + count }, '', function (body, response) {
              event.setResponse({ log: JSON.parse(body).data, status: response.statusCode, message: response.statusMessage });
            });
            """, modify: true, engine: engine);
        var reply = await GetAsync(_host, "api/examples/demo/contacts");
        Assert.That(reply.Body, Is.EqualTo("""{"result":"ok","data":{"log":"logged 2","status":200,"message":"OK"}}"""));
        Assert.That(_logs.Lines, Has.Some.Contains("RequestScripts").And.Contains("demo.contacts.get.post_process").And.Contains("contacts read: 2"));
    }

    [Test]
    public async Task A_scripted_service_forwards_the_request_by_method_through_platform_api()
    {
        await PublishAsync(_host, """
            name: Obfuscated contacts
            description: Forwards to the contacts and hides who they are.
            account: examples
            application: demo
            uri: people
            method: get
            ttl: 0
            process:
              processor: script
              id: forward
              vars:
                mask:
                  processor: var_get
                  id: mask
                  key: mask
                  nullable: true
              code: |
                const method = event.request.method.toLowerCase();
                const result = platform.api[method]('demo/contacts', null, { parameters: event.request.parameters });
                if (result.status_code !== 200) {
                  throw new RestException(result.status_code, 'contacts failed');
                }
                return result.content.data.resource.map((c) => ({ first_name: c.first_name[0] + (mask || '***') }));
            """);
        var reply = await GetAsync(_host, "api/examples/demo/people?mask=%23%23");
        Assert.That(reply.Body, Is.EqualTo("""{"result":"ok","data":[{"first_name":"A##"},{"first_name":"A##"}]}"""));
    }

    [Test]
    public async Task A_script_node_answers_with_the_status_it_set()
    {
        await PublishAsync(_host, """
            name: Teapot
            description: A script node that sets the response.
            account: examples
            application: demo
            uri: teapot
            method: get
            ttl: 0
            process:
              processor: script
              id: brew
              code: "event.setResponse({ brewing: false }, 418);"
            """);
        var reply = await GetAsync(_host, "api/examples/demo/teapot");
        Assert.That((int)reply.Status, Is.EqualTo(418));
        Assert.That(reply.Body, Is.EqualTo("""{"result":"ok","data":{"brewing":false}}"""));
    }

    private async Task SetWrapAsync(bool wrap)
    {
        var app = _host.Registry.Applications[_appid];
        var settings = app.Settings with { Wrap = wrap };
        await _host.Database.Database.InTransactionAsync(db => ApplicationMapper.UpdateAsync(db, app.Appid, app.Accid, app.Name, settings.ToJson()));
        await _host.Registry.ReloadApplicationsAsync();
    }

    private static readonly string[] Engines = ["javascript", "csharp", "nodejs", "python"];

    [TestCaseSource(nameof(Engines))]
    public async Task Every_engine_keeps_the_status_a_script_threw(string engine)
    {
        var content = engine switch
        {
            "python" => "raise RestException(418, 'Sorry Mate')",
            "csharp" => "throw new RestException(418, \"Sorry Mate\");",
            _ => "throw new RestException(418, 'Sorry Mate');",
        };
        await ScriptAsync("demo.contacts.get.pre_process", content, engine: engine);
        var reply = await GetAsync(_host, "api/examples/demo/contacts");
        Assert.That((int)reply.Status, Is.EqualTo(418), reply.Body);
        Assert.That(reply.Body, Is.EqualTo("""{"result":"error","data":{"id":"demo.contacts.get.post_process","code":418,"message":"Sorry Mate"}}""".Replace("post_process", "pre_process")));
    }

    [TestCaseSource(nameof(Engines))]
    public async Task Every_engine_reshapes_a_response_and_calls_platform_api(string engine)
    {
        var content = engine switch
        {
            "python" => "r = platform.api.post('demo/echo', {'name': 'x'})\nreturn 'n=' + event['response']['content']['resource'][0]['first_name'] + ' ' + str(r['status_code'])",
            "csharp" => "var r = await platform.api.postAsync(\"demo/echo\", new Dictionary<string, object> { [\"name\"] = \"x\" });\n" +
                "return \"n=\" + @event.response.content[\"resource\"][0][\"first_name\"] + \" \" + r[\"status_code\"];",
            "nodejs" => "const r = await platform.api.post('demo/echo', { name: 'x' });\nreturn 'n=' + event.response.content.resource[0].first_name + ' ' + r.status_code;",
            _ => "const r = platform.api.post('demo/echo', { name: 'x' });\nreturn 'n=' + event.response.content.resource[0].first_name + ' ' + r.status_code;",
        };
        await ScriptAsync("demo.contacts.get.post_process", content, engine: engine);
        var reply = await GetAsync(_host, "api/examples/demo/contacts");
        Assert.That(reply.Body, Is.EqualTo("""{"result":"ok","data":"n=Ada 200"}"""));
    }

    /// <summary>The snippets of the README's event scripts section, each over a POST of the echo resource.</summary>
    [TestCase("csharp", "pre_process", false, "\"ada\"")]
    [TestCase("nodejs", "pre_process", true, "{\"planets\":4,\"status\":200}")]
    [TestCase("python", "post_process", false, "\"Mercury\"")]
    public async Task The_readme_examples_run(string engine, string phase, bool modify, string data)
    {
        var fence = engine switch { "csharp" => "```csharp", "nodejs" => "```js\n// Node.js", _ => "```python" };
        var readme = await File.ReadAllTextAsync(TestHost.RepositoryFolder("README.md"));
        var start = readme.IndexOf(fence, readme.IndexOf("## Event scripts", StringComparison.Ordinal), StringComparison.Ordinal);
        var code = readme[(readme.IndexOf('\n', start) + 1)..readme.IndexOf("```", start + fence.Length, StringComparison.Ordinal)];
        await ScriptAsync($"demo.echo.post.{phase}", code, modify, engine);
        var refused = await PostJsonAsync(_host, "api/examples/demo/echo", new Map { ["name"] = "ada" });
        Assert.That(refused.Status, Is.EqualTo(engine == "nodejs" ? HttpStatusCode.OK : HttpStatusCode.BadRequest), refused.Body);
        var reply = await PostJsonAsync(_host, "api/examples/demo/echo", new Map { ["name"] = "ada", ["qty"] = 2L });
        Assert.That(reply.Body, Is.EqualTo($$"""{"result":"ok","data":{{data}}}"""));
    }

    [Test]
    public void A_script_node_whose_javascript_does_not_parse_is_refused_at_publish()
    {
        var error = Assert.ThrowsAsync<ResourceValidationException>(() => PublishAsync(_host, """
            name: Broken script
            description: A script node that does not parse.
            account: examples
            application: demo
            uri: broken
            method: get
            ttl: 0
            process:
              processor: script
              id: broken_code
              code: "let x = 1;\nreturn x +;"
            """))!;
        Assert.That(error.Message, Does.Contain("broken_code").And.Contain("'code' is not valid JavaScript").And.Contain("line 2"));
    }

    [Test]
    public async Task Platform_api_calls_as_the_caller_so_the_callee_security_sees_them()
    {
        await PublishAsync(_host, """
            name: Signed-in only
            description: Answers signed-in callers.
            account: examples
            application: demo
            uri: signed-in
            method: get
            ttl: 0
            security:
              processor: validate_token
              id: signed_in
            process: welcome
            """);
        await ScriptAsync("demo.contacts.get.post_process", "const r = platform.api.get('demo/signed-in'); return [r.status_code, platform.session.user];");
        var anonymous = await GetAsync(_host, "api/examples/demo/contacts");
        Assert.That(anonymous.Body, Is.EqualTo("""{"result":"ok","data":[401,null]}"""));
        var token = (string)(await LoginAsync(_host, "admin", TestHost.AdminPassword))["token"]!;
        var signedIn = await GetAsync(_host, "api/examples/demo/contacts", token);
        Assert.That(signedIn.Body, Does.StartWith("""{"result":"ok","data":[200,"""));
    }

    [TestCase("X-Order", "'ok'", null)]
    [TestCase("X-Order", "'a\\r\\nSet-Cookie: stolen=1'", "a value a header cannot carry")]
    [TestCase("Content-Length", "'1'", "which scripts cannot set")]
    [TestCase("Bad Name", "'1'", "which scripts cannot set")]
    public async Task Headers_a_script_sets_follow_the_response_processors_rules(string name, string value, string? refusal)
    {
        await ScriptAsync("demo.contacts.get.post_process",
            $"event.setResponse('set', 200, 'text/plain'); event.response.headers['{name}'] = {value};", modify: true);
        var reply = await GetAsync(_host, "api/examples/demo/contacts");
        if (refusal is null)
        {
            Assert.That((reply.Status, reply.Body, reply.Response.Headers.GetValues(name).Single()), Is.EqualTo((HttpStatusCode.OK, "set", "ok")));
        }
        else
        {
            Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.InternalServerError));
            Assert.That(reply.Body, Does.Contain(refusal));
            Assert.That(reply.Response.Headers.Contains("Set-Cookie"), Is.False);
        }
    }
}
