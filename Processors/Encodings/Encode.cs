using System.Net;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Encodings;

/// <summary>A value written in base64, base64url, hex, URL encoding or HTML encoding.</summary>
public sealed class Encode : Processor
{
    /// <summary>The formats of encode and decode.</summary>
    public static readonly IReadOnlyList<object> Formats = ["base64", "base64url", "hex", "url", "html"];

    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Encode",
        "Writes a value in an encoding: base64, base64url (URL-safe, no padding) or hex of its bytes (a text as UTF-8, a " +
        "file or image as its content); url (percent-encoding, as in a query string value) or html (entities) of a text. " +
        "decode reverses it. Example: value: \"a b&c\", format: url → a%20b%26c.",
        new InputSpec("value", "What to encode.") { Min = 1, LimitTypes = Bytes.Sources },
        new InputSpec("format", "base64, base64url, hex, url or html.") { Min = 1, LimitTypes = [DataType.Text], LimitValues = Formats })
    {
        Returns = [DataType.Text],
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var value = context.Val("value");
        var format = (string)context.Val("format").Data!;
        if (format is "url" or "html")
        {
            if (value.Data is BinaryValue)
            {
                throw context.Error($"Format {format} encodes a text, not a {value.Type.Name()}; use base64 (node '{context.NodeId}').");
            }
            var text = value.AsText(context.NodeId);
            return DataContainer.Text(format == "url" ? Uri.EscapeDataString(text) : WebUtility.HtmlEncode(text));
        }
        var bytes = Bytes.Of(value, context.NodeId);
        context.EnsureFits(ValueSize.OfText(bytes.Length * 2L));
        return DataContainer.Text(Bytes.Write(bytes, format));
    }
}
