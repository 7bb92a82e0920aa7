using System.Net;
using System.Text;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Encodings;

/// <summary>A text read back from base64, base64url, hex, URL encoding or HTML encoding.</summary>
public sealed class Decode : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Decode",
        "Reads back what encode wrote: base64, base64url (with or without padding) and hex give the bytes as UTF-8 text, or " +
        "as a file (an image when they are one) with as_file; url turns %XX back into characters; html turns entities " +
        "back into characters. Text that is not in the format is an error (400). " +
        "Example: value: SGVsbG8=, format: base64 → Hello.",
        new InputSpec("value", "The encoded text.") { Min = 1, LimitTypes = [DataType.Text] },
        new InputSpec("format", "base64, base64url, hex, url or html.") { Min = 1, LimitTypes = [DataType.Text], LimitValues = Encode.Formats },
        new InputSpec("as_file", "base64, base64url and hex: return the bytes as a file (or image) instead of text.")
        {
            LimitTypes = [DataType.Boolean], Default = false,
        })
    {
        Returns = [DataType.Text, DataType.File, DataType.Image],
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var text = (string)context.Val("value").Data!;
        var format = (string)context.Val("format").Data!;
        var asFile = context.Val("as_file").AsBoolean(context.NodeId);
        if (format is "url" or "html")
        {
            return asFile
                ? throw context.Error($"Input 'as_file' needs the format base64, base64url or hex, not {format} (node '{context.NodeId}').")
                : DataContainer.Text(format == "url" ? Uri.UnescapeDataString(text) : WebUtility.HtmlDecode(text));
        }
        var bytes = Bytes.Read(text, format) ?? throw context.Error($"Input 'value' is not valid {format} (node '{context.NodeId}').");
        if (asFile)
        {
            var file = new BinaryValue(bytes);
            return MediaTypes.ImageTypeOf(file) is { } image ? DataContainer.Image(file with { MediaType = image }) : DataContainer.File(file);
        }
        try
        {
            return DataContainer.Text(Bytes.StrictUtf8.GetString(bytes));
        }
        catch (DecoderFallbackException)
        {
            throw context.Error($"Input 'value' decodes to bytes that are not UTF-8 text; as_file: true gives them as a file (node '{context.NodeId}').");
        }
    }
}
