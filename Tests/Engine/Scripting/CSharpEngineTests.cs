using System.Collections.Concurrent;
using System.Diagnostics;
using ApiStudio.Engine.Hosting;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Scripting;
using ApiStudio.Engine.Scripting.CSharp;
using ApiStudio.Engine.Values;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ApiStudio.Tests.Engine.Scripting;

/// <summary>
/// The C# engine: the event read and changed as plain values, setResponse, results, variables, the log, platform.api,
/// the exception classes, compile errors with their place, one compilation per script version, and hostile scripts —
/// endless loops, loops that catch everything, endless recursion, memory hogs, long sleeps, many at once — each
/// stopped at its limit with a clear error while the engine keeps working.
/// </summary>
[Parallelizable(ParallelScope.None)]
public class CSharpEngineTests
{
    private const string Script = "shop.employees.post.pre_process";

    // One engine for the well-behaved scripts: compiling is the slow part, and each script compiles once.
    private static readonly CSharpEngine Shared = Engine();

    private static CSharpEngine Engine(double timeoutSeconds = 1, long memoryBytes = 64L * 1024 * 1024)
    {
        var options = new ApiStudioOptions();
        options.Scripting.CSharp.TimeoutSeconds = timeoutSeconds;
        options.Scripting.CSharp.MemoryBytes = memoryBytes;
        return new CSharpEngine(Options.Create(options));
    }

    private static Map Event() => new()
    {
        ["request"] = new Map
        {
            ["api_version"] = "2.0",
            ["method"] = "POST",
            ["parameters"] = new Map { ["id"] = "7" },
            ["headers"] = new Map { ["accept"] = "application/json" },
            ["content"] = "{\"name\":\"ada\"}",
            ["content_type"] = "application/json",
            ["payload"] = new Map { ["name"] = "ada", ["items"] = new List<object?> { 1L, 2L, 3L } },
            ["uri"] = "/api/v2/shop/employees",
            ["service"] = "shop",
        },
        ["response"] = null,
        ["resource"] = "employees",
    };

    private sealed class FakeApi : IScriptPlatformApi
    {
        public ConcurrentQueue<(string Method, string Path, object? Payload, Map? Options)> Calls { get; } = new();

        public async Task<Map> CallAsync(string method, string path, object? payload, Map? options, CancellationToken cancellationToken)
        {
            await Task.Yield();
            Calls.Enqueue((method, path, payload, options));
            if (path == "forbidden")
            {
                throw new ApiException("Calls to forbidden are not allowed.", ErrorCodes.InvalidCall, null, 403);
            }
            return new Map { ["status_code"] = 200L, ["content"] = new Map { ["path"] = path, ["method"] = method }, ["content_type"] = "application/json", ["headers"] = new Map() };
        }
    }

    private static ScriptRun Run(Map? @event = null, IScriptPlatformApi? api = null, List<string>? log = null, Map? variables = null,
        CancellationToken cancellationToken = default) => new()
    {
        Event = @event ?? Event(),
        Platform = new Map { ["config"] = new Map { ["region"] = "eu" }, ["session"] = new Map { ["user"] = new Map { ["email"] = "ada@example.com" } } },
        Api = api ?? new FakeApi(),
        Log = line => { lock (log ?? []) { log?.Add(line); } },
        Variables = variables ?? new Map(),
        CancellationToken = cancellationToken,
    };

    private static Task<ScriptOutcome> Go(string script, ScriptRun? run = null, CSharpEngine? engine = null, long sid = 0, long version = 1) =>
        (engine ?? Shared).RunAsync(new ScriptSource(sid, version, Script, script), run ?? Run());

    private static async Task<ApiException> Fails(string script, CSharpEngine? engine = null, ScriptRun? run = null)
    {
        try
        {
            await Go(script, run, engine);
        }
        catch (ApiException error)
        {
            return error;
        }
        Assert.Fail("The script did not fail.");
        return null!;
    }

    /// <summary>A limit: 500 naming the script and why, within <paramref name="within"/>.</summary>
    private static async Task<ApiException> Stopped(CSharpEngine engine, string script, string why, double within = 4)
    {
        await engine.PrepareAsync(new ScriptSource(0, 1, Script, script));
        var clock = Stopwatch.StartNew();
        var error = await Fails(script, engine);
        TestContext.Out.WriteLine($"{clock.Elapsed.TotalSeconds:0.00} s: {script}");
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(within)), error.Message);
        Assert.That(error.HttpStatus, Is.EqualTo(500));
        Assert.That(error.Message, Does.StartWith($"Script {Script} failed: ").And.Contain(why));
        return error;
    }

    /// <summary>After a hostile run the engine still answers.</summary>
    private static async Task StillWorks(CSharpEngine engine) =>
        Assert.That((await Go("return 1 + 1;", engine: engine)).Result, Is.EqualTo(2L));

    [Test]
    public async Task The_event_is_read_with_members_or_indexers()
    {
        var outcome = await Go("""
            string name = @event.request.payload["name"];
            long second = @event.request.payload.items[1];
            return $"{name} {@event.request.payload.name} {@event.request.method} {@event.request.parameters["id"]} {second} {@event.resource} {@event.response == null} {@event.request.payload.missing == null}";
            """);
        Assert.That(outcome.Result, Is.EqualTo("ada ada POST 7 2 employees True True"));
    }

    [Test]
    public async Task Changes_to_the_event_come_back_as_plain_values_and_leave_the_callers_event_alone()
    {
        var original = Event();
        var outcome = await Go("""
            @event.request.payload.name = "grace";
            @event.request.payload["count"] = 3;
            @event.request.payload.items.Add(4);
            @event.request.headers["x-extra"] = new { a = 1, b = new[] { 1.5f }, c = 'x' };
            @event.request.parameters.Remove("id");
            @event.resource = "staff";
            """, Run(original));
        var request = (Map)outcome.Event["request"]!;
        var payload = (Map)request["payload"]!;
        Assert.That(payload["name"], Is.EqualTo("grace"));
        Assert.That(payload["count"], Is.EqualTo(3L));
        Assert.That(payload["items"], Is.EqualTo(new List<object?> { 1L, 2L, 3L, 4L }));
        var extra = (Map)((Map)request["headers"]!)["x-extra"]!;
        Assert.That((extra["a"], extra["b"], extra["c"]), Is.EqualTo((1L, new List<object?> { 1.5 }, "x")));
        Assert.That(((Map)request["parameters"]!).ContainsKey("id"), Is.False);
        Assert.That(outcome.Event["resource"], Is.EqualTo("staff"));
        Assert.That(outcome.Result, Is.Null);
        Assert.That(((Map)((Map)original["request"]!)["payload"]!)["name"], Is.EqualTo("ada"), "the caller's event is not changed");
    }

    [Test]
    public async Task SetResponse_and_setRequest_replace_the_response_and_the_request()
    {
        var outcome = await Go("""
            @event.setResponse(new { ok = true, items = new List<int> { 1, 2 } }, 201, "application/json");
            var request = new Dictionary<string, object> { ["method"] = "GET", ["payload"] = null };
            @event.setRequest(request);
            """);
        Assert.That(outcome.Event["response"], Is.EqualTo(new Map
        {
            ["status_code"] = 201L,
            ["headers"] = new Map(),
            ["content"] = new Map { ["ok"] = true, ["items"] = new List<object?> { 1L, 2L } },
            ["content_type"] = "application/json",
        }));
        Assert.That(outcome.Event["request"], Is.EqualTo(new Map { ["method"] = "GET", ["payload"] = null }));

        var kept = Event();
        kept["response"] = new Map { ["status_code"] = 200L, ["headers"] = new Map { ["x"] = "1" }, ["content"] = "old", ["content_type"] = "text/plain" };
        var changed = (Map)(await Go("@event.setResponse(\"new\");", Run(kept))).Event["response"]!;
        Assert.That((changed["status_code"], changed["content"], changed["content_type"]), Is.EqualTo((200L, "new", "text/plain")));
        Assert.That(changed["headers"], Is.EqualTo(new Map { ["x"] = "1" }));
    }

    [Test]
    public async Task What_the_script_returns_is_the_result_as_plain_values()
    {
        Assert.That((await Go("var x = 1;")).Result, Is.Null);
        Assert.That((await Go("return new { total = 6, half = 1.5, tags = new object[] { true, null } };")).Result, Is.EqualTo(new Map
        {
            ["total"] = 6L, ["half"] = 1.5, ["tags"] = new List<object?> { true, null },
        }));
        Assert.That((await Go("return new Map { [\"a\"] = 1 };")).Result, Is.EqualTo(new Map { ["a"] = 1L }));
        Assert.That((await Go("return @event.request.payload;")).Result, Is.EqualTo(new Map { ["name"] = "ada", ["items"] = new List<object?> { 1L, 2L, 3L } }));
        Assert.That((await Go("IEnumerable<dynamic> items = @event.request.payload.items; return items.Select(i => (long)i * 10).ToList();")).Result,
            Is.EqualTo(new List<object?> { 10L, 20L, 30L }));
        Assert.That((await Go("return JsonSerializer.Deserialize<JsonElement>(\"{\\\"a\\\":[1,2.5,\\\"x\\\"]}\");")).Result,
            Is.EqualTo(new Map { ["a"] = new List<object?> { 1L, 2.5, "x" } }));
    }

    [Test]
    public async Task Variables_config_and_session_are_reachable()
    {
        var outcome = await Go("return $\"{vars[\"greeting\"]} {vars.count + 1} {vars[\"missing\"] == null} {platform.config.region} {platform.session.user.email}\";",
            Run(variables: new Map { ["greeting"] = "hello", ["count"] = 41L }));
        Assert.That(outcome.Result, Is.EqualTo("hello 42 True eu ada@example.com"));
    }

    [Test]
    public async Task Console_log_and_print_write_to_the_log()
    {
        var log = new List<string>();
        await Go("""
            console.log("starting", 1);
            print(@event.request.payload);
            console.log(null);
            print(new { a = 1 });
            """, Run(log: log));
        Assert.That(log, Is.EqualTo(new[] { "starting 1", "{\"name\":\"ada\",\"items\":[1,2,3]}", "null", "{\"a\":1}" }));
    }

    [Test]
    public async Task Platform_api_is_called_synchronously_and_asynchronously()
    {
        var api = new FakeApi();
        var outcome = await Go("""
            var listed = platform.api.get("db/_table/employees", null, new { parameters = new { limit = 1 } });
            var created = await platform.api.postAsync("db/_table/employees", new { name = @event.request.payload.name });
            await platform.api.deleteAsync("db/_table/employees/7");
            platform.api.patch("db/_table/employees/8", new Map { ["x"] = 1 });
            return new { listed = listed.status_code, created = created.content.method };
            """, Run(api: api));
        Assert.That(outcome.Result, Is.EqualTo(new Map { ["listed"] = 200L, ["created"] = "post" }));
        var calls = api.Calls.ToList();
        Assert.That(calls.Select(c => (c.Method, c.Path)), Is.EqualTo(new[]
        {
            ("get", "db/_table/employees"), ("post", "db/_table/employees"), ("delete", "db/_table/employees/7"), ("patch", "db/_table/employees/8"),
        }));
        Assert.That(calls[0].Options, Is.EqualTo(new Map { ["parameters"] = new Map { ["limit"] = 1L } }));
        Assert.That(calls[1].Payload, Is.EqualTo(new Map { ["name"] = "ada" }));
        Assert.That(calls[3].Payload, Is.EqualTo(new Map { ["x"] = 1L }));
    }

    [Test]
    public async Task A_refused_api_call_throws_into_the_script_and_uncaught_keeps_the_hosts_status()
    {
        var error = await Fails("await platform.api.getAsync(\"forbidden\");");
        Assert.That((error.HttpStatus, error.Message), Is.EqualTo((403, "Calls to forbidden are not allowed.")));

        var outcome = await Go("""
            try { platform.api.get("forbidden"); return "no"; }
            catch (Exception e) { return "caught: " + e.Message; }
            """);
        Assert.That(outcome.Result, Is.EqualTo("caught: Calls to forbidden are not allowed."));
    }

    [Test]
    public void Every_exception_of_the_list_is_a_class_with_its_status_and_code()
    {
        foreach (var kind in ScriptExceptions.All)
        {
            var type = typeof(CSharpScriptGlobals).GetNestedType(kind.Name);
            Assert.That(type, Is.Not.Null, kind.Name);
            var constructor = type!.GetConstructors().Single();
            var arguments = constructor.GetParameters().Select((p, i) => i == 0 ? "message" : null).ToArray();
            var exception = (ScriptException)constructor.Invoke(arguments);
            Assert.That((exception.Status, exception.Code), Is.EqualTo((kind.Status, (long)(kind.Code ?? kind.Status))), kind.Name);
        }
        Assert.That(typeof(CSharpScriptGlobals).GetNestedType(ScriptExceptions.Rest), Is.Not.Null);
    }

    [Test]
    public async Task A_thrown_exception_answers_with_its_status_message_and_code()
    {
        foreach (var kind in ScriptExceptions.All)
        {
            var error = await Fails($"throw new {kind.Name}(\"no such employee\");");
            Assert.That((error.HttpStatus, error.Code, error.Message), Is.EqualTo((kind.Status, kind.Code ?? kind.Status, "no such employee")), kind.Name);
        }
        var rest = await Fails("throw new RestException(418, \"Sorry Mate\");");
        Assert.That((rest.HttpStatus, rest.Code, rest.Message), Is.EqualTo((418, 418, "Sorry Mate")));
        var coded = await Fails("throw new NotFoundException(\"gone\", 4041);");
        Assert.That((coded.HttpStatus, coded.Code), Is.EqualTo((404, 4041)));
    }

    [Test]
    public async Task A_batch_exception_carries_its_context()
    {
        var error = await Fails("""
            throw new BatchException("1 of 2 failed", context: new { resource = new object[] { new { id = 1 }, new NotFoundException("no 2") .Message } });
            """);
        Assert.That((error.HttpStatus, error.Code, error.Message), Is.EqualTo((400, 1000, "1 of 2 failed")));
        Assert.That(error.Context, Is.EqualTo(new Map { ["resource"] = new List<object?> { new Map { ["id"] = 1L }, "no 2" } }));
    }

    [Test]
    public async Task Any_other_exception_is_a_500_with_its_message()
    {
        var error = await Fails("throw new InvalidOperationException(\"payload is missing name\");");
        Assert.That((error.HttpStatus, error.Message), Is.EqualTo((500, "payload is missing name")));
        var missing = await Fails("int x = @event.request.payload.name;");
        Assert.That(missing.HttpStatus, Is.EqualTo(500));
        var system = await Fails("throw new System.NotImplementedException(\"later\");");
        Assert.That((system.HttpStatus, system.Message), Is.EqualTo((500, "later")));
    }

    [Test]
    public async Task Classes_declared_in_a_script_throw_the_same_exceptions_and_are_guarded()
    {
        var error = await Fails("""
            class Repository
            {
                public int Depth => Depth + 1;
                public void Find(int id) { throw new NotFoundException($"no employee {id}"); }
            }
            new Repository().Find(7);
            """);
        Assert.That((error.HttpStatus, error.Message), Is.EqualTo((404, "no employee 7")));
    }

    [Test]
    public async Task A_compile_error_is_reported_with_roslyns_message_line_and_column()
    {
        var error = await Shared.CheckAsync("var a = 1;\nvar b = ;\nreturn a;", CancellationToken.None);
        Assert.That(error, Is.Not.Null);
        Assert.That((error!.Line, error.Column), Is.EqualTo((2, 9)));
        Assert.That(error.Message, Does.StartWith("CS1525"));

        var unknown = await Shared.CheckAsync("var a = 1;\n  return missing + a;", CancellationToken.None);
        Assert.That((unknown!.Line, unknown.Column, unknown.Message), Is.EqualTo((2, 10, "CS0103: The name 'missing' does not exist in the current context")));

        Assert.That(await Shared.CheckAsync("return @event.request.payload.name; // a comment on the last line", CancellationToken.None), Is.Null);

        var run = await Fails("var b = ;");
        Assert.That(run.Message, Does.Contain("does not compile").And.Contain("CS1525"));
    }

    [Test]
    public async Task A_script_naming_the_guard_is_refused()
    {
        var error = await Shared.CheckAsync("var x = 1;\nApiStudio.Engine.Scripting.CSharp.Guarding.__ApiStudioRunGuard.Check();", CancellationToken.None);
        Assert.That((error!.Line, error.Message), Is.EqualTo((2, "The name '__ApiStudioRunGuard' is reserved for the engine.")));
    }

    [Test]
    public async Task A_script_version_compiles_once_even_when_its_first_runs_come_together()
    {
        var engine = Engine();
        const string Content = "return @event.request.payload.name;";
        var first = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Go(Content, engine: engine, sid: 12, version: 1))));
        Assert.That(first.Select(o => o.Result), Is.All.EqualTo("ada"));
        Assert.That(engine.Compilations, Is.EqualTo(1));

        await Go(Content, engine: engine, sid: 12, version: 1);
        Assert.That(engine.Compilations, Is.EqualTo(1), "the same version runs the cached delegate");

        Assert.That((await Go("return 2;", engine: engine, sid: 12, version: 2)).Result, Is.EqualTo(2L));
        Assert.That(engine.Compilations, Is.EqualTo(2), "a new version recompiles");

        engine.Forget(12);
        await Go("return 2;", engine: engine, sid: 12, version: 2);
        Assert.That(engine.Compilations, Is.EqualTo(3), "a forgotten script recompiles");

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Go("return 3;", engine: engine)));
        await Go("return 3;", engine: engine);
        Assert.That(engine.Compilations, Is.EqualTo(4), "an inline script is cached by its text");
    }

    [Test]
    public async Task Compiling_new_versions_does_not_grow_native_memory_by_much()
    {
        // Each compiled version stays loaded (about 1 MiB here); what Roslyn resolves besides must not be read again each time.
        var engine = Engine();
        await engine.PrepareAsync(new ScriptSource(5, 0, Script, "return 0;"));
        using var process = Process.GetCurrentProcess();
        var before = process.PrivateMemorySize64;
        for (var version = 1; version <= 10; version++)
        {
            await engine.PrepareAsync(new ScriptSource(5, version, Script, $"return new {{ version = {version}, name = @event.request.payload.name }};"));
        }
        process.Refresh();
        Assert.That(engine.Compilations, Is.EqualTo(11));
        Assert.That(process.PrivateMemorySize64 - before, Is.LessThan(100L * 1024 * 1024));
    }

    [Test]
    public async Task Expression_bodies_void_lambdas_expression_trees_and_goto_still_work_when_guarded()
    {
        var outcome = await Go("""
            var list = new List<int>();
            Action add = () => list.Add(1);
            add();
            Func<int, int> twice = x => x * 2;
            System.Linq.Expressions.Expression<Func<int, int>> tree = x => x + 1;
            int Square(int x) => x * x;
            void Note(string s) => list.Add(s.Length);
            Note("abc");
            Func<Task<int>> later = async () => await Task.FromResult(5);
            Func<Task> nothing = async () => await Task.Yield();
            await nothing();
            var i = 0;
            again:
            if (++i < 3) goto again;
            do { i++; } while (i < 5);
            foreach (var (k, v) in new Dictionary<string, int> { ["a"] = 1 }) i += v;
            try { throw new InvalidOperationException("x"); } catch (InvalidOperationException e) when (e.Message == "x") { i++; }
            return new { list, twice = twice(4), tree = tree.Compile()(1), square = Square(3), later = await later(), i };
            """);
        Assert.That(outcome.Result, Is.EqualTo(new Map
        {
            ["list"] = new List<object?> { 1L, 3L }, ["twice"] = 8L, ["tree"] = 2L, ["square"] = 9L, ["later"] = 5L, ["i"] = 7L,
        }));
    }

    [Test]
    public async Task An_endless_while_loop_ends_at_the_time_limit()
    {
        var engine = Engine();
        await Stopped(engine, "while (true) {}", "ran longer than its time limit of 1 s");
        await Stopped(engine, "for (;;) {}", "time limit");
        await Stopped(engine, "loop: goto loop;", "time limit");
        await StillWorks(engine);
    }

    [Test]
    public async Task A_loop_that_catches_everything_cannot_swallow_the_stop()
    {
        var engine = Engine();
        await Stopped(engine, "while (true) { try { while (true) {} } catch { } }", "time limit");
        await Stopped(engine, "while (true) { try { for (;;) {} } catch (Exception) { } finally { } }", "time limit");
        await Stopped(engine, "while (true) { try { while (true) {} } catch (Exception e) when (e != null) { } }", "time limit");
        await Stopped(engine, "void F() { try { while (true) {} } catch { F(); } } F();", "time limit");
        await StillWorks(engine);
    }

    [Test]
    public async Task Endless_recursion_ends_before_the_stack_does()
    {
        var engine = Engine(timeoutSeconds: 10);
        await Stopped(engine, "int F(int n) => F(n + 1) + 1; return F(0);", "recursed deeper than its stack limit of 262144 bytes");
        await Stopped(engine, "Func<int, int> f = null; f = n => f(n + 1) + 1; return f(0);", "recursed deeper than its stack limit of 262144 bytes");
        await Stopped(engine, "class Node { public int Depth => Depth + 1; } return new Node().Depth;", "recursed deeper than its stack limit of 262144 bytes");
        await Stopped(engine, "async Task<int> F(int n) => await F(n + 1); return await F(0);", "recursed deeper than its stack limit of 262144 bytes");
        await StillWorks(engine);
    }

    [Test]
    public async Task A_memory_hog_ends_at_the_memory_limit()
    {
        var engine = Engine(timeoutSeconds: 10);
        await Stopped(engine, "var l = new List<byte[]>(); while (true) l.Add(new byte[1 << 20]);", "allocated more than its memory limit of 67108864 bytes");
        await Stopped(engine, "var s = new StringBuilder(); while (true) { try { s.Append('x', 1 << 20); } catch (OutOfMemoryException) { } }", "memory limit");
        GC.Collect();
        await StillWorks(engine);
    }

    [Test]
    public async Task Long_sleeps_and_delays_end_at_the_time_limit()
    {
        var engine = Engine();
        await Stopped(engine, "await Task.Delay(60000);", "time limit");
        await Stopped(engine, "System.Threading.Thread.Sleep(60000);", "time limit");
        await Stopped(engine, "Task.Delay(TimeSpan.FromMinutes(1)).Wait();", "time limit");
        await Stopped(engine, "try { await Task.Delay(60000); } catch { } while (true) { }", "time limit");
        // A delay with a token of its own is not replaced: the engine stops waiting at the limit all the same.
        await Stopped(engine, "await Task.Delay(60000, System.Threading.CancellationToken.None);", "time limit");
        await StillWorks(engine);
    }

    [Test]
    public async Task A_blocking_call_the_guard_cannot_reach_is_left_behind_at_the_time_limit()
    {
        // The engine stops waiting at the limit; the pool thread stays blocked until the call returns (here after 3 s).
        var engine = Engine();
        await Stopped(engine, "new System.Threading.ManualResetEventSlim().Wait(3000); return 1;", "time limit");
        await StillWorks(engine);
    }

    [Test]
    public async Task Work_a_run_leaves_behind_stops_at_its_next_checkpoint()
    {
        var log = new List<string>();
        int Count()
        {
            lock (log)
            {
                return log.Count;
            }
        }
        var outcome = await Go("""
            var started = new TaskCompletionSource();
            _ = Task.Run(() => { while (true) { started.TrySetResult(); console.log("left over"); } });
            using (System.Threading.ExecutionContext.SuppressFlow())
            {
                // Script code running outside of any run stops at its first checkpoint.
                _ = Task.Run(() => { while (true) { console.log("outside"); } });
            }
            await started.Task;
            return 1;
            """, Run(log: log));
        Assert.That(outcome.Result, Is.EqualTo(1L));
        await Task.Delay(300);
        var settled = Count();
        await Task.Delay(300);
        Assert.That(Count(), Is.EqualTo(settled), "the left-over loop stopped when the run ended");
        lock (log)
        {
            Assert.That(log, Has.Some.EqualTo("left over").And.None.EqualTo("outside"));
        }
    }

    [Test]
    public void The_engine_is_registered_and_the_operator_can_switch_it_off()
    {
        foreach (var enabled in new[] { true, false })
        {
            var options = new ApiStudioOptions();
            options.Scripting.CSharpEnabled = enabled;
            using var provider = new ServiceCollection().AddSingleton(Options.Create(options)).AddApiStudioScripting().BuildServiceProvider();
            var set = provider.GetRequiredService<ScriptEngineSet>();
            Assert.That(set.IsAllowed(ScriptEngines.CSharp), Is.EqualTo(enabled));
            if (enabled)
            {
                Assert.That(set.For(ScriptEngines.CSharp, Script), Is.InstanceOf<CSharpEngine>());
            }
            else
            {
                Assert.That(() => set.For(ScriptEngines.CSharp, Script), Throws.TypeOf<ApiException>().With.Message.Contains("switched off"));
            }
        }
    }

    [Test]
    public async Task A_run_whose_request_ends_is_cancelled()
    {
        var engine = Engine(timeoutSeconds: 30);
        using var request = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var clock = Stopwatch.StartNew();
        var error = await Fails("while (true) {}", engine, Run(cancellationToken: request.Token));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
        Assert.That(error.Message, Does.Contain("was cancelled because its request ended"));
    }

    [Test]
    public async Task Twenty_concurrent_runs_each_end_within_their_limit()
    {
        var engine = Engine();
        const string Slow = "await Task.Delay(200); return vars.i;";
        await Go(Slow, Run(variables: new Map { ["i"] = 0L }), engine);
        var slow = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Go(Slow, Run(variables: new Map { ["i"] = (long)i }), engine)));
        Assert.That(slow.Select(o => o.Result), Is.EqualTo(Enumerable.Range(0, 20).Select(i => (object?)(long)i)));

        var clock = Stopwatch.StartNew();
        var spinning = Enumerable.Range(0, 20).Select(async _ =>
        {
            try
            {
                await Go("var n = 0L; while (true) { n++; }", engine: engine);
                return "finished";
            }
            catch (ApiException error)
            {
                return error.Message;
            }
        });
        var errors = await Task.WhenAll(spinning);
        Assert.That(errors, Is.All.Contains("ran longer than its time limit of 1 s"));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(15)));
        await StillWorks(engine);
    }
}
