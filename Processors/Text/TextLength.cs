using System.Text;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Text;

/// <summary>The length of a text, in characters or UTF-8 bytes.</summary>
public sealed class TextLength : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Text length",
        "The number of characters of a text, counted as a reader sees them (an accented letter or an emoji is one), " +
        "or its size in UTF-8 bytes. Example: text: Zoë → 3; with unit: bytes → 4.",
        TextValues.Required("text", "The text to measure (a number or json, xml, html value is measured as its text)."),
        new InputSpec("unit", "characters, or the bytes of the text's UTF-8 encoding.")
        {
            LimitTypes = [DataType.Text], LimitValues = ["characters", "bytes"], Default = "characters",
        })
    {
        Returns = [DataType.Integer],
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var text = TextValues.Of(context, "text");
        return DataContainer.Integer((string)context.Val("unit").Data! == "bytes" ? Encoding.UTF8.GetByteCount(text) : TextValues.Length(text));
    }
}
