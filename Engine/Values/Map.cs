namespace ApiStudio.Engine.Values;

/// <summary>An insertion-ordered string-keyed map: the map form of an <c>array</c> value.</summary>
public sealed class Map : OrderedDictionary<string, object?>
{
    /// <summary>An empty map.</summary>
    public Map() : base(StringComparer.Ordinal)
    {
    }

    /// <summary>An empty map with room for <paramref name="capacity"/> entries.</summary>
    public Map(int capacity) : base(capacity, StringComparer.Ordinal)
    {
    }

    /// <summary>A copy of the given entries, in order.</summary>
    public Map(IEnumerable<KeyValuePair<string, object?>> entries) : base(StringComparer.Ordinal)
    {
        foreach (var (key, value) in entries)
        {
            this[key] = value;
        }
    }
}
