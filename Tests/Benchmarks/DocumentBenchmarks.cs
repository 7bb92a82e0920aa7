using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Resources;
using BenchmarkDotNet.Attributes;

namespace ApiStudio.Benchmarks;

/// <summary>
/// The publish path of a 50-node resource: loading the document (YAML and JSON), validating it, and preparing it
/// into a plan (the planner validates first). Paid once per publish, not per request.
/// </summary>
[Config(typeof(ShortConfig))]
public class DocumentBenchmarks
{
    private string _yaml = null!;
    private string _json = null!;
    private ResourceDocument _document = null!;

    [GlobalSetup]
    public void Setup()
    {
        _yaml = BenchmarkResources.Document(BenchmarkResources.FiftyNodeProcess());
        _document = ResourceLoader.Load(_yaml, "bench.yaml", DocumentFormat.Yaml);
        _json = ResourceWriter.Write(_document, DocumentFormat.Json);
        BenchmarkResources.Expect(BenchmarkResources.Planner.Validator.Validate(_document).Count, 0, "validation errors");
        var fromJson = ResourceLoader.Load(_json, "bench.json", DocumentFormat.Json);
        BenchmarkResources.Expect(ResourceWriter.Write(fromJson, DocumentFormat.Yaml), ResourceWriter.Write(_document, DocumentFormat.Yaml), "JSON round trip");
        BenchmarkResources.Expect(CountNodes(BenchmarkResources.Planner.Prepare(_document).Process), 50, "nodes in the plan");
    }

    [Benchmark(Description = "load YAML (50 nodes)")]
    public object LoadYaml() => ResourceLoader.Load(_yaml, "bench.yaml", DocumentFormat.Yaml);

    [Benchmark(Description = "load JSON (50 nodes)")]
    public object LoadJson() => ResourceLoader.Load(_json, "bench.json", DocumentFormat.Json);

    [Benchmark(Description = "validate (50 nodes)")]
    public object Validate() => BenchmarkResources.Planner.Validator.Validate(_document);

    [Benchmark(Description = "prepare: validate + plan (50 nodes)")]
    public object Prepare() => BenchmarkResources.Planner.Prepare(_document);

    [Benchmark(Description = "load YAML + prepare (50 nodes)")]
    public object LoadAndPrepareYaml() =>
        BenchmarkResources.Planner.Prepare(ResourceLoader.Load(_yaml, "bench.yaml", DocumentFormat.Yaml));

    [Benchmark(Description = "load JSON + prepare (50 nodes)")]
    public object LoadAndPrepareJson() =>
        BenchmarkResources.Planner.Prepare(ResourceLoader.Load(_json, "bench.json", DocumentFormat.Json));

    private static int CountNodes(PlanElement element)
    {
        var count = 0;
        var pending = new Stack<PlanElement>();
        pending.Push(element);
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case NodePlan node:
                    count++;
                    foreach (var input in node.Inputs)
                    {
                        foreach (var item in input.Elements)
                        {
                            pending.Push(item);
                        }
                    }
                    break;
                case ListPlan list:
                    foreach (var item in list.Items)
                    {
                        pending.Push(item);
                    }
                    break;
                case MapPlan map:
                    foreach (var item in map.Values)
                    {
                        pending.Push(item);
                    }
                    break;
            }
        }
        return count;
    }
}
