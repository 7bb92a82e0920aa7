using ApiStudio.Engine.Http;
using BenchmarkDotNet.Attributes;

namespace ApiStudio.Benchmarks;

/// <summary>
/// <see cref="RouteTable.Match"/> with 10 and 10,000 published resources in one application: the target wants the cost
/// independent of the number of resources (≤ 5 % apart). Three requests: a literal uri, a uri with a <c>{name}</c>
/// segment followed by positional arguments, and a miss (404).
/// </summary>
[Config(typeof(ShortConfig))]
[IterationCount(30)] // A 5 % comparison needs less noise than the short job's 8 iterations give.
public class RouteMatchingBenchmarks
{
    private static readonly string[] Literal = ["catalog4", "items"];
    private static readonly string[] WithKey = ["users6", "alice", "orders", "2024", "03"];
    private static readonly string[] Miss = ["nowhere", "at", "all"];
    private RouteTable _table = null!;

    /// <summary>Published resources in the table.</summary>
    [Params(10, 10_000)]
    public int Resources { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // Distinct prepared resources: literal uris, uris with a {name} segment, and some POST resources so a miss also
        // looks at another method (the 405 check) before answering 404.
        var published = new List<PublishedResource>(Resources);
        for (var i = 0; i < Resources; i++)
        {
            var (uri, method) = (i % 5) switch
            {
                0 => ($"forms{i}/submit", "post"),
                1 or 3 => ($"users{i}/{{name}}/orders", "get"),
                _ => ($"catalog{i}/items", "get"),
            };
            var document = BenchmarkResources.Document($"processor: var_str\nid: r{i}\nvalue: r{i}\n", uri: uri, method: method);
            published.Add(new PublishedResource(i + 1, 1, 1, BenchmarkResources.Prepare(document)));
        }
        _table = RouteTable.Build(published);
        BenchmarkResources.Expect(_table.Resources.Count, Resources, "published resources");

        var literal = MatchLiteral();
        BenchmarkResources.Expect(literal.Resource?.Resource.Uri, "catalog4/items", "literal match");
        BenchmarkResources.Expect(literal.Arguments.Count, 0, "literal match arguments");
        var withKey = MatchWithKey();
        BenchmarkResources.Expect(withKey.Resource?.Resource.Uri, "users6/{name}/orders", "{name} match");
        BenchmarkResources.Expect(withKey.Keys["name"], "alice", "{name} match key");
        BenchmarkResources.Expect(string.Join('/', withKey.Arguments), "2024/03", "{name} match arguments");
        var miss = MatchMiss();
        BenchmarkResources.Expect(miss.Resource, null, "miss");
        BenchmarkResources.Expect(miss.AllowedMethods.Count, 0, "miss allowed methods");
    }

    [Benchmark(Description = "literal uri")]
    public RouteMatch MatchLiteral() => _table.Match("bench", "bench", "get", Literal);

    [Benchmark(Description = "{name} segment + 2 positional args")]
    public RouteMatch MatchWithKey() => _table.Match("bench", "bench", "get", WithKey);

    [Benchmark(Description = "miss (404)")]
    public RouteMatch MatchMiss() => _table.Match("bench", "bench", "get", Miss);
}
