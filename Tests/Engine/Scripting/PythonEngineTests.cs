using System.Globalization;
using ApiStudio.Engine.Scripting;
using ApiStudio.Engine.Scripting.Workers;
using NUnit.Framework.Constraints;
using static ApiStudio.Tests.Engine.Scripting.WorkerHarness;

namespace ApiStudio.Tests.Engine.Scripting;

/// <summary>
/// Python scripts on worker processes of the real <c>python3</c>: the tests of <see cref="WorkerEngineContract"/> in
/// Python, and what is Python's own — the event by attribute, print and stdout as log lines, <c>sys.exit</c> as an
/// error, its syntax errors, packages from the configured folder, the real stdout and stdin.
/// </summary>
public class PythonEngineTests : WorkerEngineContract
{
    protected override WorkerScriptEngine Create(Action<WorkerOptions>? configure = null) => Python(configure);

    protected override string EngineName => ScriptEngines.Python;

    protected override string InterpreterName => "Python";

    protected override string Return(string expression) => $"return {expression}";

    protected override string Throw(string construction) => $"raise {construction}";

    protected override string SleepThenReturn(int milliseconds, string expression) =>
        $"import time\ntime.sleep({(milliseconds / 1000.0).ToString(CultureInfo.InvariantCulture)})\nreturn {expression}";

    protected override string ContentOfGet(string path) => $"platform.api.get('{path}').content";

    protected override string ChangeTheEvent => """
        payload = event.request.payload
        payload['total'] = sum(payload['items'])
        event['request']['headers']['x-seen'] = 'yes'
        event.setResponse({'greeting': 'hello ' + payload.name}, 201, 'application/json')
        return {'total': payload.total, 'half': payload.total / 4, 'resource': event.resource,
                'user': platform.session.user.email, 'app': platform['config']['app']}
        """;

    protected override string ReplaceTheRequest => "event.setRequest({'method': 'GET', 'payload': None})";

    protected override string UseTheVariables => "return [greeting + ' ' + who['name'], count * 2]";

    protected override string SilenceTheLog => "import sys, io\nsys.stdout = io.StringIO()";

    protected override string LogStillLogged => "print('still logged')";

    protected override string LogFiveThousandLines => "for i in range(5000):\n    print(i)";

    protected override string CallEveryApiMethod => """
        a = platform.api.get('db/_table/orders', None, {'parameters': {'limit': 5}})
        b = platform.api.post('db/_table/orders', {'resource': [{'id': 1}]})
        platform.api.put('x', 1); platform.api.patch('y', 2); platform.api.delete('z')
        return [a['status_code'], a.content.path, b.content.payload, a.headers['x-served-by'], a.content_type]
        """;

    protected override string CatchARefusedCall => """
        try:
            platform.api.get('system/admin')
        except RestException as e:
            return [type(e).__name__, e.status_code, e.message]
        """;

    protected override string MakeARefusedCall => "platform.api.get('system/admin')";

    protected override string ThrowACodedException => "raise NotFoundException('No order', 1234)";

    protected override string CatchAForbiddenException => """
        try:
            raise ForbiddenException('no')
        except Exception as e:
            return [isinstance(e, Exception), type(e).__name__, e.status_code, e.code, str(e)]
        """;

    protected override string ThrowABatchWithItsContext =>
        "raise BatchException('Some items failed', None, {'resource': [{'id': 1}, {'error': 'bad'}]})";

    protected override string ThrowABatchWithAContextSetLater => "e = BatchException('Partly')\ne.context = {'errors': [2]}\nraise e";

    protected override string ThrowAPlainErrorOnLineTwo => "x = 1\nraise Exception('payload is missing name')";

    protected override string FailOnLineThree => "o = {}\n\nreturn o['name']";

    protected override IResolveConstraint FailedOnLineThree => Is.EqualTo("KeyError: 'name' (line 3)");

    protected override string SyntaxErrorOnLineTwo => "a = 1\nb = \nreturn a";

    protected override int SyntaxErrorColumn => 5;

    protected override IResolveConstraint SyntaxErrorMessage => Is.EqualTo("invalid syntax");

    protected override string EndInAComment => "r = platform.api.get('x')\nreturn r  # last line comment";

    protected override string DoesNotCompileOnLineTwo => "a = 1\nif a\n  pass";

    protected override string RecurseWithoutEnd => "def down(n):\n    return down(n + 1) + 1\nreturn down(0)";

    protected override IResolveConstraint RecursedTooDeep =>
        Does.StartWith("RecursionError: maximum recursion depth exceeded").And.EndWith("(line 2)");

    protected override string EndlessLoop => "while True:\n    pass";

    protected override string FillTheHeap => "a = []\nwhile True:\n    a.append(' ' * 1000000)";

    protected override string TakeMemoryAnotherWay => "return len(bytearray(512 * 1024 * 1024))";

    protected override string ExitWithCodeThree => "import os\nos._exit(3)";

    protected override string KillItselfAfterAnApiCall => "import os, signal\nplatform.api.get('first')\nos.kill(os.getpid(), signal.SIGKILL)";

    protected override string ReadAllOfStdin => "import sys\nreturn sys.stdin.read()";

    protected override string ReadTheEnvironment => "import os\nreturn [os.environ.get('APISTUDIO_SECRET_TEST'), sorted(os.environ.keys())]";

    protected override string ModulesPathVariable => "PYTHONPATH";

    /// <summary>A launcher script (pyenv's shim) may add its own shell variables.</summary>
    protected override bool IsLauncherVariable(string name) =>
        name is "PWD" or "SHLVL" or "_" or "LC_CTYPE" || name.TrimStart('_').StartsWith("PYENV", StringComparison.Ordinal);

    [Test]
    public async Task A_replaced_request_is_read_by_attribute_too()
    {
        var run = await Run(Engine, "event.setRequest({'payload': {'a': [{'b': 1}]}})\nreturn event.request.payload.a[0].b");
        Assert.That(run.Value, Is.EqualTo(1L));
    }

    [Test]
    public async Task Print_and_stdout_become_log_lines_and_never_the_protocol()
    {
        var run = await Run(Engine, """
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
        await StillWorks(Engine);
    }

    [Test]
    public async Task Sys_exit_is_an_error_of_the_script_with_its_line()
    {
        var error = await Fails(Engine, "import sys\nsys.exit(2)");
        Assert.That((error.HttpStatus, error.Message), Is.EqualTo((500, "SystemExit: 2 (line 2)")));
        await StillWorks(Engine);
    }

    [Test]
    public async Task The_syntax_check_knows_break_outside_a_loop_and_multi_line_strings()
    {
        var error = await Engine.CheckAsync("for i in range(3):\n    pass\nbreak", CancellationToken.None);
        Assert.That((error!.Line, error.Message), Is.EqualTo((3, "'break' outside loop")));
        Assert.That(await Engine.CheckAsync("s = '''\nmulti\nline'''\nreturn s", CancellationToken.None), Is.Null);
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
    public async Task A_huge_line_to_the_real_stdout_is_cut_to_one_log_line()
    {
        // fd 1 is the worker's stderr, read apart from the protocol: the line is given time to arrive before the run ends.
        var run = await Run(Engine, "import os, time\ndata = b'y' * 5000000 + b'\\n'\nwhile data:\n    data = data[os.write(1, data):]\ntime.sleep(0.3)\nreturn 'ok'");
        Assert.That(run.Value, Is.EqualTo("ok"));
        Assert.That(run.Log, Has.Some.Matches<string>(line => line.Length == 16 * 1024 && line.Trim('y').Length == 0));
    }

    [Test]
    public async Task Low_level_reads_and_input_find_the_end_of_stdin()
    {
        Assert.That((await Run(Engine, "import os\nreturn len(os.read(0, 100))")).Value, Is.EqualTo(0L));
        var error = await Fails(Engine, "return input()");
        Assert.That(error.Message, Does.StartWith("EOFError"));
        await StillWorks(Engine);
    }
}
