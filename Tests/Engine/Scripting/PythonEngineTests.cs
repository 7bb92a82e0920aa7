using System.Diagnostics;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Scripting;
using ApiStudio.Engine.Scripting.Workers;
using ApiStudio.Engine.Values;
using static ApiStudio.Tests.Engine.Scripting.WorkerHarness;

namespace ApiStudio.Tests.Engine.Scripting;

/// <summary>
/// Python scripts on worker processes of the real <c>python3</c>: the event by key and by attribute, platform and
/// variables, <c>platform.api</c> answered over the pipe while the script waits, DreamFactory's exceptions with their
/// status, syntax checks with lines, packages from the configured folder — and hostile scripts, each ended with a clear
/// error while the pool heals itself.
/// </summary>
public class PythonEngineTests
{
    private PythonEngine _engine = null!;

    [OneTimeSetUp]
    public void Start() => _engine = Python();

    [OneTimeTearDown]
    public void Stop() => _engine.Dispose();

    private static async Task StillWorks(IScriptEngine engine) =>
        Assert.That((await Run(engine, "return 1 + 1")).Value, Is.EqualTo(2L));

    [Test]
    public void The_engine_is_named_python() => Assert.That(_engine.Name, Is.EqualTo(ScriptEngines.Python));

    [Test]
    public async Task The_script_reads_and_changes_the_event_and_returns_a_result()
    {
        var run = await Run(_engine, """
            payload = event.request.payload
            payload['total'] = sum(payload['items'])
            event['request']['headers']['x-seen'] = 'yes'
            event.setResponse({'greeting': 'hello ' + payload.name}, 201, 'application/json')
            return {'total': payload.total, 'half': payload.total / 4, 'resource': event.resource,
                    'user': platform.session.user.email, 'app': platform['config']['app']}
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
        var run = await Run(_engine, "event.setRequest({'method': 'GET', 'payload': None})");
        Assert.That(run.Value, Is.Null);
        Assert.That((await Run(_engine, "event.setRequest({'payload': {'a': [{'b': 1}]}})\nreturn event.request.payload.a[0].b")).Value, Is.EqualTo(1L));
        Assert.That(run.Outcome.Event["request"], Is.EqualTo(new Map { ["method"] = "GET", ["payload"] = null }));
    }

    [Test]
    public async Task Variables_are_variables_of_their_own()
    {
        var run = await Run(_engine, "return [greeting + ' ' + who['name'], count * 2]",
            variables: new Map { ["greeting"] = "hi", ["who"] = new Map { ["name"] = "bob" }, ["count"] = 21L });
        Assert.That(run.Value, Is.EqualTo(new List<object?> { "hi bob", 42L }));
    }

    [Test]
    public async Task Print_and_stdout_become_log_lines_and_never_the_protocol()
    {
        var run = await Run(_engine, """
            import os, sys
            print('hello', {'a': 1})
            print('to stderr', file=sys.stderr)
            sys.stdout.write('{"garbage')
            sys.stdout.write('\n')
            os.write(1, b'{"t":"done","id":1}\n')
            return 'ok'
            """);
        Assert.That(run.Value, Is.EqualTo("ok"));
        Assert.That(run.Log, Does.Contain("hello {'a': 1}").And.Contain("to stderr").And.Contain("{\"garbage"));
        await StillWorks(_engine);
        using var engine = Python(o => o.Workers = 1);
        await Run(engine, "import sys, io\nsys.stdout = io.StringIO()");
        Assert.That((await Run(engine, "print('still logged')")).Log, Is.EqualTo(new[] { "still logged" }));
        Assert.That((await Run(engine, "for i in range(5000):\n    print(i)")).Log, Has.Count.EqualTo(1000));
    }

    [Test]
    public async Task Platform_api_calls_are_proxied_to_the_host_and_waited_for()
    {
        var api = new RecordingApi();
        var run = await Run(_engine, """
            a = platform.api.get('db/_table/orders', None, {'parameters': {'limit': 5}})
            b = platform.api.post('db/_table/orders', {'resource': [{'id': 1}]})
            platform.api.put('x', 1); platform.api.patch('y', 2); platform.api.delete('z')
            return [a['status_code'], a.content.path, b.content.payload, a.headers['x-served-by'], a.content_type]
            """, api: api);
        Assert.That(run.Value, Is.EqualTo(new List<object?>
        {
            200L, "db/_table/orders", new Map { ["resource"] = new List<object?> { new Map { ["id"] = 1L } } }, "test", "application/json",
        }));
        var calls = api.Calls.ToList();
        Assert.That(calls.Select(c => c.Method), Is.EqualTo(new[] { "get", "post", "put", "patch", "delete" }));
        Assert.That(calls[0].Options, Is.EqualTo(new Map { ["parameters"] = new Map { ["limit"] = 5L } }));
    }

    [Test]
    public async Task A_refused_api_call_raises_with_its_status_and_the_status_survives()
    {
        var api = new RecordingApi { Handler = (_, _) => throw new ApiException("Not allowed here.", ErrorCodes.Authentication, null, 403) };
        var caught = await Run(_engine, """
            try:
                platform.api.get('system/admin')
            except RestException as e:
                return [type(e).__name__, e.status_code, e.message]
            """, api: api);
        Assert.That(caught.Value, Is.EqualTo(new List<object?> { "RestException", 403L, "Not allowed here." }));
        var error = await Fails(_engine, "platform.api.get('system/admin')", api);
        Assert.That((error.HttpStatus, error.Message), Is.EqualTo((403, "Not allowed here.")));
    }

    [Test]
    public async Task A_nested_call_runs_another_script_even_with_every_worker_busy()
    {
        using var engine = Python(o => o.Workers = 1);
        var api = new RecordingApi
        {
            Handler = async (call, token) =>
            {
                var inner = await Run(engine, "return 'inner ' + platform.api.get('leaf').content",
                    api: new RecordingApi { Handler = (_, _) => Task.FromResult(RecordingApi.Response(200, "leaf")) }, cancellationToken: token);
                return RecordingApi.Response(200, inner.Value);
            },
        };
        var run = await Run(engine, "return 'outer ' + platform.api.get('inner').content", api: api);
        Assert.That(run.Value, Is.EqualTo("outer inner leaf"));
        Assert.That(engine.WorkerProcessIds, Has.Count.EqualTo(1), "the extra worker of the nested run ended with it");
    }

    [Test]
    public async Task RestException_keeps_the_status_the_script_chose()
    {
        var error = await Fails(_engine, "raise RestException(418, 'Sorry Mate')");
        Assert.That((error.HttpStatus, error.Code, error.Message), Is.EqualTo((418, 418, "Sorry Mate")));
        error = await Fails(_engine, "raise RestException(409, 'Taken', 7)");
        Assert.That((error.HttpStatus, error.Code), Is.EqualTo((409, 7)));
    }

    [Test]
    public async Task Every_named_exception_has_its_status_and_code()
    {
        foreach (var kind in ScriptExceptions.All)
        {
            var error = await Fails(_engine, $"raise {kind.Name}('{kind.Name} here')");
            Assert.That((error.HttpStatus, error.Code, error.Message), Is.EqualTo((kind.Status, kind.Code ?? kind.Status, $"{kind.Name} here")), kind.Name);
        }
        var coded = await Fails(_engine, "raise NotFoundException('No order', 1234)");
        Assert.That((coded.HttpStatus, coded.Code), Is.EqualTo((404, 1234)));
        var caught = await Run(_engine, """
            try:
                raise ForbiddenException('no')
            except Exception as e:
                return [type(e).__name__, e.status_code, e.code, str(e)]
            """);
        Assert.That(caught.Value, Is.EqualTo(new List<object?> { "ForbiddenException", 403L, 403L, "no" }));
    }

    [Test]
    public async Task BatchException_carries_its_context()
    {
        var error = await Fails(_engine, "raise BatchException('Some items failed', None, {'resource': [{'id': 1}, {'error': 'bad'}]})");
        Assert.That((error.HttpStatus, error.Code, error.Message), Is.EqualTo((400, 1000, "Some items failed")));
        Assert.That(error.Context, Is.EqualTo(new Map { ["resource"] = new List<object?> { new Map { ["id"] = 1L }, new Map { ["error"] = "bad" } } }));
        var property = await Fails(_engine, "e = BatchException('Partly')\ne.context = {'errors': [2]}\nraise e");
        Assert.That(property.Context, Is.EqualTo(new Map { ["errors"] = new List<object?> { 2L } }));
    }

    [Test]
    public async Task A_plain_error_is_a_500_with_its_message_and_line()
    {
        var error = await Fails(_engine, "x = 1\nraise Exception('payload is missing name')");
        Assert.That((error.HttpStatus, error.Message), Is.EqualTo((500, "payload is missing name (line 2)")));
        error = await Fails(_engine, "o = {}\n\nreturn o['name']");
        Assert.That(error.Message, Is.EqualTo("KeyError: 'name' (line 3)"));
        error = await Fails(_engine, "import sys\nsys.exit(2)");
        Assert.That((error.HttpStatus, error.Message), Is.EqualTo((500, "SystemExit: 2 (line 2)")));
        await StillWorks(_engine);
    }

    [Test]
    public async Task The_syntax_check_gives_pythons_message_and_the_scripts_line_and_column()
    {
        var error = await _engine.CheckAsync("a = 1\nb = \nreturn a", CancellationToken.None);
        Assert.That(error, Is.Not.Null);
        Assert.That((error!.Line, error.Column), Is.EqualTo((2, 5)));
        Assert.That(error.Message, Is.EqualTo("invalid syntax"));
        error = await _engine.CheckAsync("for i in range(3):\n    pass\nbreak", CancellationToken.None);
        Assert.That((error!.Line, error.Message), Is.EqualTo((3, "'break' outside loop")));
        Assert.That(await _engine.CheckAsync("r = platform.api.get('x')\nreturn r  # last line comment", CancellationToken.None), Is.Null);
        Assert.That(await _engine.CheckAsync("s = '''\nmulti\nline'''\nreturn s", CancellationToken.None), Is.Null);
        Assert.That(await _engine.CheckAsync("", CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task A_script_that_does_not_compile_fails_the_run_with_its_line()
    {
        var error = await Stopped(_engine, "a = 1\nif a\n  pass");
        Assert.That(error.Message, Does.Contain("does not compile").And.Contain("line 2"));
        await StillWorks(_engine);
    }

    [Test]
    public async Task A_script_version_is_prepared_once_per_worker_and_forgotten_on_request()
    {
        using var engine = Python(o => o.Workers = 1);
        Assert.That((await Run(engine, "return 1", sid: 7, version: 1)).Value, Is.EqualTo(1L));
        Assert.That((await Run(engine, "return 2", sid: 7, version: 1)).Value, Is.EqualTo(1L));
        Assert.That((await Run(engine, "return 2", sid: 7, version: 2)).Value, Is.EqualTo(2L));
        engine.Forget(7);
        Assert.That((await Run(engine, "return 3", sid: 7, version: 2)).Value, Is.EqualTo(3L));
        Assert.That((await Run(engine, "return 'a'")).Value, Is.EqualTo("a"));
        Assert.That((await Run(engine, "return 'b'")).Value, Is.EqualTo("b"));
    }

    [Test]
    public async Task Packages_installed_in_the_modules_folder_are_imported()
    {
        using var modules = new TempFolder();
        modules.Write("greeter/__init__.py", "def greet(name):\n    return 'hello ' + name\n");
        using var engine = Python(o => o.ModulesPath = modules.Path);
        Assert.That((await Run(engine, "import greeter\nreturn greeter.greet(event.request.payload.name)")).Value, Is.EqualTo("hello ada"));
        Assert.That((await Run(engine, "import json\nreturn json.dumps([1])")).Value, Is.EqualTo("[1]"));
        var missing = await Fails(engine, "import not_installed");
        Assert.That(missing.Message, Does.Contain("No module named 'not_installed'"));
    }

    [Test]
    public async Task An_endless_loop_ends_at_the_time_limit_and_the_worker_is_replaced()
    {
        using var engine = Python(o => o.Workers = 1);
        await StillWorks(engine);
        var before = engine.WorkerProcessIds.Single();
        var clock = Stopwatch.StartNew();
        var error = await Stopped(engine, "while True:\n    pass");
        Assert.That(error.Message, Does.Contain("ran longer than its time limit of 1 s"));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
        await AllEnded([before]);
        await StillWorks(engine);
        Assert.That(engine.WorkerProcessIds.Single(), Is.Not.EqualTo(before));
    }

    [Test]
    public async Task Deep_recursion_is_an_error_of_the_script()
    {
        var error = await Fails(_engine, "def down(n):\n    return down(n + 1) + 1\nreturn down(0)");
        Assert.That(error.HttpStatus, Is.EqualTo(500));
        Assert.That(error.Message, Does.StartWith("RecursionError: maximum recursion depth exceeded").And.EndWith("(line 2)"));
        await StillWorks(_engine);
    }

    [Test]
    public async Task A_memory_hog_ends_at_the_memory_limit()
    {
        using var engine = Python(o => { o.Workers = 1; o.MemoryMegabytes = 96; o.TimeoutSeconds = 20; });
        var clock = Stopwatch.StartNew();
        var error = await Stopped(engine, "a = []\nwhile True:\n    a.append(' ' * 1000000)");
        Assert.That(error.Message, Does.Contain("more than its memory limit of 96 MiB"));
        error = await Stopped(engine, "return len(bytearray(512 * 1024 * 1024))");
        Assert.That(error.Message, Does.Contain("memory limit"));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(15)));
        await StillWorks(engine);
    }

    [Test]
    public async Task Exiting_the_process_ends_the_worker_with_a_clear_error()
    {
        using var engine = Python(o => o.Workers = 1);
        var error = await Stopped(engine, "import os\nos._exit(3)");
        Assert.That(error.Message, Does.Contain("worker ended unexpectedly (exit code 3)"));
        await StillWorks(engine);
    }

    [Test]
    public async Task A_huge_line_to_the_real_stdout_is_cut_to_one_log_line()
    {
        // fd 1 is the worker's stderr, read apart from the protocol: the line is given time to arrive before the run ends.
        var run = await Run(_engine, "import os, time\ndata = b'y' * 5000000 + b'\\n'\nwhile data:\n    data = data[os.write(1, data):]\ntime.sleep(0.3)\nreturn 'ok'");
        Assert.That(run.Value, Is.EqualTo("ok"));
        Assert.That(run.Log, Has.Some.Matches<string>(line => line.Length == 16 * 1024 && line.Trim('y').Length == 0));
    }

    [Test]
    public async Task Reading_stdin_finds_nothing()
    {
        Assert.That((await Run(_engine, "import sys\nreturn sys.stdin.read()")).Value, Is.EqualTo(""));
        Assert.That((await Run(_engine, "import os\nreturn len(os.read(0, 100))")).Value, Is.EqualTo(0L));
        var error = await Fails(_engine, "return input()");
        Assert.That(error.Message, Does.StartWith("EOFError"));
        await StillWorks(_engine);
    }

    [Test]
    public async Task The_hosts_environment_is_not_visible()
    {
        Environment.SetEnvironmentVariable("APISTUDIO_SECRET_TEST", "x");
        try
        {
            using var engine = Python();
            var run = await Run(engine, "import os\nreturn [os.environ.get('APISTUDIO_SECRET_TEST'), sorted(os.environ.keys())]");
            var values = (List<object?>)run.Value!;
            Assert.That(values[0], Is.Null);
            // A launcher script (pyenv's shim) may add its own shell variables; nothing else is there.
            var launcher = new[] { "PWD", "SHLVL", "_", "LC_CTYPE" };
            Assert.That(((List<object?>)values[1]!).Cast<string>().Where(k => !launcher.Contains(k) && !k.TrimStart('_').StartsWith("PYENV", StringComparison.Ordinal)),
                Is.SubsetOf(new[] { "PATH", "HOME", "TMPDIR", "LANG", "PYTHONPATH" }));
        }
        finally
        {
            Environment.SetEnvironmentVariable("APISTUDIO_SECRET_TEST", null);
        }
    }

    [Test]
    public async Task A_hundred_slow_scripts_wait_in_line_for_a_worker()
    {
        using var engine = Python(o => o.Workers = 4);
        var clock = Stopwatch.StartNew();
        var runs = Enumerable.Range(0, 100).Select(i =>
            Run(engine, "import time\ntime.sleep(0.02)\nreturn n", variables: new Map { ["n"] = (long)i })).ToList();
        var results = await Task.WhenAll(runs);
        Assert.That(results.Select(r => r.Value), Is.EqualTo(Enumerable.Range(0, 100).Select(i => (object?)(long)i)));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
        Assert.That(engine.WorkerProcessIds, Has.Count.EqualTo(4));
    }

    [Test]
    public async Task Concurrent_endless_loops_each_end_at_their_limit_and_the_pool_heals()
    {
        using var engine = Python(o => { o.Workers = 2; o.TimeoutSeconds = 0.5; });
        var clock = Stopwatch.StartNew();
        var errors = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Stopped(engine, "while True:\n    pass")));
        Assert.That(errors.Select(e => e.Message), Has.All.Contains("time limit"));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
        await StillWorks(engine);
    }

    [Test]
    public async Task Cancellation_kills_a_busy_worker_and_ends_waiting()
    {
        using var engine = Python(o => { o.Workers = 1; o.TimeoutSeconds = 30; });
        await StillWorks(engine);
        var busy = engine.WorkerProcessIds.Single();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var running = Run(engine, "while True:\n    pass", cancellationToken: cancel.Token);
        var waiting = Run(engine, "return 'never'", cancellationToken: cancel.Token);
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
        options.Scripting.Python.Executable = "/nonexistent/bin/python3";
        using var engine = new PythonEngine(Microsoft.Extensions.Options.Options.Create(options));
        var error = await Stopped(engine, "return 1");
        Assert.That(error.Message, Does.Contain("Python interpreter '/nonexistent/bin/python3' could not be started"));
        var check = Assert.ThrowsAsync<ApiException>(async () => await engine.CheckAsync("return 1", CancellationToken.None))!;
        Assert.That(check.Message, Does.Contain("could not be started"));
        options.Scripting.Python.Executable = "/bin/false";
        using var broken = new PythonEngine(Microsoft.Extensions.Options.Options.Create(options));
        var exited = await Stopped(broken, "return 1");
        Assert.That(exited.Message, Does.Contain("worker did not start (is '/bin/false' a working"));
    }

    [Test]
    public async Task Disposing_the_engine_ends_its_processes()
    {
        var engine = Python(o => o.Workers = 3);
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Run(engine, "import time\ntime.sleep(0.05)\nreturn 1")));
        var pids = engine.WorkerProcessIds;
        Assert.That(pids, Has.Count.EqualTo(3));
        engine.Dispose();
        await AllEnded(pids);
    }
}
