using System.Collections;
using System.Dynamic;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using ApiStudio.Engine.Values;

namespace ApiStudio.Engine.Scripting.CSharp;

/// <summary>
/// Converts between what a C# script holds and the plain values of the engine (null, bool, long, double, string,
/// <see cref="List{T}"/> of object, <see cref="Map"/>). Reading wraps maps and lists in <see cref="ScriptMap"/> and
/// <see cref="ScriptList"/> so member access reads keys; writing turns any C# value back into plain values.
/// </summary>
public static class ScriptValues
{
    private const int MaxDepth = 64;

    /// <summary>A plain value as a script sees it: maps and lists wrapped (live views), everything else as is.</summary>
    public static object? Wrap(object? value) => value switch
    {
        Map map => new ScriptMap(map),
        List<object?> list => new ScriptList(list),
        _ => value,
    };

    /// <summary>
    /// A deep plain copy of <paramref name="value"/>: integers become long, other numbers double, characters, dates,
    /// GUIDs and enums text, dictionaries and objects (anonymous or not: their public properties) maps, other
    /// sequences lists. A wrapped map or list is copied, so a value never contains itself.
    /// </summary>
    public static object? ToPlain(object? value) => ToPlain(value, 0);

    private static object? ToPlain(object? value, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new InvalidOperationException($"A value nested deeper than {MaxDepth} levels cannot be converted (does it contain itself?).");
        }
        switch (value)
        {
            case null or bool or long or double or string:
                return value;
            case int or short or sbyte or byte or ushort or uint:
                return Convert.ToInt64(value, CultureInfo.InvariantCulture);
            case ulong u:
                return u <= long.MaxValue ? (long)u : (double)u;
            case float or decimal:
                return Convert.ToDouble(value, CultureInfo.InvariantCulture);
            case char c:
                return c.ToString();
            case Enum or Guid or TimeSpan:
                return Convert.ToString(value, CultureInfo.InvariantCulture);
            case DateTime date:
                return date.ToString("O", CultureInfo.InvariantCulture);
            case DateTimeOffset offset:
                return offset.ToString("O", CultureInfo.InvariantCulture);
            case ScriptMap wrapped:
                return ToPlain(wrapped.Inner, depth);
            case ScriptList wrapped:
                return ToPlain(wrapped.Inner, depth);
            case JsonElement element:
                return FromJson(element, depth);
            case JsonNode node:
                return FromJson(JsonSerializer.SerializeToElement(node), depth);
            case IEnumerable<KeyValuePair<string, object?>> entries:
                return MapOf(entries, depth);
            case IDictionary dictionary:
            {
                var map = new Map(dictionary.Count);
                foreach (DictionaryEntry entry in dictionary)
                {
                    map[Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? ""] = ToPlain(entry.Value, depth + 1);
                }
                return map;
            }
            case IEnumerable sequence:
            {
                var list = new List<object?>();
                foreach (var item in sequence)
                {
                    list.Add(ToPlain(item, depth + 1));
                }
                return list;
            }
            case Delegate or Task or Type or MemberInfo:
                throw new InvalidOperationException($"A value of type {value.GetType().Name} cannot be kept in the event or returned.");
            default:
                return FromProperties(value, depth);
        }
    }

    private static Map MapOf(IEnumerable<KeyValuePair<string, object?>> entries, int depth)
    {
        var map = new Map();
        foreach (var (key, item) in entries)
        {
            map[key] = ToPlain(item, depth + 1);
        }
        return map;
    }

    // Anonymous objects and simple classes: their public readable instance properties, in declaration order.
    private static Map FromProperties(object value, int depth)
    {
        var type = value.GetType();
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(KeyValuePair<,>))
        {
            return new Map { ["key"] = ToPlain(type.GetProperty("Key")!.GetValue(value), depth + 1), ["value"] = ToPlain(type.GetProperty("Value")!.GetValue(value), depth + 1) };
        }
        var map = new Map();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.CanRead && property.GetIndexParameters().Length == 0)
            {
                map[property.Name] = ToPlain(property.GetValue(value), depth + 1);
            }
        }
        return map;
    }

    private static object? FromJson(JsonElement element, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new InvalidOperationException($"A value nested deeper than {MaxDepth} levels cannot be converted.");
        }
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
            {
                var map = new Map();
                foreach (var property in element.EnumerateObject())
                {
                    map[property.Name] = FromJson(property.Value, depth + 1);
                }
                return map;
            }
            case JsonValueKind.Array:
                return element.EnumerateArray().Select(item => FromJson(item, depth + 1)).ToList();
            case JsonValueKind.String:
                return element.GetString();
            case JsonValueKind.Number:
                return element.TryGetInt64(out var whole) ? whole : element.GetDouble();
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            default:
                return null;
        }
    }

    /// <summary>A plain value as one log line: text as is, anything else as compact JSON.</summary>
    internal static string Describe(object? value) => value switch
    {
        null => "null",
        string text => text,
        _ => PlainJson.Serialize(ToPlain(value)),
    };
}

/// <summary>
/// A map of the event, the platform or the variables as a C# script sees it: <c>map.name</c> and
/// <c>map["name"]</c> read a key (null when it is missing) and write one (the value is stored as a plain value); maps
/// and lists inside come wrapped the same way. Reading a key that names a member of this class (<c>Count</c>,
/// <c>Keys</c>) with <c>map.Count</c> gives the member: use <c>map["Count"]</c> for such keys.
/// </summary>
public sealed class ScriptMap : DynamicObject, IDictionary<string, object?>
{
    internal ScriptMap(Map inner) => Inner = inner;

    internal Map Inner { get; }

    /// <summary>The value of <paramref name="key"/> (wrapped), or null when the map has no such key.</summary>
    public dynamic? this[string key]
    {
        get => Inner.TryGetValue(key, out var value) ? ScriptValues.Wrap(value) : null;
        set => Inner[key] = ScriptValues.ToPlain((object?)value);
    }

    /// <summary>How many keys the map has.</summary>
    public int Count => Inner.Count;

    /// <summary>The keys, in order.</summary>
    public IEnumerable<string> Keys => Inner.Keys;

    /// <summary>True when the map has <paramref name="key"/> (even with a null value).</summary>
    public bool ContainsKey(string key) => Inner.ContainsKey(key);

    /// <summary>Removes <paramref name="key"/>; true when it was there.</summary>
    public bool Remove(string key) => Inner.Remove(key);

    /// <summary>A plain copy (a <see cref="Map"/>) of this map.</summary>
    public Map ToMap() => (Map)ScriptValues.ToPlain(Inner)!;

    /// <summary>The map as compact JSON.</summary>
    public override string ToString() => ScriptValues.Describe(Inner);

    /// <inheritdoc />
    public override IEnumerable<string> GetDynamicMemberNames() => Inner.Keys;

    /// <inheritdoc />
    public override bool TryGetMember(GetMemberBinder binder, out object? result)
    {
        result = this[binder.Name];
        return true;
    }

    /// <inheritdoc />
    public override bool TrySetMember(SetMemberBinder binder, object? value)
    {
        Inner[binder.Name] = ScriptValues.ToPlain(value);
        return true;
    }

    /// <inheritdoc />
    public override bool TryConvert(ConvertBinder binder, out object? result)
    {
        if (binder.Type == typeof(Map))
        {
            result = ToMap();
            return true;
        }
        return base.TryConvert(binder, out result);
    }

    /// <summary>The entries in order, values wrapped.</summary>
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        foreach (var (key, value) in Inner)
        {
            yield return new KeyValuePair<string, object?>(key, ScriptValues.Wrap(value));
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    object? IDictionary<string, object?>.this[string key]
    {
        get => Inner.TryGetValue(key, out var value) ? ScriptValues.Wrap(value) : throw new KeyNotFoundException(key);
        set => Inner[key] = ScriptValues.ToPlain(value);
    }

    ICollection<string> IDictionary<string, object?>.Keys => Inner.Keys.ToList();

    ICollection<object?> IDictionary<string, object?>.Values => Inner.Values.Select(ScriptValues.Wrap).ToList();

    bool ICollection<KeyValuePair<string, object?>>.IsReadOnly => false;

    void IDictionary<string, object?>.Add(string key, object? value) => Inner.Add(key, ScriptValues.ToPlain(value));

    bool IDictionary<string, object?>.TryGetValue(string key, out object? value)
    {
        var found = Inner.TryGetValue(key, out var raw);
        value = ScriptValues.Wrap(raw);
        return found;
    }

    void ICollection<KeyValuePair<string, object?>>.Add(KeyValuePair<string, object?> item) => Inner.Add(item.Key, ScriptValues.ToPlain(item.Value));

    void ICollection<KeyValuePair<string, object?>>.Clear() => Inner.Clear();

    bool ICollection<KeyValuePair<string, object?>>.Contains(KeyValuePair<string, object?> item) =>
        Inner.TryGetValue(item.Key, out var value) && Equals(value, ScriptValues.ToPlain(item.Value));

    void ICollection<KeyValuePair<string, object?>>.CopyTo(KeyValuePair<string, object?>[] array, int arrayIndex) =>
        this.ToList().CopyTo(array, arrayIndex);

    bool ICollection<KeyValuePair<string, object?>>.Remove(KeyValuePair<string, object?> item) =>
        ((ICollection<KeyValuePair<string, object?>>)this).Contains(item) && Inner.Remove(item.Key);
}

/// <summary>
/// A list of the event as a C# script sees it: <c>list[0]</c>, <c>list.Count</c>, <c>list.Add(x)</c>, and
/// <c>foreach</c>; maps and lists inside come wrapped, values added are stored as plain values. For LINQ give it a
/// static type first: <c>IEnumerable&lt;dynamic&gt; items = payload.items;</c>.
/// </summary>
public sealed class ScriptList : DynamicObject, IList<object?>
{
    internal ScriptList(List<object?> inner) => Inner = inner;

    internal List<object?> Inner { get; }

    /// <summary>The item at <paramref name="index"/> (wrapped).</summary>
    public dynamic? this[int index]
    {
        get => ScriptValues.Wrap(Inner[index]);
        set => Inner[index] = ScriptValues.ToPlain((object?)value);
    }

    object? IList<object?>.this[int index]
    {
        get => ScriptValues.Wrap(Inner[index]);
        set => Inner[index] = ScriptValues.ToPlain(value);
    }

    /// <summary>How many items the list has.</summary>
    public int Count => Inner.Count;

    bool ICollection<object?>.IsReadOnly => false;

    /// <summary>Appends <paramref name="item"/> as a plain value.</summary>
    public void Add(object? item) => Inner.Add(ScriptValues.ToPlain(item));

    /// <summary>Inserts <paramref name="item"/> as a plain value at <paramref name="index"/>.</summary>
    public void Insert(int index, object? item) => Inner.Insert(index, ScriptValues.ToPlain(item));

    /// <summary>Removes the item at <paramref name="index"/>.</summary>
    public void RemoveAt(int index) => Inner.RemoveAt(index);

    /// <summary>Removes every item.</summary>
    public void Clear() => Inner.Clear();

    /// <summary>True when the list holds <paramref name="item"/> (compared as a plain value).</summary>
    public bool Contains(object? item) => Inner.Contains(ScriptValues.ToPlain(item));

    /// <summary>The index of <paramref name="item"/> (compared as a plain value), or -1.</summary>
    public int IndexOf(object? item) => Inner.IndexOf(ScriptValues.ToPlain(item));

    /// <summary>Removes the first <paramref name="item"/> (compared as a plain value); true when one was there.</summary>
    public bool Remove(object? item) => Inner.Remove(ScriptValues.ToPlain(item));

    /// <summary>A plain copy of this list.</summary>
    public List<object?> ToList() => (List<object?>)ScriptValues.ToPlain(Inner)!;

    /// <summary>The list as compact JSON.</summary>
    public override string ToString() => ScriptValues.Describe(Inner);

    void ICollection<object?>.CopyTo(object?[] array, int arrayIndex) => Inner.Select(ScriptValues.Wrap).ToList().CopyTo(array, arrayIndex);

    /// <inheritdoc />
    public override bool TryConvert(ConvertBinder binder, out object? result)
    {
        if (binder.Type == typeof(List<object?>))
        {
            result = ToList();
            return true;
        }
        return base.TryConvert(binder, out result);
    }

    /// <summary>The items in order, wrapped.</summary>
    public IEnumerator<object?> GetEnumerator()
    {
        foreach (var item in Inner)
        {
            yield return ScriptValues.Wrap(item);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
