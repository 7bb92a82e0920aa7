using System.Globalization;
using System.Text;
using System.Text.Unicode;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Engine.Values;

/// <summary>The cast matrix: converts a container to another type or fails with code 6 / HTTP 400.</summary>
/// <remarks>
/// <para>Rows are the source type, columns the target (<c>=</c> same value, <c>✓</c> always works, <c>?</c> works
/// when the content allows it, <c>✗</c> fails with <c>Cannot cast &lt;from&gt; to &lt;to&gt;.</c>):</para>
/// <code>
///              array boolean file float html image integer json text undefined xml
///   array        =      ✗     ✓     ✗    ✓     ✗      ✗     ✓    ✓      ✓      ✓
///   boolean      ✓      =     ✗     ✓    ✓     ✗      ✓     ✓    ✓      ✓      ✓
///   file         ✗      ✗     =     ✗    ✓     ✓      ✗     ✓    ✓      ✓      ✓
///   float        ✓      ?     ✗     =    ✓     ✗      ?     ✓    ✓      ✓      ✓
///   html         ✗      ✗     ✓     ✗    =     ✗      ✗     ✓    ✓      ✓      ✓
///   image        ✗      ✗     ✓     ✗    ✓     =      ✗     ✓    ✓      ✓      ✓
///   integer      ✓      ?     ✗     ✓    ✓     ✗      =     ✓    ✓      ✓      ✓
///   json         ?      ?     ✓     ?    ?     ✗      ?     =    ✓      ✓      ?
///   text         ✓      ?     ✓     ?    ✓     ?      ?     ✓    =      ✓      ✓
///   undefined    ✓      ✗     ✗     ✗    ✓     ✗      ✗     ✓    ✓      =      ✓
///   xml          ?      ✗     ✓     ✗    ?     ✗      ✗     ?    ✓      ✓      =
/// </code>
/// <para>Decisions behind the cells:</para>
/// <list type="bullet">
/// <item><b>→ text</b>: numbers in invariant culture (floats round-trip, <c>R</c>); booleans <c>true</c>/<c>false</c>;
/// undefined is the empty text; arrays are JSON; json/xml/html are their text. An <b>image</b> is base64. A
/// <b>file</b> is its content decoded as UTF-8 when it is valid UTF-8 (a leading BOM dropped), base64 otherwise:
/// files are mostly text documents, and base64 keeps any other bytes intact.</item>
/// <item><b>→ integer / float / boolean</b>: text is trimmed and parsed in the invariant culture (integers: optional
/// sign and digits; floats: decimal or exponent notation, finite only; booleans: <c>true false 1 0 yes no on off</c>,
/// any case). Json must hold a number (or for boolean a JSON boolean or 0/1). Float → integer truncates toward
/// zero and fails when not finite or out of range. Integer/float → boolean only for 0 and 1; boolean → number is 1/0.</item>
/// <item><b>→ json</b>: scalars become JSON literals (undefined → <c>null</c>, non-finite floats → <c>null</c>);
/// arrays are serialized; xml is converted (<see cref="XmlJsonConverter"/>). Text that is valid JSON is taken as
/// that JSON (a cast interprets text: a query variable holding <c>{"a":1}</c> becomes that object); other text, html,
/// files and images (as their text form) become JSON strings. Output formatting differs on purpose: a text value
/// is always sent as a JSON string (<see cref="OutputFormatter"/>).</item>
/// <item><b>→ xml</b>: the root of anything that is not XML is <c>&lt;apiStudioWrapper&gt;</c> (scalars as its
/// text, arrays and json as elements); text that is one well-formed XML document is taken as is, other text, html,
/// files and images are wrapped as escaped text.</item>
/// <item><b>→ array</b>: json is parsed and xml converted (a scalar becomes a one-item list, null the empty list);
/// text holding a JSON list or map is parsed, other text becomes a one-item list; scalars become one-item lists;
/// undefined is the empty list. Html, files and images have no array form.</item>
/// <item><b>→ html</b>: a complete document (<see cref="HtmlRenderer"/>): maps as <c>&lt;dl&gt;</c>, lists as
/// <c>&lt;ul&gt;</c>, scalars and text HTML-encoded (text is never taken as markup); json and xml are rendered from
/// their structure; an image is shown inline.</item>
/// <item><b>→ file</b>: text, json, xml, html and arrays (as JSON) become UTF-8 bytes with the matching media type;
/// an image becomes a file with the same bytes. Scalars have no file form.</item>
/// <item><b>→ image</b>: a file keeps its bytes; text must be base64 (or a <c>data:…;base64,</c> URI) of at least
/// one byte.</item>
/// <item>Malformed json or xml content fails with code 6 / HTTP 400 and the parser's message.</item>
/// </list>
/// </remarks>
public static class ValueCaster
{
    private const double TwoPow63 = 9223372036854775808.0;

    /// <summary>Casts <paramref name="value"/> to <paramref name="target"/>.</summary>
    /// <exception cref="ApiException">Code 6, HTTP 400: <c>Cannot cast text to integer.</c></exception>
    public static DataContainer Cast(DataContainer value, DataType target, string? nodeId = null)
    {
        if (value.Type == target)
        {
            return value;
        }
        var result = target switch
        {
            DataType.Undefined => DataContainer.Undefined,
            DataType.Text => ToText(value),
            DataType.Integer => ToInteger(value),
            DataType.Float => ToFloat(value),
            DataType.Boolean => ToBoolean(value),
            DataType.Json => ToJson(value, nodeId),
            DataType.Xml => ToXml(value, nodeId),
            DataType.Html => ToHtml(value, nodeId),
            DataType.Array => ToArray(value, nodeId),
            DataType.File => ToFile(value),
            DataType.Image => ToImage(value),
            _ => null,
        };
        return result ?? throw Impossible(value.Type, target, nodeId);
    }

    /// <summary>True when the cast succeeds; the result is returned through <paramref name="result"/>.</summary>
    public static bool TryCast(DataContainer value, DataType target, out DataContainer result)
    {
        try
        {
            result = Cast(value, target);
            return true;
        }
        catch (ApiException)
        {
            result = DataContainer.Undefined;
            return false;
        }
    }

    /// <summary>The error for an impossible cast.</summary>
    public static ApiException Impossible(DataType from, DataType to, string? nodeId) =>
        new($"Cannot cast {from.Name()} to {to.Name()}.", ErrorCodes.InvalidInput, nodeId, 400);

    /// <summary>The text form of a file's content: UTF-8 when it is valid UTF-8 (BOM dropped), base64 otherwise.</summary>
    public static string FileText(byte[] content)
    {
        ReadOnlySpan<byte> bytes = content;
        if (!Utf8.IsValid(bytes))
        {
            return Convert.ToBase64String(content);
        }
        return Encoding.UTF8.GetString(bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? bytes[3..] : bytes);
    }

    /// <summary>Parses json content into a plain value; malformed JSON is code 6 / HTTP 400 with the parser's message.</summary>
    internal static object? ParseJson(string json, string? nodeId)
    {
        try
        {
            return PlainJson.Parse(json);
        }
        catch (PlainJsonException ex)
        {
            throw new ApiException($"Invalid JSON: {ex.Message}", ErrorCodes.InvalidInput, nodeId, 400);
        }
    }

    private static DataContainer ToText(DataContainer value) => value.Type switch
    {
        DataType.Undefined => DataContainer.EmptyText,
        DataType.Boolean => DataContainer.Text((bool)value.Data! ? "true" : "false"),
        DataType.Integer => DataContainer.Text(((long)value.Data!).ToString(CultureInfo.InvariantCulture)),
        DataType.Float => DataContainer.Text(((double)value.Data!).ToString("R", CultureInfo.InvariantCulture)),
        DataType.Array => DataContainer.Text(PlainJson.Serialize(value.Data)),
        DataType.File => DataContainer.Text(FileText(((BinaryValue)value.Data!).Content)),
        DataType.Image => DataContainer.Text(Convert.ToBase64String(((BinaryValue)value.Data!).Content)),
        _ => DataContainer.Text((string)value.Data!),
    };

    private static DataContainer? ToInteger(DataContainer value)
    {
        switch (value.Type)
        {
            case DataType.Boolean:
                return DataContainer.Integer((bool)value.Data! ? 1 : 0);
            case DataType.Float:
                return FloatToInteger((double)value.Data!);
            case DataType.Text:
                return long.TryParse(((string)value.Data!).Trim(), NumberStyles.AllowLeadingSign,
                    CultureInfo.InvariantCulture, out var parsed)
                    ? DataContainer.Integer(parsed)
                    : null;
            case DataType.Json:
                return PlainJson.TryParse((string)value.Data!, out var json) ? json switch
                {
                    long l => DataContainer.Integer(l),
                    double d => FloatToInteger(d),
                    _ => null,
                } : null;
            default:
                return null;
        }
    }

    private static DataContainer? FloatToInteger(double d) =>
        double.IsFinite(d) && d >= -TwoPow63 && d < TwoPow63 ? DataContainer.Integer((long)Math.Truncate(d)) : null;

    private static DataContainer? ToFloat(DataContainer value)
    {
        switch (value.Type)
        {
            case DataType.Boolean:
                return DataContainer.Float((bool)value.Data! ? 1 : 0);
            case DataType.Integer:
                return DataContainer.Float((long)value.Data!);
            case DataType.Text:
                return double.TryParse(((string)value.Data!).Trim(), NumberStyles.Float, CultureInfo.InvariantCulture,
                    out var parsed) && double.IsFinite(parsed)
                    ? DataContainer.Float(parsed)
                    : null;
            case DataType.Json:
                return PlainJson.TryParse((string)value.Data!, out var json) ? json switch
                {
                    long l => DataContainer.Float(l),
                    double d => DataContainer.Float(d),
                    _ => null,
                } : null;
            default:
                return null;
        }
    }

    private static DataContainer? ToBoolean(DataContainer value) => value.Type switch
    {
        DataType.Integer => ZeroOrOne((long)value.Data!),
        DataType.Float => (double)value.Data! switch
        {
            0.0 => DataContainer.False,
            1.0 => DataContainer.True,
            _ => null,
        },
        DataType.Text => ((string)value.Data!).Trim().ToLowerInvariant() switch
        {
            "true" or "1" or "yes" or "on" => DataContainer.True,
            "false" or "0" or "no" or "off" => DataContainer.False,
            _ => null,
        },
        DataType.Json => PlainJson.TryParse((string)value.Data!, out var json) ? json switch
        {
            bool b => DataContainer.Boolean(b),
            long l => ZeroOrOne(l),
            _ => null,
        } : null,
        _ => null,
    };

    private static DataContainer? ZeroOrOne(long l) => l switch
    {
        0 => DataContainer.False,
        1 => DataContainer.True,
        _ => null,
    };

    private static DataContainer? ToJson(DataContainer value, string? nodeId) => value.Type switch
    {
        DataType.Text when PlainJson.TryParse((string)value.Data!, out _) => DataContainer.Json((string)value.Data!),
        DataType.Xml => DataContainer.Json(PlainJson.Serialize(XmlJsonConverter.ToPlain((string)value.Data!, nodeId))),
        _ => DataContainer.Json(PlainJson.Serialize(TextualPlain(value))),
    };

    private static DataContainer? ToXml(DataContainer value, string? nodeId) => value.Type switch
    {
        DataType.Text when XmlJsonConverter.IsWellFormed((string)value.Data!) => DataContainer.Xml((string)value.Data!),
        DataType.Json => DataContainer.Xml(XmlJsonConverter.ToXml(ParseJson((string)value.Data!, nodeId), nodeId)),
        _ => DataContainer.Xml(XmlJsonConverter.ToXml(TextualPlain(value), nodeId)),
    };

    private static DataContainer? ToHtml(DataContainer value, string? nodeId) => value.Type switch
    {
        DataType.Json => DataContainer.Html(HtmlRenderer.Document(ParseJson((string)value.Data!, nodeId))),
        DataType.Xml => DataContainer.Html(HtmlRenderer.Document(XmlJsonConverter.ToPlain((string)value.Data!, nodeId))),
        DataType.Image => DataContainer.Html(HtmlRenderer.ImageDocument((BinaryValue)value.Data!)),
        _ => DataContainer.Html(HtmlRenderer.Document(TextualPlain(value))),
    };

    /// <summary>
    /// The plain value of a container whose structure is already plain: json and xml are handled by the callers,
    /// files and images stand as their text form, text and html as strings.
    /// </summary>
    private static object? TextualPlain(DataContainer value) => value.Type switch
    {
        DataType.File => FileText(((BinaryValue)value.Data!).Content),
        DataType.Image => Convert.ToBase64String(((BinaryValue)value.Data!).Content),
        _ => value.Data,
    };

    private static DataContainer? ToArray(DataContainer value, string? nodeId)
    {
        switch (value.Type)
        {
            case DataType.Undefined:
                return DataContainer.Array(new List<object?>());
            case DataType.Boolean:
            case DataType.Integer:
            case DataType.Float:
                return DataContainer.Array([value.Data]);
            case DataType.Text:
                return PlainJson.TryParse((string)value.Data!, out var parsed) && parsed is List<object?> or Map
                    ? DataContainer.FromPlain(parsed)
                    : DataContainer.Array([value.Data]);
            case DataType.Json:
                return PlainAsArray(ParseJson((string)value.Data!, nodeId));
            case DataType.Xml:
                return PlainAsArray(XmlJsonConverter.ToPlain((string)value.Data!, nodeId));
            default:
                return null;
        }
    }

    private static DataContainer PlainAsArray(object? plain) => plain switch
    {
        null => DataContainer.Array(new List<object?>()),
        List<object?> list => DataContainer.Array(list),
        Map map => DataContainer.Array(map),
        _ => DataContainer.Array([plain]),
    };

    private static DataContainer? ToFile(DataContainer value) => value.Type switch
    {
        DataType.Text => TextFile((string)value.Data!, "text/plain"),
        DataType.Json => TextFile((string)value.Data!, "application/json"),
        DataType.Xml => TextFile((string)value.Data!, "application/xml"),
        DataType.Html => TextFile((string)value.Data!, "text/html"),
        DataType.Array => TextFile(PlainJson.Serialize(value.Data), "application/json"),
        DataType.Image => DataContainer.File((BinaryValue)value.Data!),
        _ => null,
    };

    private static DataContainer TextFile(string text, string mediaType) =>
        DataContainer.File(new BinaryValue(Encoding.UTF8.GetBytes(text), MediaType: mediaType));

    private static DataContainer? ToImage(DataContainer value) => value.Type switch
    {
        DataType.File => DataContainer.Image((BinaryValue)value.Data!),
        DataType.Text => Base64Image(((string)value.Data!).Trim()),
        _ => null,
    };

    private static DataContainer? Base64Image(string text)
    {
        string? mediaType = null;
        if (text.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            // data:image/png;base64,<payload>
            var comma = text.IndexOf(',');
            const string marker = ";base64";
            if (comma < 0 || !text.AsSpan(0, comma).EndsWith(marker, StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
            mediaType = text[5..(comma - marker.Length)];
            mediaType = MediaTypes.IsWellFormed(mediaType) ? mediaType : null;
            text = text[(comma + 1)..];
        }
        var buffer = new byte[text.Length * 3 / 4 + 3];
        return text.Length > 0 && Convert.TryFromBase64String(text, buffer, out var written) && written > 0
            ? DataContainer.Image(new BinaryValue(buffer[..written], MediaType: mediaType))
            : null;
    }
}
