using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Text;

/// <summary>Whether a text contains another, anywhere, at its start or at its end.</summary>
public sealed class TextContains : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Text contains",
        "True when text contains search: anywhere, at its start (starts with) or at its end (ends with); an empty search " +
        "is always found. Example: text: invoice-2024.pdf, search: .pdf, position: end → true.",
        TextValues.Required("text", "The text to search in."),
        TextValues.Required("search", "The text to look for."),
        new InputSpec("position", "Where search must be: anywhere, start or end.")
        {
            LimitTypes = [DataType.Text], LimitValues = ["anywhere", "start", "end"], Default = "anywhere",
        },
        TextValues.IgnoreCase("comparing"))
    {
        Returns = [DataType.Boolean],
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var text = TextValues.Of(context, "text");
        var search = TextValues.Of(context, "search");
        var comparison = context.Val("ignore_case").AsBoolean(context.NodeId) ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return DataContainer.Boolean((string)context.Val("position").Data! switch
        {
            "start" => text.StartsWith(search, comparison),
            "end" => text.EndsWith(search, comparison),
            _ => text.Contains(search, comparison),
        });
    }
}
