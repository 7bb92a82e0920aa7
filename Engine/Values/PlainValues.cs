using System.Globalization;

namespace ApiStudio.Engine.Values;

/// <summary>Equality, copies and text of plain values (null, bool, long, double, string, lists, <see cref="Map"/>).</summary>
public static class PlainValues
{
    /// <summary>True when two plain values are equal: numbers by value, maps whatever their key order.</summary>
    public static bool Equal(object? expected, object? actual)
    {
        if (ReferenceEquals(expected, actual))
        {
            return true;
        }
        switch (expected, actual)
        {
            case (null, null):
                return true;
            case (long a, long b):
                return a == b;
            case (long or double, long or double):
                return Convert.ToDouble(expected, CultureInfo.InvariantCulture) == Convert.ToDouble(actual, CultureInfo.InvariantCulture);
            case (List<object?> a, List<object?> b):
                if (a.Count != b.Count)
                {
                    return false;
                }
                for (var i = 0; i < a.Count; i++)
                {
                    if (!Equal(a[i], b[i]))
                    {
                        return false;
                    }
                }
                return true;
            case (Map a, Map b):
                if (a.Count != b.Count)
                {
                    return false;
                }
                foreach (var (key, value) in a)
                {
                    if (!b.TryGetValue(key, out var other) || !Equal(value, other))
                    {
                        return false;
                    }
                }
                return true;
            default:
                return Equals(expected, actual);
        }
    }


    /// <summary>A deep copy: lists and maps are new, everything else is immutable and shared.</summary>
    public static object? Copy(object? value) => value switch
    {
        Map map => new Map(map.Select(e => KeyValuePair.Create(e.Key, Copy(e.Value)))),
        List<object?> list => list.Select(Copy).ToList(),
        IReadOnlyList<string> texts => texts.Select(t => (object?)t).ToList(),
        _ => value,
    };

    /// <summary>A value as text: strings as they are, numbers invariant, booleans lower-case, containers as JSON.</summary>
    public static string Text(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => PlainJson.Serialize(value),
    };
}
