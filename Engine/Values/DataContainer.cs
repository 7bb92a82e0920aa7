using System.Globalization;

namespace ApiStudio.Engine.Values;

/// <summary>
/// The value every processor returns: data plus one of the eleven type names.
/// Containers are immutable and may be shared between requests; processors never mutate the data they receive.
/// </summary>
/// <remarks>
/// Data representation by type: <c>undefined</c> → null; <c>boolean</c> → bool; <c>integer</c> → long;
/// <c>float</c> → double; <c>text</c>, <c>json</c>, <c>xml</c>, <c>html</c> → string (json/xml/html hold their
/// serialized text); <c>array</c> → <see cref="List{T}"/> of plain values or <see cref="Map"/>;
/// <c>file</c>, <c>image</c> → <see cref="BinaryValue"/>. Plain values inside arrays are null, bool, long, double,
/// string, List&lt;object?&gt; or Map.
/// </remarks>
public sealed class DataContainer
{
    /// <summary>The undefined value.</summary>
    public static readonly DataContainer Undefined = new(null, DataType.Undefined);

    /// <summary>Boolean true.</summary>
    public static readonly DataContainer True = new(true, DataType.Boolean);

    /// <summary>Boolean false.</summary>
    public static readonly DataContainer False = new(false, DataType.Boolean);

    /// <summary>The empty text.</summary>
    public static readonly DataContainer EmptyText = new(string.Empty, DataType.Text);

    private static readonly DataContainer[] SmallIntegers = CreateSmallIntegers();

    // The measured size (-1 until measured) and the last request memory that counted this value: the container is
    // immutable, so its size is measured once, and a value passed along within a request is counted once.
    private long _size = -1;
    private int _countedBy;

    private DataContainer(object? data, DataType type)
    {
        Data = data;
        Type = type;
    }

    /// <summary>The value, represented as described on the class.</summary>
    public object? Data { get; }

    /// <summary>The type name of the value.</summary>
    public DataType Type { get; }

    /// <summary>True when the type is <c>undefined</c>.</summary>
    public bool IsUndefined => Type == DataType.Undefined;

    /// <summary>A text value (null gives undefined).</summary>
    public static DataContainer Text(string? value) =>
        value is null ? Undefined : value.Length == 0 ? EmptyText : new DataContainer(value, DataType.Text);

    /// <summary>An integer value; small values are shared instances.</summary>
    public static DataContainer Integer(long value) =>
        value is >= -1 and < 255 ? SmallIntegers[value + 1] : new DataContainer(value, DataType.Integer);

    /// <summary>A float value.</summary>
    public static DataContainer Float(double value) => new(value, DataType.Float);

    /// <summary>A boolean value (shared instances).</summary>
    public static DataContainer Boolean(bool value) => value ? True : False;

    /// <summary>An array value holding a list.</summary>
    public static DataContainer Array(List<object?> items) => new(items, DataType.Array);

    /// <summary>An array value holding a map.</summary>
    public static DataContainer Array(Map map) => new(map, DataType.Array);

    /// <summary>A serialized JSON text.</summary>
    public static DataContainer Json(string json) => new(json, DataType.Json);

    /// <summary>A serialized XML text.</summary>
    public static DataContainer Xml(string xml) => new(xml, DataType.Xml);

    /// <summary>An HTML text.</summary>
    public static DataContainer Html(string html) => new(html, DataType.Html);

    /// <summary>A file.</summary>
    public static DataContainer File(BinaryValue file) => new(file, DataType.File);

    /// <summary>An image.</summary>
    public static DataContainer Image(BinaryValue image) => new(image, DataType.Image);

    /// <summary>
    /// Wraps data whose type the caller already knows. The data must match the representation of
    /// <paramref name="type"/>; it is checked so that a wrong pairing fails where it is made.
    /// </summary>
    public static DataContainer Of(object? data, DataType type)
    {
        var ok = type switch
        {
            DataType.Undefined => data is null,
            DataType.Boolean => data is bool,
            DataType.Integer => data is long,
            DataType.Float => data is double,
            DataType.Text or DataType.Json or DataType.Xml or DataType.Html => data is string,
            DataType.Array => data is List<object?> or Map,
            DataType.File or DataType.Image => data is BinaryValue,
            _ => false,
        };
        if (!ok)
        {
            throw new ArgumentException(
                $"Data of CLR type {data?.GetType().Name ?? "null"} cannot be held as {type.Name()}.", nameof(data));
        }
        return type switch
        {
            DataType.Undefined => Undefined,
            DataType.Boolean => Boolean((bool)data!),
            DataType.Integer => Integer((long)data!),
            _ => new DataContainer(data, type),
        };
    }

    /// <summary>
    /// Wraps a plain value (as found in a document or inside an array) and detects its type: bool → boolean,
    /// integral numbers → integer, other numbers → float, string → text, list/map → array, null → undefined.
    /// </summary>
    public static DataContainer FromPlain(object? value) => value switch
    {
        null => Undefined,
        DataContainer c => c,
        bool b => Boolean(b),
        long l => Integer(l),
        int i => Integer(i),
        short s => Integer(s),
        byte by => Integer(by),
        uint ui => Integer(ui),
        ulong ul when ul <= long.MaxValue => Integer((long)ul),
        double d => Float(d),
        float f => Float(f),
        decimal m => m == decimal.Truncate(m) && m >= long.MinValue && m <= long.MaxValue
            ? Integer((long)m)
            : Float((double)m),
        string s => Text(s),
        List<object?> list => Array(list),
        Map map => Array(map),
        BinaryValue bin => File(bin),
        _ => throw new ArgumentException($"Unsupported plain value of CLR type {value.GetType().Name}.", nameof(value)),
    };

    /// <summary>
    /// The estimated memory this value holds (see <see cref="ValueSize"/>), measured at most up to
    /// <paramref name="limit"/>: a result above the limit means "too big", not the exact size. Complete measurements
    /// are kept, so a value is walked once whoever asks.
    /// </summary>
    public long SizeWithin(long limit)
    {
        if (_size >= 0)
        {
            return _size;
        }
        var size = ValueSize.Container + Type switch
        {
            DataType.Text or DataType.Json or DataType.Xml or DataType.Html => ValueSize.OfText(((string)Data!).Length),
            DataType.Array => ValueSize.OfPlain(Data, limit),
            DataType.File or DataType.Image => ((BinaryValue)Data!).Content.Length,
            _ => 0,
        };
        if (size <= limit)
        {
            _size = size;
        }
        return size;
    }

    /// <summary>Marks the value as counted by the request memory <paramref name="serial"/>; false when it already was.</summary>
    internal bool CountFor(int serial)
    {
        if (_countedBy == serial)
        {
            return false;
        }
        _countedBy = serial;
        return true;
    }

    /// <summary>Converts to another type through the cast matrix; throws ApiException code 6 when impossible.</summary>
    public DataContainer CastTo(DataType target, string? nodeId = null) => ValueCaster.Cast(this, target, nodeId);

    /// <summary>The value as text (cast when needed).</summary>
    public string AsText(string? nodeId = null) =>
        Type == DataType.Text ? (string)Data! : (string)ValueCaster.Cast(this, DataType.Text, nodeId).Data!;

    /// <summary>The value as an integer (cast when needed).</summary>
    public long AsInteger(string? nodeId = null) =>
        Type == DataType.Integer ? (long)Data! : (long)ValueCaster.Cast(this, DataType.Integer, nodeId).Data!;

    /// <summary>The value as a float (cast when needed).</summary>
    public double AsFloat(string? nodeId = null) =>
        Type == DataType.Float ? (double)Data! : (double)ValueCaster.Cast(this, DataType.Float, nodeId).Data!;

    /// <summary>The value as a boolean (cast when needed).</summary>
    public bool AsBoolean(string? nodeId = null) =>
        Type == DataType.Boolean ? (bool)Data! : (bool)ValueCaster.Cast(this, DataType.Boolean, nodeId).Data!;

    /// <summary>The plain value suitable for storing inside an array (json text is parsed, xml is converted).</summary>
    public object? ToPlain(string? nodeId = null) => Type switch
    {
        DataType.Json => ValueCaster.ParseJson((string)Data!, nodeId),
        DataType.Xml => XmlJsonConverter.ToPlain((string)Data!, nodeId),
        _ => Data,
    };

    /// <inheritdoc />
    public override string ToString() => Type switch
    {
        DataType.Undefined => "undefined",
        DataType.Boolean => (bool)Data! ? "true" : "false",
        DataType.Float => ((double)Data!).ToString("R", CultureInfo.InvariantCulture),
        DataType.Array => PlainJson.Serialize(Data),
        _ => $"{Data}",
    };

    private static DataContainer[] CreateSmallIntegers()
    {
        var values = new DataContainer[256];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = new DataContainer((long)(i - 1), DataType.Integer);
        }
        return values;
    }
}
