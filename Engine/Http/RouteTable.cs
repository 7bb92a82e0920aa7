using ApiStudio.Engine.Processing;

namespace ApiStudio.Engine.Http;

/// <summary>A published resource as the route table holds it.</summary>
/// <param name="Resid">Resource id in the database.</param>
/// <param name="Appid">Application id.</param>
/// <param name="Version">The version being served.</param>
/// <param name="Resource">The prepared resource.</param>
public sealed record PublishedResource(long Resid, long Appid, long Version, PreparedResource Resource)
{
    /// <summary>The event scripts that run for it, resolved when the route table is built.</summary>
    public Scripting.ResourceEvents Events { get; init; } = Scripting.ResourceEvents.None;
}

/// <summary>The outcome of matching a request path.</summary>
/// <param name="Resource">The matched resource, or null.</param>
/// <param name="Arguments">Positional URI arguments: the segments after the matched uri.</param>
/// <param name="Keys">Values of the resource's <c>{name}</c> segments.</param>
/// <param name="AllowedMethods">When no resource matches the method but some match the uri: their methods (405).</param>
public sealed record RouteMatch(
    PublishedResource? Resource,
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string> Keys,
    IReadOnlyList<string> AllowedMethods);

/// <summary>
/// The in-memory route table: per application and method a tree of uri segments, so matching costs a few
/// dictionary lookups per segment whatever the number of resources, and never a database query. Immutable: a change
/// builds a new table that replaces the old one atomically.
/// </summary>
public sealed class RouteTable
{
    private static readonly IReadOnlyDictionary<string, string> NoKeys = new Dictionary<string, string>();

    private readonly Dictionary<(string Account, string Application), Dictionary<string, Segment>> _applications;
    private readonly Dictionary<(string, string, string, string), PublishedResource> _byIdentity;

    private RouteTable(Dictionary<(string Account, string Application), Dictionary<string, Segment>> applications,
        Dictionary<(string, string, string, string), PublishedResource> byIdentity)
    {
        _applications = applications;
        _byIdentity = byIdentity;
        Resources = byIdentity.Values.ToList();
    }

    /// <summary>An empty table.</summary>
    public static RouteTable Empty { get; } = Build([]);

    /// <summary>Every published resource.</summary>
    public IReadOnlyList<PublishedResource> Resources { get; }

    /// <summary>Builds a table; a later resource with the identity of an earlier one replaces it.</summary>
    public static RouteTable Build(IEnumerable<PublishedResource> resources)
    {
        var applications = new Dictionary<(string Account, string Application), Dictionary<string, Segment>>();
        var byIdentity = new Dictionary<(string, string, string, string), PublishedResource>();
        foreach (var published in resources)
        {
            var r = published.Resource;
            byIdentity[(r.Account, r.Application, r.Method, r.Uri)] = published;
        }
        foreach (var published in byIdentity.Values)
        {
            var r = published.Resource;
            var key = (r.Account, r.Application);
            if (!applications.TryGetValue(key, out var methods))
            {
                applications[key] = methods = new Dictionary<string, Segment>(StringComparer.Ordinal);
            }
            if (!methods.TryGetValue(r.Method, out var root))
            {
                methods[r.Method] = root = new Segment();
            }
            var node = root;
            var names = new List<string>();
            foreach (var part in r.Uri.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                if (part.Length > 2 && part[0] == '{' && part[^1] == '}')
                {
                    names.Add(part[1..^1]);
                    node = node.Parameter ??= new Segment();
                }
                else
                {
                    node.Literals ??= new Dictionary<string, Segment>(StringComparer.Ordinal);
                    if (!node.Literals.TryGetValue(part, out var child))
                    {
                        node.Literals[part] = child = new Segment();
                    }
                    node = child;
                }
            }
            node.Resource = published;
            node.ParameterNames = names.ToArray();
        }
        return new RouteTable(applications, byIdentity);
    }

    /// <summary>The resource published with this identity (account, application, method, uri), or null.</summary>
    public PublishedResource? FindByIdentity(string account, string application, string method, string uri) =>
        _byIdentity.GetValueOrDefault((account, application, method, uri));

    /// <summary>True when the application has at least one published resource.</summary>
    public bool HasApplication(string account, string application) =>
        _applications.ContainsKey((account, application));

    /// <summary>
    /// Matches a request: the method first, then the longest uri (literal segments preferred over <c>{name}</c>
    /// segments); the remaining segments become positional arguments.
    /// </summary>
    public RouteMatch Match(string account, string application, string method, IReadOnlyList<string> segments)
    {
        if (!_applications.TryGetValue((account, application), out var methods))
        {
            return new RouteMatch(null, [], NoKeys, []);
        }
        if (methods.TryGetValue(method, out var root) && Find(root, segments) is { } found)
        {
            return found;
        }
        var allowed = new List<string>();
        foreach (var (other, otherRoot) in methods)
        {
            if (other != method && Find(otherRoot, segments) is not null)
            {
                allowed.Add(other);
            }
        }
        allowed.Sort(StringComparer.Ordinal);
        return new RouteMatch(null, [], NoKeys, allowed);
    }

    // The search stack of Find, one per thread (Find never awaits): at most two entries per segment plus the root.
    [ThreadStatic]
    private static SearchEntry[]? _searchStack;

    private static RouteMatch? Find(Segment root, IReadOnlyList<string> segments)
    {
        // Depth-first over the segments, literal before parameter, keeping the deepest node that holds a resource.
        Segment? best = null;
        var bestDepth = -1;
        var bestValues = Array.Empty<string>();
        var values = segments.Count == 0 ? [] : new string[segments.Count];
        var needed = 2 * segments.Count + 1;
        var stack = _searchStack is { } cached && cached.Length >= needed ? cached : _searchStack = new SearchEntry[Math.Max(needed, 16)];
        var count = 0;
        var used = 0;
        stack[count++] = new SearchEntry(root, 0, 0, false);
        while (count > 0)
        {
            var (node, depth, valueCount, viaParameter) = stack[--count];
            if (viaParameter)
            {
                // Written when the branch is taken, not when it is queued: a literal sibling explored first reuses the slot.
                values[valueCount - 1] = segments[depth - 1];
            }
            if (node.Resource is not null && depth > bestDepth)
            {
                best = node;
                bestDepth = depth;
                bestValues = valueCount == 0 ? [] : values[..valueCount];
            }
            if (depth == segments.Count)
            {
                continue;
            }
            if (node.Parameter is not null)
            {
                stack[count++] = new SearchEntry(node.Parameter, depth + 1, valueCount + 1, true);
            }
            if (node.Literals is not null && node.Literals.TryGetValue(segments[depth], out var literal))
            {
                stack[count++] = new SearchEntry(literal, depth + 1, valueCount, false);
            }
            used = Math.Max(used, count);
        }
        // The thread keeps the array, not the route table's nodes.
        Array.Clear(stack, 0, Math.Max(used, 1));
        if (best is null)
        {
            return null;
        }
        var keys = NoKeys;
        if (best.ParameterNames.Length > 0)
        {
            var named = new Dictionary<string, string>(best.ParameterNames.Length, StringComparer.Ordinal);
            for (var i = 0; i < best.ParameterNames.Length; i++)
            {
                named[best.ParameterNames[i]] = bestValues[i];
            }
            keys = named;
        }
        var arguments = segments.Count == bestDepth ? [] : new string[segments.Count - bestDepth];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = segments[bestDepth + i];
        }
        return new RouteMatch(best.Resource, arguments, keys, []);
    }

    private readonly record struct SearchEntry(Segment Node, int Depth, int ValueCount, bool ViaParameter);

    private sealed class Segment
    {
        public Dictionary<string, Segment>? Literals;
        public Segment? Parameter;
        public PublishedResource? Resource;
        public string[] ParameterNames = [];
    }
}
