using System.Diagnostics;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Scripting;
using ApiStudio.Engine.Scripting.Workers;
using ApiStudio.Engine.Values;
using static ApiStudio.Tests.Engine.Scripting.WorkerHarness;

namespace ApiStudio.Tests.Engine.Scripting;

/// <summary>
/// Node.js scripts on worker processes of the real <c>node</c>: the event, platform and variables, <c>platform.api</c>
/// proxied over the pipe (await and DreamFactory's callbacks), DreamFactory's exceptions with their status, syntax
/// checks with lines, modules from the configured folder — and hostile scripts, each ended with a clear error while
/// the pool heals itself.
/// </summary>
public class NodeJsEngineTests
{
    private NodeJsEngine _engine = null!;

    [OneTimeSetUp]
    public void Start() => _engine = Node();

    [OneTimeTearDown]
    public void Stop() => _engine.Dispose();

    /// <summary>After a hostile run the engine still answers.</summary>
    private static async Task StillWorks(IScriptEngine engine) =>
        Assert.That((await Run(engine, "return 1 + 1;")).Value, Is.EqualTo(2L));

    [Test]
    public void The_engine_is_named_nodejs() => Assert.That(_engine.Name, Is.EqualTo(ScriptEngines.NodeJs));

    [Test]
    public async Task The_script_reads_and_changes_the_event_and_returns_a_result()
    {
        var run = await Run(_engine, """
            const payload = event.request.payload;
            payload.total = payload.items.reduce((s, i) => s + i, 0);
            event.request.headers['x-seen'] = 'yes';
            event.setResponse({ greeting: 'hello ' + payload.name }, 201, 'application/json');
            return { total: payload.total, half: payload.total / 4, resource: event.resource, user: platform.session.user.email, app: platform.config.app };
            """);
        var result = (Map)run.Value!;
        Assert.That((result["total"], result["half"], result["resource"], result["user"], result["app"]),
            Is.EqualTo((6L, 1.5, "orders", "ada@example.com", "shop")));
        var request = (Map)run.Outcome.Event["request"]!;
        Assert.That(((Map)request["payload"]!)["total"], Is.EqualTo(6L));
        Assert.That(((Map)request["headers"]!)["x-seen"], Is.EqualTo("yes"));
        var response = (Map)run.Outcome.Event["response"]!;
        Assert.That(response["content"], Is.EqualTo(new Map { ["greeting"] = "hello ada" }));
        Assert.That((response["status_code"], response["content_type"]), Is.EqualTo((201L, "application/json")));
    }

    [Test]
    public async Task SetRequest_replaces_the_request_and_nothing_returned_is_null()
    {
        var run = await Run(_engine, "event.setRequest({ method: 'GET', payload: null });");
        Assert.That(run.Value, Is.Null);
        Assert.That(run.Outcome.Event["request"], Is.EqualTo(new Map { ["method"] = "GET", ["payload"] = null }));
    }

    [Test]
    public async Task Variables_are_variables_of_their_own()
    {
        var run = await Run(_engine, "return [greeting + ' ' + who.name, count * 2];",
            variables: new Map { ["greeting"] = "hi", ["who"] = new Map { ["name"] = "bob" }, ["count"] = 21L });
        Assert.That(run.Value, Is.EqualTo(new List<object?> { "hi bob", 42L }));
    }

    [Test]
    public async Task Console_and_stdout_become_log_lines_and_never_the_protocol()
    {
        var run = await Run(_engine, """
            console.log('hello', { a: 1 });
            console.error('to stderr');
            process.stdout.write('garbage');
            process.stdout.write('{"t":"done","id":1}\n');
            require('fs').writeSync(1, '{"garbage');
            return 'ok';
            """);
        Assert.That(run.Value, Is.EqualTo("ok"));
        Assert.That(run.Log, Does.Contain("hello { a: 1 }").And.Contain("to stderr").And.Contain("{\"garbage"));
        Assert.That(run.Log, Has.Some.Contains("garbage{\"t\":\"done\",\"id\":1}"));
        await StillWorks(_engine);
        using var engine = Node(o => o.Workers = 1);
        await Run(engine, "console.log = () => {};");
        Assert.That((await Run(engine, "console.log('still logged');")).Log, Is.EqualTo(new[] { "still logged" }));
        Assert.That((await Run(engine, "for (let i = 0; i < 5000; i++) console.log(i);")).Log, Has.Count.EqualTo(1000));
    }

    [Test]
    public async Task Platform_api_calls_are_proxied_to_the_host_with_await()
    {
        var api = new RecordingApi();
        var run = await Run(_engine, """
            const a = await platform.api.get('db/_table/orders', null, { parameters: { limit: 5 } });
            const b = await platform.api.post('db/_table/orders', { resource: [{ id: 1 }] });
            await platform.api.put('x', 1); await platform.api.patch('y', 2); await platform.api.delete('z');
            return [a.status_code, a.content.path, b.content.payload, a.headers['x-served-by'], a.content_type];
            """, api: api);
        Assert.That(run.Value, Is.EqualTo(new List<object?>
        {
            200L, "db/_table/orders", new Map { ["resource"] = new List<object?> { new Map { ["id"] = 1L } } }, "test", "application/json",
        }));
        var calls = api.Calls.ToList();
        Assert.That(calls.Select(c => c.Method), Is.EqualTo(new[] { "get", "post", "put", "patch", "delete" }));
        Assert.That(calls[0].Options, Is.EqualTo(new Map { ["parameters"] = new Map { ["limit"] = 5L } }));
        Assert.That(calls[1].Payload, Is.EqualTo(new Map { ["resource"] = new List<object?> { new Map { ["id"] = 1L } } }));
    }

    [Test]
    public async Task DreamFactory_callbacks_run_before_the_run_ends()
    {
        var api = new RecordingApi();
        var run = await Run(_engine, """
            platform.api.post('mail/send', { to: 'ada' }, '', function (body, response) {
              const parsed = JSON.parse(body);
              setTimeout(() => {}, 1);
              event.setResponse({ sent: parsed.payload.to, status: response.statusCode, via: response.headers['x-served-by'] });
            });
            platform.api.get('later', '', {}, (body) => { event.later = JSON.parse(body).path; });
            """, api: api);
        Assert.That(api.Calls, Has.Count.EqualTo(2));
        var response = (Map)run.Outcome.Event["response"]!;
        Assert.That(response["content"], Is.EqualTo(new Map { ["sent"] = "ada", ["status"] = 200L, ["via"] = "test" }));
        Assert.That(run.Outcome.Event["later"], Is.EqualTo("later"));
    }

    [Test]
    public async Task Parallel_platform_api_calls_are_answered_each_to_its_own()
    {
        var api = new RecordingApi
        {
            Handler = async (call, token) =>
            {
                await Task.Delay(call.Path == "slow" ? 50 : 1, token);
                return RecordingApi.Response(200, call.Path);
            },
        };
        var run = await Run(_engine, """
            const all = await Promise.all(['slow', 'fast', 'other'].map((p) => platform.api.get(p)));
            return all.map((r) => r.content);
            """, api: api);
        Assert.That(run.Value, Is.EqualTo(new List<object?> { "slow", "fast", "other" }));
    }

    [Test]
    public async Task A_refused_api_call_throws_with_its_status_and_the_status_survives()
    {
        var api = new RecordingApi { Handler = (_, _) => throw new ApiException("Not allowed here.", ErrorCodes.Authentication, null, 403) };
        var caught = await Run(_engine, """
            try { await platform.api.get('system/admin'); } catch (e) { return [e.name, e.status_code, e.message]; }
            """, api: api);
        Assert.That(caught.Value, Is.EqualTo(new List<object?> { "RestException", 403L, "Not allowed here." }));
        var error = await Fails(_engine, "await platform.api.get('system/admin');", api);
        Assert.That((error.HttpStatus, error.Message), Is.EqualTo((403, "Not allowed here.")));
        var callback = await Run(_engine, "platform.api.get('system/admin', '', (body, response) => { event.got = [response.statusCode, JSON.parse(body).error.message]; });", api: api);
        Assert.That(callback.Outcome.Event["got"], Is.EqualTo(new List<object?> { 403L, "Not allowed here." }));
    }

    [Test]
    public async Task A_nested_call_runs_another_script_even_with_every_worker_busy()
    {
        using var engine = Node(o => o.Workers = 1);
        RecordingApi? api = null;
        api = new RecordingApi
        {
            Handler = async (call, token) =>
            {
                var inner = await Run(engine, "return 'inner ' + (await platform.api.get('leaf')).content;",
                    api: new RecordingApi { Handler = (_, _) => Task.FromResult(RecordingApi.Response(200, "leaf")) }, cancellationToken: token);
                return RecordingApi.Response(200, inner.Value);
            },
        };
        var run = await Run(engine, "return 'outer ' + (await platform.api.get('inner')).content;", api: api);
        Assert.That(run.Value, Is.EqualTo("outer inner leaf"));
        Assert.That(engine.WorkerProcessIds, Has.Count.EqualTo(1), "the extra worker of the nested run ended with it");
    }

    [Test]
    public async Task RestException_keeps_the_status_the_script_chose()
    {
        var error = await Fails(_engine, "throw new RestException(418, 'Sorry Mate');");
        Assert.That((error.HttpStatus, error.Code, error.Message), Is.EqualTo((418, 418, "Sorry Mate")));
        error = await Fails(_engine, "throw new RestException(409, 'Taken', 7);");
        Assert.That((error.HttpStatus, error.Code), Is.EqualTo((409, 7)));
    }

    [Test]
    public async Task Every_named_exception_has_its_status_and_code()
    {
        foreach (var kind in ScriptExceptions.All)
        {
            var error = await Fails(_engine, $"throw new {kind.Name}('{kind.Name} here');");
            Assert.That((error.HttpStatus, error.Code, error.Message), Is.EqualTo((kind.Status, kind.Code ?? kind.Status, $"{kind.Name} here")), kind.Name);
        }
        var coded = await Fails(_engine, "const e = new NotFoundException('No order', 1234); throw e;");
        Assert.That((coded.HttpStatus, coded.Code), Is.EqualTo((404, 1234)));
        var caught = await Run(_engine, "try { throw new ForbiddenException('no'); } catch (e) { return [e instanceof Error, e.name, e.status_code, e.code]; }");
        Assert.That(caught.Value, Is.EqualTo(new List<object?> { true, "ForbiddenException", 403L, 403L }));
    }

    [Test]
    public async Task BatchException_carries_its_context()
    {
        var error = await Fails(_engine, "throw new BatchException('Some items failed', null, { resource: [{ id: 1 }, { error: 'bad' }] });");
        Assert.That((error.HttpStatus, error.Code, error.Message), Is.EqualTo((400, 1000, "Some items failed")));
        Assert.That(error.Context, Is.EqualTo(new Map { ["resource"] = new List<object?> { new Map { ["id"] = 1L }, new Map { ["error"] = "bad" } } }));
        var property = await Fails(_engine, "const e = new BatchException('Partly'); e.context = { errors: [2] }; throw e;");
        Assert.That(property.Context, Is.EqualTo(new Map { ["errors"] = new List<object?> { 2L } }));
    }

    [Test]
    public async Task A_plain_error_is_a_500_with_its_message_and_line()
    {
        var error = await Fails(_engine, "const x = 1;\nthrow new Error('payload is missing name');");
        Assert.That((error.HttpStatus, error.Message), Is.EqualTo((500, "payload is missing name (line 2)")));
        error = await Fails(_engine, "const o = null;\n\nreturn o.name;");
        Assert.That(error.Message, Does.StartWith("TypeError: ").And.EndWith("(line 3)"));
        error = await Fails(_engine, "throw 'just a string';");
        Assert.That((error.HttpStatus, error.Message), Is.EqualTo((500, "just a string")));
        error = await Fails(_engine, "setTimeout(() => { throw new ConflictResourceException('late'); }, 1); await new Promise((r) => setTimeout(r, 20));");
        Assert.That((error.HttpStatus, error.Message), Is.EqualTo((409, "late")));
        await StillWorks(_engine);
    }

    [Test]
    public async Task The_syntax_check_gives_nodes_message_and_the_scripts_line_and_column()
    {
        var error = await _engine.CheckAsync("const a = 1;\nconst b = ;\nreturn a;", CancellationToken.None);
        Assert.That(error, Is.Not.Null);
        Assert.That((error!.Line, error.Column), Is.EqualTo((2, 11)));
        Assert.That(error.Message, Does.Contain("Unexpected token"));
        error = await _engine.CheckAsync("if (x {", CancellationToken.None);
        Assert.That(error!.Line, Is.EqualTo(1));
        Assert.That(await _engine.CheckAsync("const r = await platform.api.get('x');\nreturn r; // last line comment", CancellationToken.None), Is.Null);
        Assert.That(await _engine.CheckAsync("", CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task A_script_that_does_not_compile_fails_the_run_with_its_line()
    {
        var error = await Stopped(_engine, "let a = 1;\nlet = = 2;");
        Assert.That(error.Message, Does.Contain("does not compile").And.Contain("line 2"));
        await StillWorks(_engine);
    }

    [Test]
    public async Task A_script_version_is_prepared_once_per_worker_and_forgotten_on_request()
    {
        using var engine = Node(o => o.Workers = 1);
        Assert.That((await Run(engine, "return 1;", sid: 7, version: 1)).Value, Is.EqualTo(1L));
        // Same id and version: the worker runs what it prepared (the host does not send the text again).
        Assert.That((await Run(engine, "return 2;", sid: 7, version: 1)).Value, Is.EqualTo(1L));
        Assert.That((await Run(engine, "return 2;", sid: 7, version: 2)).Value, Is.EqualTo(2L));
        engine.Forget(7);
        Assert.That((await Run(engine, "return 3;", sid: 7, version: 2)).Value, Is.EqualTo(3L));
        // Inline scripts are keyed by their text.
        Assert.That((await Run(engine, "return 'a';")).Value, Is.EqualTo("a"));
        Assert.That((await Run(engine, "return 'b';")).Value, Is.EqualTo("b"));
    }

    [Test]
    public async Task Modules_installed_in_the_modules_folder_are_required()
    {
        using var modules = new TempFolder();
        modules.Write("node_modules/greeter/package.json", """{ "name": "greeter", "version": "1.0.0", "main": "index.js" }""");
        modules.Write("node_modules/greeter/index.js", "module.exports = (name) => 'hello ' + name;");
        using var engine = Node(o => o.ModulesPath = modules.Path);
        Assert.That((await Run(engine, "const greet = require('greeter');\nreturn greet(event.request.payload.name);")).Value, Is.EqualTo("hello ada"));
        Assert.That((await Run(engine, "return require('path').join('a', 'b');")).Value, Is.EqualTo("a/b"));
        var missing = await Fails(engine, "require('not-installed');");
        Assert.That(missing.Message, Does.Contain("Cannot find module 'not-installed'"));
    }

    [Test]
    public async Task An_endless_loop_ends_at_the_time_limit_and_the_worker_is_replaced()
    {
        using var engine = Node(o => o.Workers = 1);
        await StillWorks(engine);
        var before = engine.WorkerProcessIds.Single();
        var clock = Stopwatch.StartNew();
        var error = await Stopped(engine, "while (true) {}");
        Assert.That(error.Message, Does.Contain("ran longer than its time limit of 1 s"));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
        await AllEnded([before]);
        await StillWorks(engine);
        Assert.That(engine.WorkerProcessIds.Single(), Is.Not.EqualTo(before));
    }

    [Test]
    public async Task Deep_recursion_is_an_error_of_the_script()
    {
        var error = await Fails(_engine, "function down(n) { return down(n + 1) + 1; }\nreturn down(0);");
        Assert.That((error.HttpStatus, error.Message), Is.EqualTo((500, "RangeError: Maximum call stack size exceeded (line 1)")));
        await StillWorks(_engine);
    }

    [Test]
    public async Task A_memory_hog_ends_at_the_memory_limit()
    {
        using var engine = Node(o => { o.Workers = 1; o.MemoryMegabytes = 96; o.TimeoutSeconds = 20; });
        var clock = Stopwatch.StartNew();
        var error = await Stopped(engine, "const a = []; while (true) { a.push(new Array(100000).fill(a.length)); }");
        Assert.That(error.Message, Does.Contain("more than its memory limit of 96 MiB"));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(15)));
        var buffers = await Stopped(engine, "const a = []; while (true) { a.push(Buffer.alloc(16 * 1024 * 1024, 1)); }");
        Assert.That(buffers.Message, Does.Contain("memory limit"));
        await StillWorks(engine);
    }

    [Test]
    public async Task Process_exit_ends_the_worker_with_a_clear_error()
    {
        using var engine = Node(o => o.Workers = 1);
        var error = await Stopped(engine, "process.exit(3);");
        Assert.That(error.Message, Does.Contain("worker ended unexpectedly (exit code 3)"));
        error = await Stopped(engine, "await platform.api.get('first'); process.kill(process.pid, 'SIGKILL');");
        Assert.That(error.Message, Does.Contain("worker ended unexpectedly"));
        await StillWorks(engine);
    }

    [Test]
    public async Task Endless_output_without_a_newline_ends_the_run_and_not_the_host()
    {
        using var engine = Node(o => { o.Workers = 1; o.TimeoutSeconds = 20; });
        var clock = Stopwatch.StartNew();
        var error = await Stopped(engine, "const fs = require('fs'); const chunk = 'x'.repeat(1 << 16); while (true) { try { fs.writeSync(1, chunk); } catch (e) { /* full pipe */ } }");
        Assert.That(error.Message, Does.Contain("wrote a line longer than 64 Mi characters"));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(15)));
        await StillWorks(engine);
    }

    [Test]
    public async Task Reading_stdin_finds_nothing()
    {
        var run = await Run(_engine, """
            let data = '';
            process.stdin.on('data', (d) => { data += d; });
            await new Promise((resolve) => process.stdin.on('end', resolve));
            return data;
            """);
        Assert.That(run.Value, Is.EqualTo(""));
        await StillWorks(_engine);
    }

    [Test]
    public async Task The_hosts_environment_is_not_visible()
    {
        Environment.SetEnvironmentVariable("APISTUDIO_SECRET_TEST", "x");
        try
        {
            using var engine = Node();
            var run = await Run(engine, "return [process.env.APISTUDIO_SECRET_TEST ?? null, Object.keys(process.env).sort()];");
            var values = (List<object?>)run.Value!;
            Assert.That(values[0], Is.Null);
            Assert.That(((List<object?>)values[1]!).Cast<string>(), Is.SubsetOf(new[] { "PATH", "HOME", "TMPDIR", "LANG", "NODE_PATH" }));
        }
        finally
        {
            Environment.SetEnvironmentVariable("APISTUDIO_SECRET_TEST", null);
        }
    }

    [Test]
    public async Task A_hundred_slow_scripts_wait_in_line_for_a_worker()
    {
        using var engine = Node(o => o.Workers = 4);
        var clock = Stopwatch.StartNew();
        var runs = Enumerable.Range(0, 100).Select(i =>
            Run(engine, "await new Promise((r) => setTimeout(r, 20)); return n;", variables: new Map { ["n"] = (long)i })).ToList();
        var results = await Task.WhenAll(runs);
        Assert.That(results.Select(r => r.Value), Is.EqualTo(Enumerable.Range(0, 100).Select(i => (object?)(long)i)));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
        Assert.That(engine.WorkerProcessIds, Has.Count.EqualTo(4));
    }

    [Test]
    public async Task Concurrent_endless_loops_each_end_at_their_limit_and_the_pool_heals()
    {
        using var engine = Node(o => { o.Workers = 2; o.TimeoutSeconds = 0.5; });
        var clock = Stopwatch.StartNew();
        var errors = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Stopped(engine, "while (true) {}")));
        Assert.That(errors.Select(e => e.Message), Has.All.Contains("time limit"));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
        await StillWorks(engine);
    }

    [Test]
    public async Task Cancellation_kills_a_busy_worker_and_ends_waiting()
    {
        using var engine = Node(o => { o.Workers = 1; o.TimeoutSeconds = 30; });
        await StillWorks(engine);
        var busy = engine.WorkerProcessIds.Single();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var running = Run(engine, "while (true) {}", cancellationToken: cancel.Token);
        var waiting = Run(engine, "return 'never';", cancellationToken: cancel.Token);
        var clock = Stopwatch.StartNew();
        Assert.That(async () => await running, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(async () => await waiting, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
        await AllEnded([busy]);
        await StillWorks(engine);
    }

    [Test]
    public async Task A_missing_interpreter_is_a_clear_error()
    {
        var options = new ApiStudio.Engine.Hosting.ApiStudioOptions();
        options.Scripting.NodeJs.Executable = "/nonexistent/bin/node";
        using var engine = new NodeJsEngine(Microsoft.Extensions.Options.Options.Create(options));
        var error = await Stopped(engine, "return 1;");
        Assert.That(error.Message, Does.Contain("Node.js interpreter '/nonexistent/bin/node' could not be started"));
        var check = Assert.ThrowsAsync<ApiException>(async () => await engine.CheckAsync("return 1;", CancellationToken.None))!;
        Assert.That(check.Message, Does.Contain("could not be started"));
        options.Scripting.NodeJs.Executable = "/bin/false";
        using var broken = new NodeJsEngine(Microsoft.Extensions.Options.Options.Create(options));
        var exited = await Stopped(broken, "return 1;");
        Assert.That(exited.Message, Does.Contain("worker did not start (is '/bin/false' a working"));
    }

    [Test]
    public async Task Disposing_the_engine_ends_its_processes()
    {
        var engine = Node(o => o.Workers = 3);
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Run(engine, "await new Promise((r) => setTimeout(r, 50)); return 1;")));
        var pids = engine.WorkerProcessIds;
        Assert.That(pids, Has.Count.EqualTo(3));
        engine.Dispose();
        await AllEnded(pids);
    }
}
