using System.Diagnostics;
using ApiStudio.Engine.Scripting;
using ApiStudio.Engine.Scripting.Workers;
using ApiStudio.Engine.Values;
using NUnit.Framework.Constraints;
using static ApiStudio.Tests.Engine.Scripting.WorkerHarness;

namespace ApiStudio.Tests.Engine.Scripting;

/// <summary>
/// Node.js scripts on worker processes of the real <c>node</c>: the tests of <see cref="WorkerEngineContract"/> in
/// JavaScript, and what is Node's own — console and stdout as log lines, <c>platform.api</c> with await, in parallel
/// and with DreamFactory's callbacks, errors thrown later by a timer, <c>require</c> of the configured modules folder
/// and endless output.
/// </summary>
public class NodeJsEngineTests : WorkerEngineContract
{
    protected override WorkerScriptEngine Create(Action<WorkerOptions>? configure = null) => Node(configure);

    protected override string EngineName => ScriptEngines.NodeJs;

    protected override string InterpreterName => "Node.js";

    protected override string Return(string expression) => $"return {expression};";

    protected override string Throw(string construction) => $"throw new {construction};";

    protected override string SleepThenReturn(int milliseconds, string expression) =>
        $"await new Promise((r) => setTimeout(r, {milliseconds})); return {expression};";

    protected override string ContentOfGet(string path) => $"(await platform.api.get('{path}')).content";

    protected override string ChangeTheEvent => """
        const payload = event.request.payload;
        payload.total = payload.items.reduce((s, i) => s + i, 0);
        event.request.headers['x-seen'] = 'yes';
        event.setResponse({ greeting: 'hello ' + payload.name }, 201, 'application/json');
        return { total: payload.total, half: payload.total / 4, resource: event.resource, user: platform.session.user.email, app: platform.config.app };
        """;

    protected override string ReplaceTheRequest => "event.setRequest({ method: 'GET', payload: null });";

    protected override string UseTheVariables => "return [greeting + ' ' + who.name, count * 2];";

    protected override string SilenceTheLog => "console.log = () => {};";

    protected override string LogStillLogged => "console.log('still logged');";

    protected override string LogFiveThousandLines => "for (let i = 0; i < 5000; i++) console.log(i);";

    protected override string CallEveryApiMethod => """
        const a = await platform.api.get('db/_table/orders', null, { parameters: { limit: 5 } });
        const b = await platform.api.post('db/_table/orders', { resource: [{ id: 1 }] });
        await platform.api.put('x', 1); await platform.api.patch('y', 2); await platform.api.delete('z');
        return [a.status_code, a.content.path, b.content.payload, a.headers['x-served-by'], a.content_type];
        """;

    protected override string CatchARefusedCall =>
        "try { await platform.api.get('system/admin'); } catch (e) { return [e.name, e.status_code, e.message]; }";

    protected override string MakeARefusedCall => "await platform.api.get('system/admin');";

    protected override string ThrowACodedException => "const e = new NotFoundException('No order', 1234); throw e;";

    protected override string CatchAForbiddenException =>
        "try { throw new ForbiddenException('no'); } catch (e) { return [e instanceof Error, e.name, e.status_code, e.code, e.message]; }";

    protected override string ThrowABatchWithItsContext =>
        "throw new BatchException('Some items failed', null, { resource: [{ id: 1 }, { error: 'bad' }] });";

    protected override string ThrowABatchWithAContextSetLater => "const e = new BatchException('Partly'); e.context = { errors: [2] }; throw e;";

    protected override string ThrowAPlainErrorOnLineTwo => "const x = 1;\nthrow new Error('payload is missing name');";

    protected override string FailOnLineThree => "const o = null;\n\nreturn o.name;";

    protected override IResolveConstraint FailedOnLineThree => Does.StartWith("TypeError: ").And.EndWith("(line 3)");

    protected override string SyntaxErrorOnLineTwo => "const a = 1;\nconst b = ;\nreturn a;";

    protected override int SyntaxErrorColumn => 11;

    protected override IResolveConstraint SyntaxErrorMessage => Does.Contain("Unexpected token");

    protected override string EndInAComment => "const r = await platform.api.get('x');\nreturn r; // last line comment";

    protected override string DoesNotCompileOnLineTwo => "let a = 1;\nlet = = 2;";

    protected override string RecurseWithoutEnd => "function down(n) { return down(n + 1) + 1; }\nreturn down(0);";

    protected override IResolveConstraint RecursedTooDeep => Is.EqualTo("RangeError: Maximum call stack size exceeded (line 1)");

    protected override string EndlessLoop => "while (true) {}";

    protected override string FillTheHeap => "const a = []; while (true) { a.push(new Array(100000).fill(a.length)); }";

    protected override string TakeMemoryAnotherWay => "const a = []; while (true) { a.push(Buffer.alloc(16 * 1024 * 1024, 1)); }";

    protected override string ExitWithCodeThree => "process.exit(3);";

    protected override string KillItselfAfterAnApiCall => "await platform.api.get('first'); process.kill(process.pid, 'SIGKILL');";

    protected override string ReadAllOfStdin => """
        let data = '';
        process.stdin.on('data', (d) => { data += d; });
        await new Promise((resolve) => process.stdin.on('end', resolve));
        return data;
        """;

    protected override string ReadTheEnvironment => "return [process.env.APISTUDIO_SECRET_TEST ?? null, Object.keys(process.env).sort()];";

    protected override string ModulesPathVariable => "NODE_PATH";

    [Test]
    public async Task Console_and_stdout_become_log_lines_and_never_the_protocol()
    {
        var run = await Run(Engine, """
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
        await StillWorks(Engine);
    }

    [Test]
    public async Task DreamFactory_callbacks_run_before_the_run_ends()
    {
        var api = new RecordingApi();
        var run = await Run(Engine, """
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
        var run = await Run(Engine, """
            const all = await Promise.all(['slow', 'fast', 'other'].map((p) => platform.api.get(p)));
            return all.map((r) => r.content);
            """, api: api);
        Assert.That(run.Value, Is.EqualTo(new List<object?> { "slow", "fast", "other" }));
    }

    [Test]
    public async Task A_refused_api_call_gives_its_callback_the_status_and_the_error()
    {
        var callback = await Run(Engine,
            "platform.api.get('system/admin', '', (body, response) => { event.got = [response.statusCode, JSON.parse(body).error.message]; });",
            api: RefusingApi());
        Assert.That(callback.Outcome.Event["got"], Is.EqualTo(new List<object?> { 403L, "Not allowed here." }));
    }

    [Test]
    public async Task A_thrown_string_and_an_exception_thrown_by_a_timer_fail_the_run()
    {
        var error = await Fails(Engine, "throw 'just a string';");
        Assert.That((error.HttpStatus, error.Message), Is.EqualTo((500, "just a string")));
        error = await Fails(Engine, "setTimeout(() => { throw new ConflictResourceException('late'); }, 1); await new Promise((r) => setTimeout(r, 20));");
        Assert.That((error.HttpStatus, error.Message), Is.EqualTo((409, "late")));
        await StillWorks(Engine);
    }

    [Test]
    public async Task The_syntax_check_finds_an_unclosed_condition_on_line_one()
    {
        var error = await Engine.CheckAsync("if (x {", CancellationToken.None);
        Assert.That(error!.Line, Is.EqualTo(1));
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
    public async Task Endless_output_without_a_newline_ends_the_run_and_not_the_host()
    {
        using var engine = Node(o => { o.Workers = 1; o.TimeoutSeconds = 20; });
        var clock = Stopwatch.StartNew();
        var error = await Stopped(engine, "const fs = require('fs'); const chunk = 'x'.repeat(1 << 16); while (true) { try { fs.writeSync(1, chunk); } catch (e) { /* full pipe */ } }");
        Assert.That(error.Message, Does.Contain("wrote a line longer than 64 Mi characters"));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(15)));
        await StillWorks(engine);
    }
}
