
namespace ApiStudio.Engine.Validation;

/// <summary>Which fragments refer to which (through <c>fragment</c> nodes), to find cycles.</summary>
internal sealed class FragmentGraph(IReadOnlyList<string> names)
{
    private readonly List<(int To, string NodeId)>[] _references = CreateLists(names.Count);

    /// <summary>Records that fragment <paramref name="from"/> refers to <paramref name="to"/> in node <paramref name="nodeId"/>.</summary>
    public void Add(int from, int to, string nodeId) => _references[from].Add((to, nodeId));

    /// <summary>Reports each cycle once, naming its fragments in order, at the node that closes it.</summary>
    public void ReportCycles(ValidationReport report)
    {
        // Iterative depth-first search: 0 = not seen, 1 = on the current path, 2 = done.
        var state = new byte[names.Count];
        var path = new List<int>();
        var next = new Stack<int>();
        for (var start = 0; start < names.Count; start++)
        {
            if (state[start] != 0)
            {
                continue;
            }
            state[start] = 1;
            path.Add(start);
            next.Push(0);
            while (path.Count > 0)
            {
                var current = path[^1];
                var edge = next.Pop();
                if (edge == _references[current].Count)
                {
                    state[current] = 2;
                    path.RemoveAt(path.Count - 1);
                    continue;
                }
                next.Push(edge + 1);
                var (to, nodeId) = _references[current][edge];
                if (state[to] == 1)
                {
                    report.Add(nodeId, "name", CycleMessage(path, to));
                }
                else if (state[to] == 0)
                {
                    state[to] = 1;
                    path.Add(to);
                    next.Push(0);
                }
            }
        }
    }

    private string CycleMessage(List<int> path, int to)
    {
        if (path[^1] == to)
        {
            return $"Fragment '{names[to]}' refers to itself.";
        }
        var cycle = new List<string>();
        for (var i = path.IndexOf(to); i < path.Count; i++)
        {
            cycle.Add(names[path[i]]);
        }
        cycle.Add(names[to]);
        return $"Fragments refer to each other in a cycle: {string.Join(" -> ", cycle)}.";
    }

    private static List<(int, string)>[] CreateLists(int count)
    {
        var lists = new List<(int, string)>[count];
        for (var i = 0; i < count; i++)
        {
            lists[i] = [];
        }
        return lists;
    }
}
