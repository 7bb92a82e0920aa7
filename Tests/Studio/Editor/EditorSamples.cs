using ApiStudio.Engine.Resources;
using ApiStudio.Engine.Values;

namespace ApiStudio.Tests.Studio.Editor;

/// <summary>
/// Valid resource documents of any size for the editor's tests and benchmarks: a random tree of <c>concatenate</c>
/// nodes (2 to 5 items each, some literal) with <c>var_str</c> and <c>var_int</c> leaves, written by the engine's
/// writer. The same seed gives the same document.
/// </summary>
public static class EditorSamples
{
    /// <summary>A document whose process tree holds exactly <paramref name="nodes"/> nodes.</summary>
    public static string Document(int nodes, int seed = 1)
    {
        var random = new Random(seed);
        var maps = new List<Map>(nodes);
        var joins = new List<int>();
        for (var i = 0; i < nodes; i++)
        {
            // The root is always a join; later nodes join with falling odds, so the tree is bushy rather than a chain.
            var join = i == 0 || (random.NextDouble() < 0.35 && i < nodes - 1);
            var map = join
                ? new Map { ["processor"] = "concatenate", ["id"] = $"join_{i}", ["items"] = new List<object?>() }
                : random.Next(2) == 0
                    ? new Map { ["processor"] = "var_str", ["id"] = $"text_{i}", ["value"] = $"t{i}" }
                    : new Map { ["processor"] = "var_int", ["id"] = $"number_{i}", ["value"] = (long)i };
            maps.Add(map);
            if (i > 0)
            {
                // A parent among the joins with room left, else the last join (which then takes more items).
                var open = joins.Where(j => Items(maps[j]).Count < 5).ToList();
                var parent = open.Count > 0 ? open[random.Next(open.Count)] : joins[^1];
                var items = Items(maps[parent]);
                if (random.Next(4) == 0)
                {
                    items.Add($"literal {i}");
                }
                items.Add(map);
            }
            if (join)
            {
                joins.Add(i);
            }
        }
        foreach (var join in joins)
        {
            while (Items(maps[join]).Count < 2)
            {
                Items(maps[join]).Add("-");
            }
        }
        var document = new Map
        {
            ["name"] = $"Sample of {nodes} nodes",
            ["description"] = "A generated resource.",
            ["account"] = "samples",
            ["application"] = "editor",
            ["uri"] = $"sample/{nodes}",
            ["method"] = "get",
            ["ttl"] = 0L,
            ["process"] = maps[0],
        };
        return ResourceWriter.ToYaml(document);
    }

    private static List<object?> Items(Map join) => (List<object?>)join["items"]!;
}
