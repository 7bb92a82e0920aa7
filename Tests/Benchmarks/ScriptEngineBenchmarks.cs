using ApiStudio.Engine.Hosting;
using ApiStudio.Engine.Scripting;
using ApiStudio.Engine.Scripting.CSharp;
using ApiStudio.Engine.Scripting.Workers;
using ApiStudio.Engine.Values;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;

namespace ApiStudio.Benchmarks;

/// <summary>
/// One run of a trivial event script whose version is prepared, in each engine: what a script adds to a request on
/// top of the pipeline. JavaScript and C# run in-process (C# also with a guarded 10,000-iteration loop: the guard's
/// cost per iteration); Node.js and Python are a round trip to a warm worker over its pipe (target: at most 1 ms).
/// Needs <c>node</c> and <c>python3</c> on PATH.
/// </summary>
[Config(typeof(ShortConfig))]
public class ScriptEngineBenchmarks
{
    private static readonly ScriptSource JavaScript = new(1, 1, "bench.get.pre_process", "event.request.payload.seen = true;\nreturn event.request.payload.n + 1;");
    private static readonly ScriptSource CSharp = new(2, 1, "bench.get.pre_process", "@event.request.payload.seen = true;\nreturn @event.request.payload.n + 1;");
    private static readonly ScriptSource CSharpLoop = new(3, 1, "bench.get.post_process", "var n = 0L; for (var i = 0; i < 10_000; i++) { n += i; } return n;");
    private static readonly ScriptSource Node = new(4, 1, "bench.get.pre_process", "event.request.payload.seen = true;\nreturn event.request.payload.n + 1;");
    private static readonly ScriptSource Python = new(5, 1, "bench.get.pre_process", "event.request.payload['seen'] = True\nreturn event.request.payload.n + 1");

    private JavaScriptRunner _runner = null!;
    private JavaScriptEngine _javaScript = null!;
    private CSharpEngine _csharp = null!;
    private NodeJsEngine _node = null!;
    private PythonEngine _python = null!;

    [GlobalSetup]
    public void Setup()
    {
        var options = new ApiStudioOptions();
        options.Scripting.NodeJs.Workers = 1;
        options.Scripting.Python.Workers = 1;
        _runner = new JavaScriptRunner(Options.Create(options));
        _javaScript = new JavaScriptEngine(_runner);
        _csharp = new CSharpEngine(Options.Create(options));
        _node = new NodeJsEngine(Options.Create(options));
        _python = new PythonEngine(Options.Create(options));
        BenchmarkResources.Expect(JavaScriptRun(), 42L, "JavaScript run");
        BenchmarkResources.Expect(CSharpRun(), 42L, "C# run");
        BenchmarkResources.Expect(CSharpLoopRun(), 49_995_000L, "C# loop");
        BenchmarkResources.Expect(NodeJsRun(), 42L, "Node.js round trip");
        BenchmarkResources.Expect(PythonRun(), 42L, "Python round trip");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _node.Dispose();
        _python.Dispose();
        _runner.Dispose();
    }

    [Benchmark(Description = "JavaScript (Jint, pooled): trivial script")]
    public object? JavaScriptRun() => Run(_javaScript, JavaScript);

    [Benchmark(Description = "C# (compiled, cached): trivial script")]
    public object? CSharpRun() => Run(_csharp, CSharp);

    [Benchmark(Description = "C#: a guarded 10,000-iteration loop")]
    public object? CSharpLoopRun() => Run(_csharp, CSharpLoop);

    [Benchmark(Description = "Node.js worker: trivial script, one round trip")]
    public object? NodeJsRun() => Run(_node, Node);

    [Benchmark(Description = "Python worker: trivial script, one round trip")]
    public object? PythonRun() => Run(_python, Python);

    private static object? Run(IScriptEngine engine, ScriptSource source) => engine.RunAsync(source, new ScriptRun
    {
        Event = new Map
        {
            ["request"] = new Map { ["method"] = "GET", ["payload"] = new Map { ["n"] = 41L }, ["headers"] = new Map { ["accept"] = "application/json" } },
            ["response"] = null,
            ["resource"] = new Map(),
        },
        Platform = new Map { ["config"] = new Map(), ["session"] = new Map() },
        Api = NoApi.Instance,
        Log = _ => { },
    }).GetAwaiter().GetResult().Result;

    private sealed class NoApi : IScriptPlatformApi
    {
        public static readonly NoApi Instance = new();

        public Task<Map> CallAsync(string method, string path, object? payload, Map? options, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The benchmark scripts make no platform.api calls.");
    }
}
