using System.Globalization;
using System.Text;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Engine.Values;

/// <summary>The formats a response body can be sent in.</summary>
public enum OutputFormat
{
    /// <summary><c>application/json</c>, the default.</summary>
    Json,

    /// <summary><c>application/xml</c> (also answers <c>text/xml</c>).</summary>
    Xml,

    /// <summary><c>text/html</c>: a complete HTML5 document.</summary>
    Html,

    /// <summary><c>text/plain</c>.</summary>
    Text,

    /// <summary>Raw bytes: files and images with their media type, anything else as <c>application/octet-stream</c>.</summary>
    Binary,
}

/// <summary>A formatted response body and its <c>Content-Type</c>.</summary>
/// <param name="ContentType">The value of the <c>Content-Type</c> header.</param>
/// <param name="Body">The bytes to send.</param>
public sealed record FormattedOutput(string ContentType, byte[] Body);

/// <summary>
/// Turns any value into a response body in a chosen format, and chooses the format from an <c>Accept</c> header or
/// from the type an output processor returned. Everything a host needs to write a body lives here.
/// </summary>
/// <remarks>
/// Rules: <b>JSON</b> — arrays serialized, json as is, xml converted, numbers and booleans as literals, undefined as
/// <c>null</c>, text, html, files and images as JSON strings (text is never re-read as JSON here, unlike a cast).
/// <b>XML</b> — xml as is, anything else under <c>&lt;apiStudioWrapper&gt;</c> (text as escaped text).
/// <b>HTML</b> — html as is, anything else rendered as a document (<see cref="HtmlRenderer"/>).
/// <b>Text</b> — the text cast (arrays as JSON text). <b>Binary</b> — files and images as their bytes with
/// their media type; anything else as the UTF-8 bytes of its text form.
/// </remarks>
public static class OutputFormatter
{
    /// <summary>Content type of JSON bodies.</summary>
    public const string JsonContentType = "application/json; charset=utf-8";

    /// <summary>Content type of XML bodies.</summary>
    public const string XmlContentType = "application/xml; charset=utf-8";

    /// <summary>Content type of HTML bodies.</summary>
    public const string HtmlContentType = "text/html; charset=utf-8";

    /// <summary>Content type of text bodies.</summary>
    public const string TextContentType = "text/plain; charset=utf-8";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Formats a value as a response body.</summary>
    /// <exception cref="ApiException">Code 6, HTTP 400, when json or xml content is malformed.</exception>
    public static FormattedOutput Format(DataContainer value, OutputFormat format, string? nodeId = null)
    {
        if (format == OutputFormat.Binary)
        {
            return value.Data is BinaryValue bin
                ? new FormattedOutput(MediaTypes.ContentTypeOf(bin), bin.Content)
                : new FormattedOutput(MediaTypes.OctetStream, Utf8.GetBytes(value.AsText(nodeId)));
        }
        if (format == OutputFormat.Json && IsPlainJson(value))
        {
            return new FormattedOutput(JsonContentType, PlainJsonUtf8.Serialize(value.Data));
        }
        var text = (string)ToContainer(value, format, nodeId).Data!;
        return new FormattedOutput(ContentTypeOf(format), Utf8.GetBytes(text));
    }

    /// <summary>
    /// True when the JSON of <paramref name="value"/> is its plain data written out as it is (text, html, numbers,
    /// booleans, arrays): what <see cref="ToContainer"/> gives, which <see cref="PlainJsonUtf8"/> writes straight to bytes.
    /// </summary>
    public static bool IsPlainJson(DataContainer value) =>
        value.Type is DataType.Text or DataType.Html or DataType.Array or DataType.Integer or DataType.Float or DataType.Boolean;

    /// <summary>
    /// The value converted to the container type of a text format (json, xml, html or text): what an output
    /// processor returns, so that the host knows the format from the type.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="OutputFormat.Binary"/> has no text container.</exception>
    public static DataContainer ToContainer(DataContainer value, OutputFormat format, string? nodeId = null) => format switch
    {
        OutputFormat.Json => value.Type switch
        {
            DataType.Text or DataType.Html => DataContainer.Json(PlainJson.Serialize(value.Data)),
            _ => value.CastTo(DataType.Json, nodeId),
        },
        OutputFormat.Xml => value.Type == DataType.Text
            ? DataContainer.Xml(XmlJsonConverter.ToXml(value.Data, nodeId))
            : value.CastTo(DataType.Xml, nodeId),
        OutputFormat.Html => value.CastTo(DataType.Html, nodeId),
        OutputFormat.Text => value.CastTo(DataType.Text, nodeId),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Binary output has no text container."),
    };

    /// <summary>The <c>Content-Type</c> of a text format (<see cref="MediaTypes.OctetStream"/> for binary).</summary>
    public static string ContentTypeOf(OutputFormat format) => format switch
    {
        OutputFormat.Json => JsonContentType,
        OutputFormat.Xml => XmlContentType,
        OutputFormat.Html => HtmlContentType,
        OutputFormat.Text => TextContentType,
        _ => MediaTypes.OctetStream,
    };

    /// <summary>
    /// The format an output processor's result forces: json, xml, html and text containers are sent in their own
    /// format, files and images as binary; other types are negotiated (null).
    /// </summary>
    public static OutputFormat? ForcedBy(DataType type) => type switch
    {
        DataType.Json => OutputFormat.Json,
        DataType.Xml => OutputFormat.Xml,
        DataType.Html => OutputFormat.Html,
        DataType.Text => OutputFormat.Text,
        DataType.File or DataType.Image => OutputFormat.Binary,
        _ => null,
    };

    /// <summary>
    /// The format answering an <c>Accept</c> header (a single media type or a full header with <c>q</c> weights):
    /// the supported media range with the highest weight, the first one on a tie. No header (or <c>*/*</c>) gives
    /// JSON; null means nothing acceptable is supported (the host answers 406).
    /// </summary>
    public static OutputFormat? FromMediaType(string? accept)
    {
        if (string.IsNullOrWhiteSpace(accept))
        {
            return OutputFormat.Json;
        }
        OutputFormat? best = null;
        var bestWeight = 0.0;
        var rest = accept.AsSpan();
        while (rest.Length > 0)
        {
            var comma = rest.IndexOf(',');
            var range = comma < 0 ? rest : rest[..comma];
            rest = comma < 0 ? [] : rest[(comma + 1)..];
            var semicolon = range.IndexOf(';');
            var mediaType = (semicolon < 0 ? range : range[..semicolon]).Trim();
            var format = FormatOf(mediaType);
            if (format is null)
            {
                continue;
            }
            var weight = semicolon < 0 ? 1.0 : Weight(range[(semicolon + 1)..]);
            if (weight > bestWeight)
            {
                best = format;
                bestWeight = weight;
            }
        }
        return best;
    }

    private static OutputFormat? FormatOf(ReadOnlySpan<char> mediaType)
    {
        if (Is(mediaType, "application/json") || Is(mediaType, "text/json") || Is(mediaType, "*/*")
            || Is(mediaType, "application/*") || EndsWith(mediaType, "+json"))
        {
            return OutputFormat.Json;
        }
        if (Is(mediaType, "text/html") || Is(mediaType, "application/xhtml+xml"))
        {
            return OutputFormat.Html;
        }
        if (Is(mediaType, "application/xml") || Is(mediaType, "text/xml") || EndsWith(mediaType, "+xml"))
        {
            return OutputFormat.Xml;
        }
        if (Is(mediaType, "text/plain") || Is(mediaType, "text/*"))
        {
            return OutputFormat.Text;
        }
        if (Is(mediaType, MediaTypes.OctetStream) || mediaType.StartsWith("image/", StringComparison.OrdinalIgnoreCase))
        {
            return OutputFormat.Binary;
        }
        return null;
    }

    private static bool Is(ReadOnlySpan<char> mediaType, string expected) =>
        mediaType.Equals(expected, StringComparison.OrdinalIgnoreCase);

    private static bool EndsWith(ReadOnlySpan<char> mediaType, string suffix) =>
        mediaType.EndsWith(suffix, StringComparison.OrdinalIgnoreCase);

    /// <summary>The <c>q</c> parameter of a media range (1 when absent, 0 when malformed).</summary>
    private static double Weight(ReadOnlySpan<char> parameters)
    {
        while (parameters.Length > 0)
        {
            var semicolon = parameters.IndexOf(';');
            var parameter = (semicolon < 0 ? parameters : parameters[..semicolon]).Trim();
            parameters = semicolon < 0 ? [] : parameters[(semicolon + 1)..];
            if (parameter.Length > 2 && (parameter[0] is 'q' or 'Q') && parameter[1] == '=')
            {
                return double.TryParse(parameter[2..], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var q)
                    ? Math.Clamp(q, 0, 1)
                    : 0;
            }
        }
        return 1;
    }
}
