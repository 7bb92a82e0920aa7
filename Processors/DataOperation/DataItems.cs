using System.Globalization;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using ValueMap = ApiStudio.Engine.Values.Map;

namespace ApiStudio.Processors.DataOperation;

/// <summary>
/// Rules shared by the Data operation processors for items of arrays: reading an input as a list or map, item
/// equality and the set operations of <c>merge</c>, and item ordering (<c>sort</c>).
/// </summary>
public static class DataItems
{
    /// <summary>
    /// The list or map held by an <c>array</c> value or a JSON text of one; throws a clear code-6 error otherwise.
    /// Never copies: callers must not mutate what they receive.
    /// </summary>
    public static object ListOrMap(DataContainer value, string inputName, NodeContext context)
    {
        var plain = value.Type == DataType.Json ? ParseJson((string)value.Data!, inputName, context) : value.Data;
        return plain is List<object?> or ValueMap
            ? plain
            : throw context.Error($"Input '{inputName}' must be a list or a map, got {value.Type.Name()}.");
    }

    /// <summary>
    /// An optional input's value, or its declared default when it is absent or given as null (undefined), so that
    /// <c>direction: ~</c> means the default rather than an empty choice.
    /// </summary>
    public static DataContainer Option(NodeContext context, string name)
    {
        var value = context.Val(name);
        return value.IsUndefined ? context.Node.Inputs[context.Node.IndexOf(name)].Default : value;
    }

    /// <summary>Parses JSON text, turning malformed JSON into a code-6 error naming the input.</summary>
    public static object? ParseJson(string json, string inputName, NodeContext context)
    {
        try
        {
            return PlainJson.Parse(json);
        }
        catch (PlainJsonException ex)
        {
            throw context.Error($"Input '{inputName}' is not valid JSON: {ex.Message}.");
        }
    }

    /// <summary>
    /// A text that is equal for two items exactly when they have the same type and value: <c>1</c>, <c>1.0</c> and
    /// <c>"1"</c> all differ; lists and maps compare by content (maps in key order).
    /// </summary>
    public static string EqualityKey(object? item) => item switch
    {
        null => "u",
        bool b => b ? "b1" : "b0",
        long l => "i" + l.ToString(CultureInfo.InvariantCulture),
        double d => "f" + d.ToString("R", CultureInfo.InvariantCulture),
        string s => "s" + s,
        _ => "a" + PlainJson.Serialize(item),
    };

    /// <summary>
    /// Orders two items: undefined, then booleans, then numbers (compared numerically, integers and floats together),
    /// then text (ordinal), then lists, then maps (lists and maps by their JSON text).
    /// </summary>
    public static int Compare(object? a, object? b)
    {
        var rankA = Rank(a);
        var rankB = Rank(b);
        if (rankA != rankB)
        {
            return rankA.CompareTo(rankB);
        }
        return (a, b) switch
        {
            (bool x, bool y) => x.CompareTo(y),
            (long x, long y) => x.CompareTo(y),
            (long x, double y) => ((double)x).CompareTo(y),
            (double x, long y) => x.CompareTo(y),
            (double x, double y) => x.CompareTo(y),
            (string x, string y) => string.CompareOrdinal(x, y),
            (null, null) => 0,
            _ => string.CompareOrdinal(PlainJson.Serialize(a), PlainJson.Serialize(b)),
        };
    }

    /// <summary>Orders two map keys: numerically when both are numbers, else ordinally.</summary>
    public static int CompareKeys(string a, string b)
    {
        if (double.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
            && double.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out var y))
        {
            var byNumber = x.CompareTo(y);
            if (byNumber != 0)
            {
                return byNumber;
            }
        }
        return string.CompareOrdinal(a, b);
    }

    /// <summary>Merges lists for <c>merge</c>: union appends, intersect keeps items of the first found in every other, difference keeps items on one side only.</summary>
    public static List<object?> MergeLists(List<List<object?>> lists, string operation, bool unique)
    {
        var result = new List<object?>(lists[0]);
        for (var s = 1; s < lists.Count; s++)
        {
            var next = lists[s];
            if (operation == "union")
            {
                result.AddRange(next);
                continue;
            }
            var inNext = KeysOf(next);
            if (operation == "intersect")
            {
                result = result.FindAll(item => inNext.Contains(DataItems.EqualityKey(item)));
                continue;
            }
            var inResult = KeysOf(result);
            result = result.FindAll(item => !inNext.Contains(DataItems.EqualityKey(item)));
            result.AddRange(next.FindAll(item => !inResult.Contains(DataItems.EqualityKey(item))));
        }
        if (unique)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            result = result.FindAll(item => seen.Add(DataItems.EqualityKey(item)));
        }
        return result;
    }

    /// <summary>Merges maps for <c>merge</c>: union adds pairs (later values win), intersect and difference go by key.</summary>
    public static ValueMap MergeMaps(List<ValueMap> maps, string operation, bool unique)
    {
        var result = new ValueMap(maps[0]);
        for (var s = 1; s < maps.Count; s++)
        {
            var next = maps[s];
            if (operation == "union")
            {
                foreach (var (key, value) in next)
                {
                    result[key] = value;
                }
                continue;
            }
            var kept = new ValueMap();
            foreach (var (key, value) in result)
            {
                if (next.ContainsKey(key) == (operation == "intersect"))
                {
                    kept[key] = value;
                }
            }
            if (operation == "difference")
            {
                foreach (var (key, value) in next)
                {
                    if (!result.ContainsKey(key))
                    {
                        kept[key] = value;
                    }
                }
            }
            result = kept;
        }
        if (!unique)
        {
            return result;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var distinct = new ValueMap();
        foreach (var (key, value) in result)
        {
            if (seen.Add(DataItems.EqualityKey(value)))
            {
                distinct[key] = value;
            }
        }
        return distinct;
    }

    private static HashSet<string> KeysOf(List<object?> items)
    {
        var keys = new HashSet<string>(items.Count, StringComparer.Ordinal);
        foreach (var item in items)
        {
            keys.Add(DataItems.EqualityKey(item));
        }
        return keys;
    }

    private static int Rank(object? item) => item switch
    {
        null => 0,
        bool => 1,
        long or double => 2,
        string => 3,
        List<object?> => 4,
        _ => 5,
    };
}
