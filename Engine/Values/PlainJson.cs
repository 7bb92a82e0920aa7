using System.Globalization;
using System.Text;
using Newtonsoft.Json;

namespace ApiStudio.Engine.Values;

/// <summary>
/// Reads and writes JSON as plain values (null, bool, long, double, string, List&lt;object?&gt;, <see cref="Map"/>).
/// Reading is iterative (no recursion), rejects duplicate keys and bounds depth and size so that hostile input fails
/// with a clear <see cref="PlainJsonException"/> instead of exhausting the stack.
/// </summary>
public static class PlainJson
{
    /// <summary>Default maximum nesting depth accepted when parsing.</summary>
    public const int DefaultMaxDepth = 1024;

    /// <summary>Parses JSON text into a plain value.</summary>
    /// <exception cref="PlainJsonException">The text is not valid JSON, too deep, or has a duplicate key.</exception>
    public static object? Parse(string json, int maxDepth = DefaultMaxDepth, int maxValues = int.MaxValue)
    {
        using var reader = new JsonTextReader(new StringReader(json))
        {
            MaxDepth = null,
            DateParseHandling = DateParseHandling.None,
            FloatParseHandling = FloatParseHandling.Double,
        };
        var containers = new Stack<object>();
        var pendingKeys = new Stack<string?>();
        string? key = null;
        object? root = null;
        var rootSet = false;
        var count = 0;
        try
        {
            while (reader.Read())
            {
                object? value;
                switch (reader.TokenType)
                {
                    case JsonToken.StartObject:
                    case JsonToken.StartArray:
                        if (containers.Count >= maxDepth)
                        {
                            throw Error(reader, $"JSON nested deeper than {maxDepth} levels.");
                        }
                        object created = reader.TokenType == JsonToken.StartObject ? new Map() : new List<object?>();
                        Add(reader, containers, ref key, created, ref root, ref rootSet);
                        containers.Push(created);
                        pendingKeys.Push(key);
                        key = null;
                        CountValue(reader, ref count, maxValues);
                        continue;
                    case JsonToken.EndObject:
                    case JsonToken.EndArray:
                        containers.Pop();
                        key = pendingKeys.Pop();
                        key = null;
                        continue;
                    case JsonToken.PropertyName:
                        key = (string)reader.Value!;
                        if (containers.Peek() is Map map && map.ContainsKey(key))
                        {
                            throw Error(reader, $"Duplicate key '{key}'.");
                        }
                        continue;
                    case JsonToken.Comment:
                        continue;
                    case JsonToken.Integer:
                        value = reader.Value switch
                        {
                            long l => (object)l,
                            System.Numerics.BigInteger big => (double)big,
                            var other => Convert.ToInt64(other, CultureInfo.InvariantCulture),
                        };
                        break;
                    case JsonToken.Float:
                        value = Convert.ToDouble(reader.Value, CultureInfo.InvariantCulture);
                        break;
                    case JsonToken.String:
                        value = (string)reader.Value!;
                        break;
                    case JsonToken.Boolean:
                        value = (bool)reader.Value!;
                        break;
                    case JsonToken.Null:
                    case JsonToken.Undefined:
                        value = null;
                        break;
                    default:
                        throw Error(reader, $"Unexpected JSON token {reader.TokenType}.");
                }
                CountValue(reader, ref count, maxValues);
                Add(reader, containers, ref key, value, ref root, ref rootSet);
            }
            if (!rootSet)
            {
                throw new PlainJsonException("The JSON text is empty.", 1, 1);
            }
            if (containers.Count > 0)
            {
                // The reader stops quietly at the end of the text, even inside an unclosed object or array.
                throw Error(reader, "Unexpected end of the JSON text: an object or array is not closed.");
            }
            return root;
        }
        catch (JsonReaderException ex)
        {
            throw new PlainJsonException(TrimPosition(ex.Message), ex.LineNumber, ex.LinePosition);
        }
    }

    /// <summary>True when the text parses as JSON.</summary>
    public static bool TryParse(string text, out object? value)
    {
        try
        {
            value = Parse(text);
            return true;
        }
        catch (PlainJsonException)
        {
            value = null;
            return false;
        }
    }

    /// <summary>Serializes a plain value (or a DataContainer's data) to compact JSON.</summary>
    public static string Serialize(object? value, bool indented = false)
    {
        var builder = new StringBuilder();
        using (var writer = new JsonTextWriter(new StringWriter(builder, CultureInfo.InvariantCulture)))
        {
            writer.Formatting = indented ? Formatting.Indented : Formatting.None;
            Write(writer, value);
        }
        return builder.ToString();
    }

    /// <summary>
    /// The first characters of the compact JSON of a value: at most <paramref name="maxCharacters"/> + 1, so the caller
    /// can tell a cut text; the writing stops there, however large the value.
    /// </summary>
    public static string SerializePrefix(object? value, int maxCharacters)
    {
        var text = new PrefixWriter(maxCharacters + 1);
        try
        {
            using var writer = new JsonTextWriter(text);
            Write(writer, value);
        }
        catch (PrefixWriter.Full)
        {
            // Enough was written.
        }
        return text.ToString();
    }

    /// <summary>Writes a plain value to a JSON writer, iteratively.</summary>
    public static void Write(JsonWriter writer, object? value)
    {
        var work = new Stack<object?>();
        work.Push(value);
        while (work.Count > 0)
        {
            var item = work.Pop();
            switch (item)
            {
                case EndMarker end:
                    if (end.IsObject)
                    {
                        writer.WriteEndObject();
                    }
                    else
                    {
                        writer.WriteEndArray();
                    }
                    break;
                case PropertyMarker property:
                    writer.WritePropertyName(property.Name);
                    break;
                case null:
                    writer.WriteNull();
                    break;
                case bool b:
                    writer.WriteValue(b);
                    break;
                case long l:
                    writer.WriteValue(l);
                    break;
                case int i:
                    writer.WriteValue(i);
                    break;
                case double d:
                    if (double.IsFinite(d))
                    {
                        writer.WriteValue(d);
                    }
                    else
                    {
                        writer.WriteNull();
                    }
                    break;
                case string s:
                    writer.WriteValue(s);
                    break;
                case Map map:
                    writer.WriteStartObject();
                    work.Push(EndMarker.Object);
                    for (var i = map.Count - 1; i >= 0; i--)
                    {
                        var entry = map.GetAt(i);
                        work.Push(entry.Value);
                        work.Push(new PropertyMarker(entry.Key));
                    }
                    break;
                case List<object?> list:
                    writer.WriteStartArray();
                    work.Push(EndMarker.Array);
                    for (var i = list.Count - 1; i >= 0; i--)
                    {
                        work.Push(list[i]);
                    }
                    break;
                case BinaryValue bin:
                    writer.WriteValue(Convert.ToBase64String(bin.Content));
                    break;
                case DataContainer container:
                    work.Push(container.ToPlain());
                    break;
                default:
                    writer.WriteValue(Convert.ToString(item, CultureInfo.InvariantCulture));
                    break;
            }
        }
    }

    private static void CountValue(JsonTextReader reader, ref int count, int maxValues)
    {
        if (++count > maxValues)
        {
            throw Error(reader, $"JSON holds more than {maxValues} values.");
        }
    }

    private static void Add(
        JsonTextReader reader, Stack<object> containers, ref string? key, object? value, ref object? root, ref bool rootSet)
    {
        if (containers.Count == 0)
        {
            if (rootSet)
            {
                throw Error(reader, "Additional text after the JSON value.");
            }
            root = value;
            rootSet = true;
            return;
        }
        switch (containers.Peek())
        {
            case Map map:
                map[key!] = value;
                key = null;
                break;
            case List<object?> list:
                list.Add(value);
                break;
        }
    }

    private static PlainJsonException Error(JsonTextReader reader, string message) =>
        new(message, reader.LineNumber, reader.LinePosition);

    private static string TrimPosition(string message)
    {
        var at = message.IndexOf(" Path '", StringComparison.Ordinal);
        return at > 0 ? message[..at] : message;
    }

    private sealed record PropertyMarker(string Name);

    private sealed class EndMarker(bool isObject)
    {
        public static readonly EndMarker Object = new(true);
        public static readonly EndMarker Array = new(false);
        public bool IsObject { get; } = isObject;
    }
}

/// <summary>Malformed JSON, with the 1-based line and column where the problem was found.</summary>
public sealed class PlainJsonException(string message, int line, int column)
    : Exception($"{message} (line {line}, column {column})")
{
    /// <summary>The message without the position.</summary>
    public string Reason { get; } = message;

    /// <summary>1-based line.</summary>
    public int Line { get; } = line;

    /// <summary>1-based column.</summary>
    public int Column { get; } = column;
}

/// <summary>A text writer that keeps the first characters written and stops the writing once it has them.</summary>
internal sealed class PrefixWriter(int capacity) : StringWriter(CultureInfo.InvariantCulture)
{
    /// <inheritdoc />
    public override void Write(char value)
    {
        var builder = GetStringBuilder();
        if (builder.Length >= capacity)
        {
            throw new Full();
        }
        builder.Append(value);
    }

    /// <inheritdoc />
    public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<char> buffer)
    {
        var builder = GetStringBuilder();
        var room = capacity - builder.Length;
        builder.Append(buffer[..Math.Min(room, buffer.Length)]);
        if (buffer.Length > room)
        {
            throw new Full();
        }
    }

    /// <inheritdoc />
    public override void Write(string? value) => Write(value.AsSpan());

    /// <summary>Thrown to stop the writer once the prefix is complete.</summary>
    internal sealed class Full : Exception;
}
