using ApiStudio.Engine.Values;

namespace ApiStudio.Engine.OpenApi;

/// <summary>
/// Merges a resource's <c>openapi</c> key into its generated operation: maps merge key by key (recursively), a
/// <c>null</c> removes the generated key, <c>parameters</c> merge by (<c>name</c>, <c>in</c>) — an override entry
/// completes or replaces the generated parameter of that name, a new one is appended — and any other value replaces
/// the generated one.
/// </summary>
public static class OpenApiMerge
{
    /// <summary>A new map: <paramref name="generated"/> with <paramref name="overrides"/> applied (neither is changed).</summary>
    public static Map Merge(Map generated, Map overrides)
    {
        var merged = new Map(generated);
        foreach (var (key, value) in overrides)
        {
            if (value is null)
            {
                merged.Remove(key);
            }
            else if (key == "parameters" && value is List<object?> parameters && merged.GetValueOrDefault(key) is List<object?> known)
            {
                merged[key] = MergeParameters(known, parameters);
            }
            else if (value is Map map && merged.GetValueOrDefault(key) is Map existing)
            {
                merged[key] = Merge(existing, map);
            }
            else
            {
                merged[key] = value;
            }
        }
        return merged;
    }

    private static List<object?> MergeParameters(List<object?> generated, List<object?> overrides)
    {
        var merged = new List<object?>(generated);
        foreach (var entry in overrides)
        {
            var at = entry is Map parameter ? merged.FindIndex(p => p is Map known && SameParameter(known, parameter)) : -1;
            if (at >= 0)
            {
                merged[at] = Merge((Map)merged[at]!, (Map)entry!);
            }
            else
            {
                merged.Add(entry);
            }
        }
        return merged;
    }

    /// <summary>Same name and location; an override without <c>in</c> matches the generated parameter of that name.</summary>
    private static bool SameParameter(Map known, Map parameter) =>
        Equals(known.GetValueOrDefault("name"), parameter.GetValueOrDefault("name"))
        && (!parameter.ContainsKey("in") || Equals(known.GetValueOrDefault("in"), parameter.GetValueOrDefault("in")));
}
