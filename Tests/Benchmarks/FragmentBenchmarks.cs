using System.Text;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Requests;
using BenchmarkDotNet.Attributes;

namespace ApiStudio.Benchmarks;

/// <summary>
/// A fragment used several times is evaluated once per request: a request that uses a 21-node fragment
/// eight times should cost about as much as one that uses it once, far less than the same sub-tree written out eight
/// times. Each invocation is one request (a fresh context, so the fragment's value is not reused across requests).
/// </summary>
[Config(typeof(ShortConfig))]
public class FragmentBenchmarks
{
    private const int Uses = 8;
    private readonly ApiRequest _request = new() { Query = new Dictionary<string, object?> { ["name"] = "world" } };
    private PreparedResource _usedOnce = null!;
    private PreparedResource _usedEightTimes = null!;
    private PreparedResource _inlinedEightTimes = null!;

    [GlobalSetup]
    public void Setup()
    {
        var fragment = "fragments:\n  shared:\n" + Indent(SubTree("f"), "    ");
        _usedOnce = BenchmarkResources.Prepare(BenchmarkResources.Document(Root(1, i => FragmentNode(i)), fragment));
        _usedEightTimes = BenchmarkResources.Prepare(BenchmarkResources.Document(Root(Uses, i => FragmentNode(i)), fragment));
        _inlinedEightTimes = BenchmarkResources.Prepare(BenchmarkResources.Document(Root(Uses, i => SubTree($"i{i}"))));
        var once = Run(_usedOnce);
        BenchmarkResources.Expect(once.Length, 20 * "world".Length, "fragment used once");
        BenchmarkResources.Expect(Run(_usedEightTimes), string.Concat(Enumerable.Repeat(once, Uses)), "fragment used 8 times");
        BenchmarkResources.Expect(Run(_inlinedEightTimes), string.Concat(Enumerable.Repeat(once, Uses)), "sub-tree inlined 8 times");
    }

    [Benchmark(Baseline = true, Description = "fragment (21 nodes) used once, per request")]
    public object UsedOnce() => Execute(_usedOnce);

    [Benchmark(Description = "fragment (21 nodes) used 8 times, per request")]
    public object UsedEightTimes() => Execute(_usedEightTimes);

    [Benchmark(Description = "same 21 nodes inlined 8 times, per request")]
    public object InlinedEightTimes() => Execute(_inlinedEightTimes);

    private object Execute(PreparedResource resource)
    {
        using var context = new EvaluationContext(_request);
        return resource.ExecuteAsync(context).AsTask().Result;
    }

    private string Run(PreparedResource resource) => (string)((ResourceResult)Execute(resource)).Value.Data!;

    // One use is the use itself (concatenate takes two items or more); more uses are concatenated.
    private static string Root(int count, Func<int, string> item)
    {
        if (count == 1)
        {
            return item(0);
        }
        var text = new StringBuilder("processor: concatenate\nid: root\nitems:\n");
        for (var i = 0; i < count; i++)
        {
            var lines = item(i).TrimEnd().Split('\n');
            text.Append("  - ").Append(lines[0]).Append('\n');
            for (var l = 1; l < lines.Length; l++)
            {
                text.Append("    ").Append(lines[l]).Append('\n');
            }
        }
        return text.ToString();
    }

    private static string FragmentNode(int i) => $"processor: fragment\nid: use{i}\nname: shared\n";

    // A concatenate of 20 GET variables: 21 simple nodes.
    private static string SubTree(string prefix)
    {
        var text = new StringBuilder($"processor: concatenate\nid: {prefix}_all\nitems:\n");
        for (var i = 0; i < 20; i++)
        {
            text.Append($"  - processor: var_get\n    id: {prefix}_{i}\n    key: name\n");
        }
        return text.ToString();
    }

    private static string Indent(string text, string by) =>
        string.Concat(text.TrimEnd().Split('\n').Select(line => by + line + "\n"));
}
