using System.Text;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Requests;
using ApiStudio.Engine.Resources;
using ApiStudio.Processors;
using BenchmarkDotNet.Attributes;

namespace ApiStudio.Benchmarks;

/// <summary>
/// Evaluation cost of prepared trees, reported per evaluated node (OperationsPerInvoke = nodes evaluated).
/// The target: at most 1 µs and 256 bytes per simple node.
/// </summary>
[Config(typeof(ShortConfig))]
public class TreeEvaluationBenchmarks
{
    private static readonly ResourcePlanner Planner = new(BuiltInProcessors.Catalogue());
    private readonly ApiRequest _request = new() { Query = new Dictionary<string, object?> { ["name"] = "world" } };
    private EvaluationContext _context = null!;
    private PlanElement _varStr = null!;
    private PlanElement _varGet = null!;
    private PlanElement _fiveNodes = null!;
    private PlanElement _fiftyNodes = null!;
    private PlanElement _heavyUntakenBranch = null!;

    [GlobalSetup]
    public void Setup()
    {
        // One context serves millions of evaluations here: the memory budget of one request would run out (the
        // counting still runs on every node).
        _context = new EvaluationContext(_request, new EvaluationOptions { MemoryBudgetBytes = long.MaxValue });
        _varStr = Plan("processor: var_str\nid: s\nvalue: hello\n");
        _varGet = Plan("processor: var_get\nid: g\nkey: name\n");
        _fiveNodes = Plan("""
            processor: concatenate
            id: greeting
            items:
              - processor: var_str
                id: hello
                value: "Hello, "
              - processor: var_get
                id: name
                key: name
              - processor: var_str
                id: comma
                value: ", "
              - processor: var_int
                id: answer
                value: 42
            """);
        var fifty = new StringBuilder("processor: concatenate\nid: root\nitems:\n");
        for (var i = 0; i < 49; i++)
        {
            fifty.Append(i % 2 == 0
                ? $"  - processor: var_str\n    id: s{i}\n    value: x{i}\n"
                : $"  - processor: var_get\n    id: g{i}\n    key: name\n");
        }
        _fiftyNodes = Plan(fifty.ToString());
        var untaken = new StringBuilder("processor: if_then_else\nid: choose\nlhs: 1\nrhs: 1\noperator: \"==\"\nthen: taken\nelse:\n  processor: concatenate\n  id: heavy\n  items:\n");
        for (var i = 0; i < 1000; i++)
        {
            untaken.Append($"    - processor: var_get\n      id: h{i}\n      key: name\n");
        }
        _heavyUntakenBranch = Plan(untaken.ToString());
    }

    [GlobalCleanup]
    public void Cleanup() => _context.Dispose();

    [Benchmark(Description = "var_str (1 node)")]
    public object VarStr() => TreeParser.EvaluateAsync(_varStr, _context).Result;

    [Benchmark(Description = "var_get (1 node)")]
    public object VarGet() => TreeParser.EvaluateAsync(_varGet, _context).Result;

    [Benchmark(Description = "5-node resource, per node", OperationsPerInvoke = 5)]
    public object FiveNodes() => TreeParser.EvaluateAsync(_fiveNodes, _context).Result;

    [Benchmark(Description = "50-node resource, per node", OperationsPerInvoke = 50)]
    public object FiftyNodes() => TreeParser.EvaluateAsync(_fiftyNodes, _context).Result;

    [Benchmark(Description = "if_then_else, 1,000-node untaken branch (1 node)")]
    public object HeavyUntakenBranch() => TreeParser.EvaluateAsync(_heavyUntakenBranch, _context).Result;

    [Benchmark(Description = "5-node resource with its request context")]
    public object FiveNodesWithContext()
    {
        using var context = new EvaluationContext(_request);
        return TreeParser.EvaluateAsync(_fiveNodes, context).Result;
    }

    private static PlanElement Plan(string processYaml)
    {
        var indented = string.Join("\n", processYaml.TrimEnd().Split('\n').Select(line => "  " + line));
        var document = ResourceLoader.Load(
            $"name: bench\ndescription: bench\naccount: a\napplication: b\nuri: u\nmethod: get\nttl: 0\nprocess:\n{indented}\n",
            "bench.yaml");
        return Planner.Prepare(document).Process;
    }
}
