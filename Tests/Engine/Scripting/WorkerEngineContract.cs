using System.Diagnostics;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Scripting;
using ApiStudio.Engine.Scripting.Workers;
using ApiStudio.Engine.Values;
using NUnit.Framework.Constraints;
using static ApiStudio.Tests.Engine.Scripting.WorkerHarness;

namespace ApiStudio.Tests.Engine.Scripting;

/// <summary>
/// What every worker engine does, whatever its language: the event, platform and variables, <c>platform.api</c>
/// answered over the pipe, DreamFactory's exceptions with their status, errors and syntax errors with their line,
/// prepared script versions — and hostile scripts (endless loops, memory hogs, exits, cancellation), each ended with a
/// clear error while the pool heals itself. A derived class names the engine and writes the scripts in its language.
/// </summary>
public abstract class WorkerEngineContract
{
    private WorkerScriptEngine _engine = null!;

    /// <summary>The engine the tests share (2 workers, test limits).</summary>
    protected WorkerScriptEngine Engine => _engine;

    [OneTimeSetUp]
    public void Start() => _engine = Create();

    [OneTimeTearDown]
    public void Stop() => _engine.Dispose();

    /// <summary>A new engine of this language with test limits, changed by <paramref name="configure"/>.</summary>
    protected abstract WorkerScriptEngine Create(Action<WorkerOptions>? configure = null);

    /// <summary>The engine's name, as scripts choose it.</summary>
    protected abstract string EngineName { get; }

    /// <summary>How the engine's own messages name its interpreter ("Node.js interpreter ...").</summary>
    protected abstract string InterpreterName { get; }

    /// <summary>A script that returns <paramref name="expression"/>.</summary>
    protected abstract string Return(string expression);

    /// <summary>A script that throws (raises) the exception <paramref name="construction"/>, e.g. <c>RestException(418, 'x')</c>.</summary>
    protected abstract string Throw(string construction);

    /// <summary>A script that sleeps <paramref name="milliseconds"/> and then returns <paramref name="expression"/>.</summary>
    protected abstract string SleepThenReturn(int milliseconds, string expression);

    /// <summary>An expression: the content of the answer of <c>platform.api.get(path)</c>.</summary>
    protected abstract string ContentOfGet(string path);

    /// <summary>
    /// Reads <c>payload.items</c>, stores their sum as <c>payload.total</c>, sets the header <c>x-seen: yes</c>, sets a
    /// 201 JSON response <c>{ greeting: 'hello ' + name }</c> and returns total, total / 4, the resource, the user's
    /// email and <c>platform.config.app</c>.
    /// </summary>
    protected abstract string ChangeTheEvent { get; }

    /// <summary>Replaces the request with <c>{ method: 'GET', payload: null }</c> and returns nothing.</summary>
    protected abstract string ReplaceTheRequest { get; }

    /// <summary>Returns <c>[greeting + ' ' + who.name, count * 2]</c> from the variables.</summary>
    protected abstract string UseTheVariables { get; }

    /// <summary>Replaces the language's way to log (console.log, sys.stdout) with one that writes nothing.</summary>
    protected abstract string SilenceTheLog { get; }

    /// <summary>Logs one line: <c>still logged</c>.</summary>
    protected abstract string LogStillLogged { get; }

    /// <summary>Logs the numbers 0 to 4999, a line each.</summary>
    protected abstract string LogFiveThousandLines { get; }

    /// <summary>
    /// get <c>db/_table/orders</c> with options <c>{ parameters: { limit: 5 } }</c>, post
    /// <c>{ resource: [{ id: 1 }] }</c> there, put <c>x</c> 1, patch <c>y</c> 2, delete <c>z</c>; returns the get's
    /// status, content.path, headers['x-served-by'] and content_type around the post's content.payload.
    /// </summary>
    protected abstract string CallEveryApiMethod { get; }

    /// <summary>Calls <c>platform.api.get('system/admin')</c>, catches the RestException and returns its class name, status_code and message.</summary>
    protected abstract string CatchARefusedCall { get; }

    /// <summary>Calls <c>platform.api.get('system/admin')</c> and lets it fail.</summary>
    protected abstract string MakeARefusedCall { get; }

    /// <summary>Raises <c>NotFoundException('No order', 1234)</c>.</summary>
    protected abstract string ThrowACodedException { get; }

    /// <summary>Catches <c>ForbiddenException('no')</c>; returns whether it is an Error/Exception, its class name, status_code, code and message.</summary>
    protected abstract string CatchAForbiddenException { get; }

    /// <summary>Raises <c>BatchException('Some items failed', null, { resource: [{ id: 1 }, { error: 'bad' }] })</c>.</summary>
    protected abstract string ThrowABatchWithItsContext { get; }

    /// <summary>Creates <c>BatchException('Partly')</c>, sets its context to <c>{ errors: [2] }</c> and raises it.</summary>
    protected abstract string ThrowABatchWithAContextSetLater { get; }

    /// <summary>Raises the language's plain error with <c>payload is missing name</c> on line 2.</summary>
    protected abstract string ThrowAPlainErrorOnLineTwo { get; }

    /// <summary>Fails on line 3 with one of the language's built-in errors.</summary>
    protected abstract string FailOnLineThree { get; }

    /// <summary>The message of <see cref="FailOnLineThree"/>.</summary>
    protected abstract IResolveConstraint FailedOnLineThree { get; }

    /// <summary>A script with a syntax error on line 2.</summary>
    protected abstract string SyntaxErrorOnLineTwo { get; }

    /// <summary>The column of the syntax error of <see cref="SyntaxErrorOnLineTwo"/>.</summary>
    protected abstract int SyntaxErrorColumn { get; }

    /// <summary>The interpreter's message for <see cref="SyntaxErrorOnLineTwo"/>.</summary>
    protected abstract IResolveConstraint SyntaxErrorMessage { get; }

    /// <summary>A valid script that calls <c>platform.api</c> and ends in a comment on its last line.</summary>
    protected abstract string EndInAComment { get; }

    /// <summary>A script that does not compile because of line 2 (a run, not the check).</summary>
    protected abstract string DoesNotCompileOnLineTwo { get; }

    /// <summary>Recurses without end.</summary>
    protected abstract string RecurseWithoutEnd { get; }

    /// <summary>The message of <see cref="RecurseWithoutEnd"/>.</summary>
    protected abstract IResolveConstraint RecursedTooDeep { get; }

    /// <summary>Loops for ever.</summary>
    protected abstract string EndlessLoop { get; }

    /// <summary>Fills the language's heap without end.</summary>
    protected abstract string FillTheHeap { get; }

    /// <summary>Takes more memory than the limit another way (buffers, one huge allocation).</summary>
    protected abstract string TakeMemoryAnotherWay { get; }

    /// <summary>Ends the process with exit code 3.</summary>
    protected abstract string ExitWithCodeThree { get; }

    /// <summary>Calls <c>platform.api.get('first')</c> and then kills its own process with SIGKILL.</summary>
    protected abstract string KillItselfAfterAnApiCall { get; }

    /// <summary>Reads stdin to its end and returns what it read.</summary>
    protected abstract string ReadAllOfStdin { get; }

    /// <summary>Returns <c>[APISTUDIO_SECRET_TEST or null, the sorted names of the environment variables]</c>.</summary>
    protected abstract string ReadTheEnvironment { get; }

    /// <summary>The variable that points the interpreter at the modules folder (NODE_PATH, PYTHONPATH).</summary>
    protected abstract string ModulesPathVariable { get; }

    /// <summary>A variable the interpreter's launcher may add (pyenv's shim): not the host's, so allowed.</summary>
    protected virtual bool IsLauncherVariable(string name) => false;

    /// <summary>After a hostile run the engine still answers.</summary>
    protected async Task StillWorks(IScriptEngine engine) =>
        Assert.That((await Run(engine, Return("1 + 1"))).Value, Is.EqualTo(2L));

    [Test]
    public void The_engine_is_named_after_its_language() => Assert.That(Engine.Name, Is.EqualTo(EngineName));

    [Test]
    public async Task The_script_reads_and_changes_the_event_and_returns_a_result()
    {
        var run = await Run(Engine, ChangeTheEvent);
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
        var run = await Run(Engine, ReplaceTheRequest);
        Assert.That(run.Value, Is.Null);
        Assert.That(run.Outcome.Event["request"], Is.EqualTo(new Map { ["method"] = "GET", ["payload"] = null }));
    }

    [Test]
    public async Task Variables_are_variables_of_their_own()
    {
        var run = await Run(Engine, UseTheVariables,
            variables: new Map { ["greeting"] = "hi", ["who"] = new Map { ["name"] = "bob" }, ["count"] = 21L });
        Assert.That(run.Value, Is.EqualTo(new List<object?> { "hi bob", 42L }));
    }

    [Test]
    public async Task A_script_cannot_silence_the_log_and_its_lines_are_capped()
    {
        using var engine = Create(o => o.Workers = 1);
        await Run(engine, SilenceTheLog);
        Assert.That((await Run(engine, LogStillLogged)).Log, Is.EqualTo(new[] { "still logged" }));
        Assert.That((await Run(engine, LogFiveThousandLines)).Log, Has.Count.EqualTo(1000));
    }

    [Test]
    public async Task Platform_api_calls_are_proxied_to_the_host()
    {
        var api = new RecordingApi();
        var run = await Run(Engine, CallEveryApiMethod, api: api);
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
    public async Task A_refused_api_call_fails_with_its_status_and_the_status_survives()
    {
        var api = RefusingApi();
        var caught = await Run(Engine, CatchARefusedCall, api: api);
        Assert.That(caught.Value, Is.EqualTo(new List<object?> { "RestException", 403L, "Not allowed here." }));
        var error = await Fails(Engine, MakeARefusedCall, api);
        Assert.That((error.HttpStatus, error.Message), Is.EqualTo((403, "Not allowed here.")));
    }

    /// <summary>A <c>platform.api</c> that refuses every call with a 403, as the host does.</summary>
    protected static RecordingApi RefusingApi() =>
        new() { Handler = (_, _) => throw new ApiException("Not allowed here.", ErrorCodes.Authentication, null, 403) };

    [Test]
    public async Task A_nested_call_runs_another_script_even_with_every_worker_busy()
    {
        using var engine = Create(o => o.Workers = 1);
        var api = new RecordingApi
        {
            Handler = async (call, token) =>
            {
                var inner = await Run(engine, Return($"'inner ' + {ContentOfGet("leaf")}"),
                    api: new RecordingApi { Handler = (_, _) => Task.FromResult(RecordingApi.Response(200, "leaf")) }, cancellationToken: token);
                return RecordingApi.Response(200, inner.Value);
            },
        };
        var run = await Run(engine, Return($"'outer ' + {ContentOfGet("inner")}"), api: api);
        Assert.That(run.Value, Is.EqualTo("outer inner leaf"));
        Assert.That(engine.WorkerProcessIds, Has.Count.EqualTo(1), "the extra worker of the nested run ended with it");
    }

    [Test]
    public async Task RestException_keeps_the_status_the_script_chose()
    {
        var error = await Fails(Engine, Throw("RestException(418, 'Sorry Mate')"));
        Assert.That((error.HttpStatus, error.Code, error.Message), Is.EqualTo((418, 418, "Sorry Mate")));
        error = await Fails(Engine, Throw("RestException(409, 'Taken', 7)"));
        Assert.That((error.HttpStatus, error.Code), Is.EqualTo((409, 7)));
    }

    [Test]
    public async Task Every_named_exception_has_its_status_and_code()
    {
        foreach (var kind in ScriptExceptions.All)
        {
            var error = await Fails(Engine, Throw($"{kind.Name}('{kind.Name} here')"));
            Assert.That((error.HttpStatus, error.Code, error.Message), Is.EqualTo((kind.Status, kind.Code ?? kind.Status, $"{kind.Name} here")), kind.Name);
        }
        var coded = await Fails(Engine, ThrowACodedException);
        Assert.That((coded.HttpStatus, coded.Code), Is.EqualTo((404, 1234)));
        var caught = await Run(Engine, CatchAForbiddenException);
        Assert.That(caught.Value, Is.EqualTo(new List<object?> { true, "ForbiddenException", 403L, 403L, "no" }));
    }

    [Test]
    public async Task BatchException_carries_its_context()
    {
        var error = await Fails(Engine, ThrowABatchWithItsContext);
        Assert.That((error.HttpStatus, error.Code, error.Message), Is.EqualTo((400, 1000, "Some items failed")));
        Assert.That(error.Context, Is.EqualTo(new Map { ["resource"] = new List<object?> { new Map { ["id"] = 1L }, new Map { ["error"] = "bad" } } }));
        var property = await Fails(Engine, ThrowABatchWithAContextSetLater);
        Assert.That(property.Context, Is.EqualTo(new Map { ["errors"] = new List<object?> { 2L } }));
    }

    [Test]
    public async Task A_plain_error_is_a_500_with_its_message_and_line()
    {
        var error = await Fails(Engine, ThrowAPlainErrorOnLineTwo);
        Assert.That((error.HttpStatus, error.Message), Is.EqualTo((500, "payload is missing name (line 2)")));
        error = await Fails(Engine, FailOnLineThree);
        Assert.That(error.HttpStatus, Is.EqualTo(500));
        Assert.That(error.Message, FailedOnLineThree);
        await StillWorks(Engine);
    }

    [Test]
    public async Task The_syntax_check_gives_the_interpreters_message_and_the_scripts_line_and_column()
    {
        var error = await Engine.CheckAsync(SyntaxErrorOnLineTwo, CancellationToken.None);
        Assert.That(error, Is.Not.Null);
        Assert.That((error!.Line, error.Column), Is.EqualTo((2, SyntaxErrorColumn)));
        Assert.That(error.Message, SyntaxErrorMessage);
        Assert.That(await Engine.CheckAsync(EndInAComment, CancellationToken.None), Is.Null);
        Assert.That(await Engine.CheckAsync("", CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task A_script_that_does_not_compile_fails_the_run_with_its_line()
    {
        var error = await Stopped(Engine, DoesNotCompileOnLineTwo);
        Assert.That(error.Message, Does.Contain("does not compile").And.Contain("line 2"));
        await StillWorks(Engine);
    }

    [Test]
    public async Task A_script_version_is_prepared_once_per_worker_and_forgotten_on_request()
    {
        using var engine = Create(o => o.Workers = 1);
        Assert.That((await Run(engine, Return("1"), sid: 7, version: 1)).Value, Is.EqualTo(1L));
        // Same id and version: the worker runs what it prepared (the host does not send the text again).
        Assert.That((await Run(engine, Return("2"), sid: 7, version: 1)).Value, Is.EqualTo(1L));
        Assert.That((await Run(engine, Return("2"), sid: 7, version: 2)).Value, Is.EqualTo(2L));
        engine.Forget(7);
        Assert.That((await Run(engine, Return("3"), sid: 7, version: 2)).Value, Is.EqualTo(3L));
        // Inline scripts are keyed by their text.
        Assert.That((await Run(engine, Return("'a'"))).Value, Is.EqualTo("a"));
        Assert.That((await Run(engine, Return("'b'"))).Value, Is.EqualTo("b"));
    }

    [Test]
    public async Task An_endless_loop_ends_at_the_time_limit_and_the_worker_is_replaced()
    {
        using var engine = Create(o => o.Workers = 1);
        await StillWorks(engine);
        var before = engine.WorkerProcessIds.Single();
        var clock = Stopwatch.StartNew();
        var error = await Stopped(engine, EndlessLoop);
        Assert.That(error.Message, Does.Contain("ran longer than its time limit of 1 s"));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
        await AllEnded([before]);
        await StillWorks(engine);
        Assert.That(engine.WorkerProcessIds.Single(), Is.Not.EqualTo(before));
    }

    [Test]
    public async Task Deep_recursion_is_an_error_of_the_script()
    {
        var error = await Fails(Engine, RecurseWithoutEnd);
        Assert.That(error.HttpStatus, Is.EqualTo(500));
        Assert.That(error.Message, RecursedTooDeep);
        await StillWorks(Engine);
    }

    [Test]
    public async Task A_memory_hog_ends_at_the_memory_limit()
    {
        using var engine = Create(o => { o.Workers = 1; o.MemoryMegabytes = 96; o.TimeoutSeconds = 20; });
        var clock = Stopwatch.StartNew();
        var error = await Stopped(engine, FillTheHeap);
        Assert.That(error.Message, Does.Contain("more than its memory limit of 96 MiB"));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(15)));
        error = await Stopped(engine, TakeMemoryAnotherWay);
        Assert.That(error.Message, Does.Contain("memory limit"));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(15)));
        await StillWorks(engine);
    }

    [Test]
    public async Task Exiting_the_process_ends_the_worker_with_a_clear_error()
    {
        using var engine = Create(o => o.Workers = 1);
        var error = await Stopped(engine, ExitWithCodeThree);
        Assert.That(error.Message, Does.Contain("worker ended unexpectedly (exit code 3)"));
        error = await Stopped(engine, KillItselfAfterAnApiCall);
        Assert.That(error.Message, Does.Contain("worker ended unexpectedly"));
        await StillWorks(engine);
    }

    [Test]
    public async Task Reading_stdin_finds_nothing()
    {
        Assert.That((await Run(Engine, ReadAllOfStdin)).Value, Is.EqualTo(""));
        await StillWorks(Engine);
    }

    [Test]
    public async Task The_hosts_environment_is_not_visible()
    {
        Environment.SetEnvironmentVariable("APISTUDIO_SECRET_TEST", "x");
        try
        {
            using var engine = Create();
            var run = await Run(engine, ReadTheEnvironment);
            var values = (List<object?>)run.Value!;
            Assert.That(values[0], Is.Null);
            Assert.That(((List<object?>)values[1]!).Cast<string>().Where(name => !IsLauncherVariable(name)),
                Is.SubsetOf(new[] { "PATH", "HOME", "TMPDIR", "LANG", ModulesPathVariable }));
        }
        finally
        {
            Environment.SetEnvironmentVariable("APISTUDIO_SECRET_TEST", null);
        }
    }

    [Test]
    public async Task A_hundred_slow_scripts_wait_in_line_for_a_worker()
    {
        using var engine = Create(o => o.Workers = 4);
        var clock = Stopwatch.StartNew();
        var runs = Enumerable.Range(0, 100).Select(i =>
            Run(engine, SleepThenReturn(20, "n"), variables: new Map { ["n"] = (long)i })).ToList();
        var results = await Task.WhenAll(runs);
        Assert.That(results.Select(r => r.Value), Is.EqualTo(Enumerable.Range(0, 100).Select(i => (object?)(long)i)));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
        Assert.That(engine.WorkerProcessIds, Has.Count.EqualTo(4));
    }

    [Test]
    public async Task Concurrent_endless_loops_each_end_at_their_limit_and_the_pool_heals()
    {
        using var engine = Create(o => { o.Workers = 2; o.TimeoutSeconds = 0.5; });
        var clock = Stopwatch.StartNew();
        var errors = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Stopped(engine, EndlessLoop)));
        Assert.That(errors.Select(e => e.Message), Has.All.Contains("time limit"));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
        await StillWorks(engine);
    }

    [Test]
    public async Task Cancellation_kills_a_busy_worker_and_ends_waiting()
    {
        using var engine = Create(o => { o.Workers = 1; o.TimeoutSeconds = 30; });
        await StillWorks(engine);
        var busy = engine.WorkerProcessIds.Single();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var running = Run(engine, EndlessLoop, cancellationToken: cancel.Token);
        var waiting = Run(engine, Return("'never'"), cancellationToken: cancel.Token);
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
        using var engine = Create(o => o.Executable = "/nonexistent/bin/interpreter");
        var error = await Stopped(engine, Return("1"));
        Assert.That(error.Message, Does.Contain($"{InterpreterName} interpreter '/nonexistent/bin/interpreter' could not be started"));
        var check = Assert.ThrowsAsync<ApiException>(async () => await engine.CheckAsync(Return("1"), CancellationToken.None))!;
        Assert.That(check.Message, Does.Contain("could not be started"));
        using var broken = Create(o => o.Executable = "/bin/false");
        var exited = await Stopped(broken, Return("1"));
        Assert.That(exited.Message, Does.Contain("worker did not start (is '/bin/false' a working"));
    }

    [Test]
    public async Task Disposing_the_engine_ends_its_processes()
    {
        var engine = Create(o => o.Workers = 3);
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Run(engine, SleepThenReturn(50, "1"))));
        var pids = engine.WorkerProcessIds;
        Assert.That(pids, Has.Count.EqualTo(3));
        engine.Dispose();
        await AllEnded(pids);
    }
}
