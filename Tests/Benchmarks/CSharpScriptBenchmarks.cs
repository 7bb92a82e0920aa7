using ApiStudio.Engine.Hosting;
using ApiStudio.Engine.Scripting;
using ApiStudio.Engine.Scripting.CSharp;
using ApiStudio.Engine.Values;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;

namespace ApiStudio.Benchmarks;

/// <summary>
/// One run of a C# event script whose version is already compiled: the cost of a run itself (copying the event,
/// the globals, the hop to a pool thread, the time limit's timer, converting the outcome back), and of the guard a
/// loop passes on every iteration.
/// </summary>
[Config(typeof(ShortConfig))]
public class CSharpScriptBenchmarks
{
    private static readonly ScriptSource Trivial = new(1, 1, "bench.get.pre_process", "@event.request.payload.seen = true; return 1;");
    private static readonly ScriptSource Loop = new(2, 1, "bench.get.post_process", "var n = 0L; for (var i = 0; i < 10_000; i++) { n += i; } return n;");
    private CSharpEngine _engine = null!;

    [GlobalSetup]
    public void Setup()
    {
        _engine = new CSharpEngine(Options.Create(new ApiStudioOptions()));
        Run(Trivial).GetAwaiter().GetResult();
        Run(Loop).GetAwaiter().GetResult();
    }

    [Benchmark(Description = "trivial cached C# script run")]
    public Task<ScriptOutcome> TrivialRun() => Run(Trivial);

    [Benchmark(Description = "C# script with a 10,000-iteration guarded loop")]
    public Task<ScriptOutcome> LoopRun() => Run(Loop);

    private Task<ScriptOutcome> Run(ScriptSource source) => _engine.RunAsync(source, new ScriptRun
    {
        Event = new Map
        {
            ["request"] = new Map { ["method"] = "GET", ["parameters"] = new Map { ["id"] = "7" }, ["payload"] = new Map { ["name"] = "ada" } },
            ["response"] = null,
            ["resource"] = "employees",
        },
        Platform = new Map { ["config"] = new Map(), ["session"] = new Map() },
        Api = NoApi.Instance,
        Log = _ => { },
    });

    private sealed class NoApi : IScriptPlatformApi
    {
        public static readonly NoApi Instance = new();

        public Task<Map> CallAsync(string method, string path, object? payload, Map? options, CancellationToken cancellationToken) =>
            Task.FromResult(new Map());
    }
}
