using ApiStudio.Engine.Http;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Engine.OpenApi;

/// <summary>
/// What a new version of a resource breaks for the clients of the published one, read from the OpenAPI operations
/// generated for both (its <c>openapi</c> key included): a changed method or uri; a path, query, header or body input
/// that was removed or renamed, changed its type, or became required; a new input that is required. One sentence per
/// change, naming the input. Path parameters are compared by position (the URL does not carry their names), the others
/// by name (headers whatever their case). An input that now accepts any value has not changed type for its clients.
/// </summary>
public static class BreakingChanges
{
    private const string WholeBody = "";

    private enum Location
    {
        Path,
        Query,
        Header,
        Body,
    }

    /// <summary>An input as a client sends it: its name, its type as OpenAPI says it, and whether it must be sent.</summary>
    private sealed record Input(string Name, string Type, bool Required);

    /// <summary>The breaking changes from <paramref name="published"/> to <paramref name="draft"/>; empty when there are none.</summary>
    public static IReadOnlyList<string> Between(PreparedResource published, PreparedResource draft)
    {
        var changes = new List<string>();
        if (published.Method != draft.Method)
        {
            changes.Add($"The method changed from {published.Method.ToUpperInvariant()} to {draft.Method.ToUpperInvariant()}: " +
                $"clients still sending {published.Method.ToUpperInvariant()} are refused.");
        }
        if (Template(published.Uri) != Template(draft.Uri))
        {
            changes.Add($"The uri changed from '{published.Uri}' to '{draft.Uri}': clients of the old uri no longer reach the resource.");
        }
        var before = InputsOf(published);
        var after = InputsOf(draft);
        ComparePath(before[Location.Path], after[Location.Path], changes);
        foreach (var location in new[] { Location.Query, Location.Header, Location.Body })
        {
            CompareNamed(location, before[location], after[location], changes);
        }
        return changes;
    }

    /// <summary>The uri with the names of its <c>{name}</c> segments left out: what a client's URL depends on.</summary>
    private static string Template(string uri) => string.Join('/', uri.Split('/', StringSplitOptions.RemoveEmptyEntries)
        .Select(segment => segment.Length > 2 && segment[0] == '{' && segment[^1] == '}' ? "{}" : segment));

    /// <summary>Path parameters by position: a name that changed is a rename, a position that went is a removal.</summary>
    private static void ComparePath(List<Input> before, List<Input> after, List<string> changes)
    {
        for (var i = 0; i < Math.Max(before.Count, after.Count); i++)
        {
            if (i >= after.Count)
            {
                changes.Add($"{Describe(Location.Path, before[i].Name)} (segment {i + 1} of the path parameters) was removed.");
            }
            else if (i >= before.Count)
            {
                if (after[i].Required)
                {
                    changes.Add($"{Describe(Location.Path, after[i].Name)} is new and required.");
                }
            }
            else
            {
                if (before[i].Name != after[i].Name)
                {
                    changes.Add($"{Describe(Location.Path, before[i].Name)} was renamed to '{after[i].Name}'.");
                }
                CompareOne(Location.Path, before[i], after[i], changes);
            }
        }
    }

    /// <summary>Named inputs: one removed and one added in the same place is a rename; otherwise each is said apart.</summary>
    private static void CompareNamed(Location location, List<Input> before, List<Input> after, List<string> changes)
    {
        var comparer = location == Location.Header ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        var removed = before.Where(b => !after.Any(a => comparer.Equals(a.Name, b.Name))).ToList();
        var added = after.Where(a => !before.Any(b => comparer.Equals(a.Name, b.Name))).ToList();
        if (removed.Count == 1 && added.Count == 1)
        {
            changes.Add($"{Describe(location, removed[0].Name)} was renamed to '{added[0].Name}'.");
            CompareOne(location, removed[0], added[0], changes, added[0].Name);
            return;
        }
        foreach (var input in removed)
        {
            changes.Add($"{Describe(location, input.Name)} was removed.");
        }
        foreach (var input in before.Except(removed))
        {
            CompareOne(location, input, after.First(a => comparer.Equals(a.Name, input.Name)), changes);
        }
        foreach (var input in added.Where(a => a.Required))
        {
            changes.Add($"{Describe(location, input.Name)} is new and required.");
        }
    }

    private static void CompareOne(Location location, Input before, Input after, List<string> changes, string? newName = null)
    {
        var name = Describe(location, newName ?? before.Name);
        if (before.Type != after.Type && after.Type != "any")
        {
            changes.Add($"{name} changed type from {before.Type} to {after.Type}.");
        }
        if (!before.Required && after.Required)
        {
            changes.Add($"{name} is now required.");
        }
    }

    private static string Describe(Location location, string name) => location switch
    {
        Location.Path => $"Path parameter '{name}'",
        Location.Query => $"Query parameter '{name}'",
        Location.Header => $"Header '{name}'",
        _ when name == WholeBody => "The request body",
        _ => $"Body field '{name}'",
    };

    /// <summary>
    /// The inputs of a resource's generated operations. A resource with optional trailing uri arguments has one
    /// operation per number of them given: a path parameter is required when every operation has it.
    /// </summary>
    private static Dictionary<Location, List<Input>> InputsOf(PreparedResource resource)
    {
        var application = new ApplicationInfo(0, 0, resource.Account, resource.Application, ApplicationSettings.Default);
        var document = OpenApiGenerator.Generate(application, [new PublishedResource(0, 0, 0, resource)], "api");
        var operations = ((Map)document["paths"]!).Values.OfType<Map>()
            .Select(item => item.GetValueOrDefault(resource.Method)).OfType<Map>()
            .Select(operation => (Operation: operation, Parameters: ParametersOf(operation)))
            .OrderBy(o => o.Parameters.Count(p => p.In == "path"))
            .ToList();
        var inputs = Enum.GetValues<Location>().ToDictionary(l => l, _ => new List<Input>());
        if (operations.Count == 0)
        {
            return inputs;
        }
        var alwaysInPath = operations[0].Parameters.Count(p => p.In == "path");
        var (longest, parameters) = operations[^1];
        var position = 0;
        foreach (var (name, at, type, required) in parameters)
        {
            switch (at)
            {
                case "path":
                    inputs[Location.Path].Add(new Input(name, type, required && position++ < alwaysInPath));
                    break;
                case "query":
                    inputs[Location.Query].Add(new Input(name, type, required));
                    break;
                case "header":
                    inputs[Location.Header].Add(new Input(name, type, required));
                    break;
            }
        }
        inputs[Location.Body].AddRange(BodyOf(longest));
        return inputs;
    }

    private static List<(string Name, string In, string Type, bool Required)> ParametersOf(Map operation) =>
        (operation.GetValueOrDefault("parameters") as List<object?> ?? []).OfType<Map>()
            .Where(p => p.GetValueOrDefault("name") is string && p.GetValueOrDefault("in") is string)
            .Select(p => ((string)p["name"]!, (string)p["in"]!, TypeOf(p.GetValueOrDefault("schema")), p.GetValueOrDefault("required") is true))
            .ToList();

    /// <summary>The fields of an object body (each required as its schema says), else the whole body as one input.</summary>
    private static IEnumerable<Input> BodyOf(Map operation)
    {
        if (operation.GetValueOrDefault("requestBody") is not Map body || body.GetValueOrDefault("content") is not Map content
            || (content.GetValueOrDefault("application/json") ?? content.Values.FirstOrDefault()) is not Map mediaType)
        {
            return [];
        }
        var required = body.GetValueOrDefault("required") is true;
        var schema = mediaType.GetValueOrDefault("schema") as Map;
        if (schema?.GetValueOrDefault("type") as string == "object" && schema.GetValueOrDefault("properties") is Map properties)
        {
            var requiredFields = (schema.GetValueOrDefault("required") as List<object?> ?? []).OfType<string>().ToHashSet(StringComparer.Ordinal);
            return properties.Select(p => new Input(p.Key, TypeOf(p.Value), required && requiredFields.Contains(p.Key))).ToList();
        }
        return [new Input(WholeBody, TypeOf(schema), required)];
    }

    /// <summary>The type a schema gives, with its format (<c>integer (int64)</c>); <c>any</c> when it gives none.</summary>
    private static string TypeOf(object? schema)
    {
        if (schema is not Map map || map.GetValueOrDefault("type") is not string type)
        {
            return "any";
        }
        return map.GetValueOrDefault("format") is string format ? $"{type} ({format})" : type;
    }
}
