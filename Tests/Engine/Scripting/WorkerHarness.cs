using System.Collections.Concurrent;
using System.Diagnostics;
using ApiStudio.Engine.Hosting;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Scripting;
using ApiStudio.Engine.Scripting.Workers;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using Microsoft.Extensions.Options;

namespace ApiStudio.Tests.Engine.Scripting;

/// <summary>
/// Runs scripts on the Node.js and Python engines with the real interpreters, short limits (1 s, 128 MiB, 2 workers
/// unless a test says otherwise), a <c>platform.api</c> that records its calls, and the lines the script logged.
/// </summary>
public static class WorkerHarness
{
    /// <summary>The script name every run uses, as errors name it.</summary>
    public const string Name = "shop.orders.get.pre_process";

    /// <summary>A Node.js engine with test limits.</summary>
    public static NodeJsEngine Node(Action<WorkerOptions>? configure = null)
    {
        var options = new ApiStudioOptions();
        Limits(options.Scripting.NodeJs, Interpreters.Node, configure);
        return new NodeJsEngine(Options.Create(options));
    }

    /// <summary>A Python engine with test limits.</summary>
    public static PythonEngine Python(Action<WorkerOptions>? configure = null)
    {
        var options = new ApiStudioOptions();
        Limits(options.Scripting.Python, Interpreters.Python, configure);
        return new PythonEngine(Options.Create(options));
    }

    private static void Limits(WorkerOptions options, string executable, Action<WorkerOptions>? configure)
    {
        options.Executable = executable;
        options.TimeoutSeconds = 1;
        options.MemoryMegabytes = 128;
        options.Workers = 2;
        configure?.Invoke(options);
    }

    /// <summary>The event of a request: a payload, headers and parameters; no response yet.</summary>
    public static Map Event() => new()
    {
        ["request"] = new Map
        {
            ["method"] = "POST",
            ["payload"] = new Map { ["name"] = "ada", ["items"] = new List<object?> { 1L, 2L, 3L } },
            ["headers"] = new Map { ["x-trace"] = "t1" },
            ["parameters"] = new Map { ["limit"] = "10" },
        },
        ["response"] = null,
        ["resource"] = "orders",
    };

    /// <summary>What a run left, and what it logged.</summary>
    public sealed record Result(ScriptOutcome Outcome, List<string> Log)
    {
        /// <summary>The value the script returned.</summary>
        public object? Value => Outcome.Result;
    }

    /// <summary>Runs an inline script (or a stored one when <paramref name="sid"/> is given).</summary>
    public static async Task<Result> Run(IScriptEngine engine, string script, Map? @event = null, IScriptPlatformApi? api = null,
        Map? variables = null, CancellationToken cancellationToken = default, long sid = 0, long version = 1)
    {
        var log = new ConcurrentQueue<string>();
        var outcome = await engine.RunAsync(new ScriptSource(sid, version, Name, script), new ScriptRun
        {
            Event = @event ?? Event(),
            Platform = new Map { ["config"] = new Map { ["app"] = "shop" }, ["session"] = new Map { ["user"] = new Map { ["email"] = "ada@example.com" } } },
            Api = api ?? new RecordingApi(),
            Variables = variables ?? new Map(),
            Log = log.Enqueue,
            CancellationToken = cancellationToken,
        });
        return new Result(outcome, [.. log]);
    }

    /// <summary>The error of a run that must fail.</summary>
    public static async Task<ApiException> Fails(IScriptEngine engine, string script, IScriptPlatformApi? api = null,
        CancellationToken cancellationToken = default)
    {
        try
        {
            await Run(engine, script, api: api, cancellationToken: cancellationToken);
        }
        catch (ApiException ex)
        {
            return ex;
        }
        Assert.Fail("The script should have failed.");
        throw new InvalidOperationException();
    }

    /// <summary>The error of a run that must fail with a 500 naming the script (a limit, a crash).</summary>
    public static async Task<ApiException> Stopped(IScriptEngine engine, string script)
    {
        var error = await Fails(engine, script);
        Assert.That(error.HttpStatus, Is.EqualTo(500));
        Assert.That(error.Message, Does.StartWith($"Script {Name} failed: "));
        return error;
    }

    /// <summary>True while a process with that id runs.</summary>
    public static bool Running(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Waits until no process of <paramref name="pids"/> runs any more.</summary>
    public static async Task AllEnded(IEnumerable<int> pids)
    {
        var list = pids.ToList();
        var until = DateTime.UtcNow.AddSeconds(5);
        while (list.Any(Running) && DateTime.UtcNow < until)
        {
            await Task.Delay(20);
        }
        Assert.That(list.Where(Running), Is.Empty, "worker processes left running");
    }

    /// <summary>A folder that is deleted when disposed.</summary>
    public sealed class TempFolder : IDisposable
    {
        /// <summary>Creates the folder.</summary>
        public TempFolder() => Path = Directory.CreateTempSubdirectory("apistudio-test-").FullName;

        /// <summary>Its full path.</summary>
        public string Path { get; }

        /// <summary>Writes a file under the folder (creating its folders).</summary>
        public void Write(string relative, string content)
        {
            var file = System.IO.Path.Combine(Path, relative);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
            File.WriteAllText(file, content);
        }

        /// <summary>Deletes the folder.</summary>
        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}

/// <summary>
/// <c>platform.api</c> for tests: records each call and answers with <see cref="Handler"/> (by default 200 with the
/// call echoed back as content).
/// </summary>
public sealed class RecordingApi : IScriptPlatformApi
{
    /// <summary>One call as the script made it.</summary>
    public sealed record Call(string Method, string Path, object? Payload, Map? Options);

    /// <summary>The calls, in order.</summary>
    public ConcurrentQueue<Call> Calls { get; } = new();

    /// <summary>Answers a call; may throw an ApiException as the host does for a refused call.</summary>
    public Func<Call, CancellationToken, Task<Map>> Handler { get; init; } = (call, _) => Task.FromResult(Response(200, new Map
    {
        ["method"] = call.Method,
        ["path"] = call.Path,
        ["payload"] = call.Payload,
    }));

    /// <summary>A response as the host gives it.</summary>
    public static Map Response(long status, object? content) => new()
    {
        ["status_code"] = status,
        ["content"] = content,
        ["content_type"] = "application/json",
        ["headers"] = new Map { ["x-served-by"] = "test" },
    };

    /// <inheritdoc />
    public Task<Map> CallAsync(string method, string path, object? payload, Map? options, CancellationToken cancellationToken)
    {
        var call = new Call(method, path, payload, options);
        Calls.Enqueue(call);
        return Handler(call, cancellationToken);
    }
}
