using ApiStudio.Engine.Hosting;
using ApiStudio.Engine.Scripting;
using ApiStudio.Engine.Scripting.Workers;
using ApiStudio.Engine.Values;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;

namespace ApiStudio.Benchmarks;

/// <summary>
/// One run of a trivial event script on a warm Node.js and Python worker: the round trip over the pipe (the event and
/// platform out, the changed event and result back) that each such script adds to a request. Target: at most 1 ms.
/// Needs <c>node</c> and <c>python3</c> on PATH.
/// </summary>
[Config(typeof(ShortConfig))]
public class ScriptWorkerBenchmarks
{
    private NodeJsEngine _node = null!;
    private PythonEngine _python = null!;
    private readonly ScriptSource _nodeScript = new(1, 1, "bench.get.pre_process", "event.request.payload.seen = true;\nreturn event.request.payload.n + 1;");
    private readonly ScriptSource _pythonScript = new(1, 1, "bench.get.pre_process", "event.request.payload['seen'] = True\nreturn event.request.payload.n + 1");

    [GlobalSetup]
    public void Setup()
    {
        var options = new ApiStudioOptions();
        options.Scripting.NodeJs.Workers = 1;
        options.Scripting.Python.Workers = 1;
        _node = new NodeJsEngine(Options.Create(options));
        _python = new PythonEngine(Options.Create(options));
        BenchmarkResources.Expect(NodeJs(), 42L, "Node.js round trip");
        BenchmarkResources.Expect(Python(), 42L, "Python round trip");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _node.Dispose();
        _python.Dispose();
    }

    [Benchmark(Description = "Node.js worker: trivial script, one round trip")]
    public object? NodeJs() => _node.RunAsync(_nodeScript, Run()).GetAwaiter().GetResult().Result;

    [Benchmark(Description = "Python worker: trivial script, one round trip")]
    public object? Python() => _python.RunAsync(_pythonScript, Run()).GetAwaiter().GetResult().Result;

    private static ScriptRun Run() => new()
    {
        Event = new Map
        {
            ["request"] = new Map { ["method"] = "GET", ["payload"] = new Map { ["n"] = 41L }, ["headers"] = new Map { ["accept"] = "application/json" } },
            ["response"] = null,
            ["resource"] = "bench",
        },
        Platform = new Map { ["config"] = new Map(), ["session"] = new Map() },
        Api = NoApi.Instance,
        Log = _ => { },
    };

    private sealed class NoApi : IScriptPlatformApi
    {
        public static readonly NoApi Instance = new();

        public Task<Map> CallAsync(string method, string path, object? payload, Map? options, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The benchmark scripts make no platform.api calls.");
    }
}
