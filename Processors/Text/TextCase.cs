using System.Globalization;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Text;

/// <summary>A text in lower case, upper case or title case.</summary>
public sealed class TextCase : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Text case",
        "The text in lower case, upper case, or title case (each word's first letter upper case, the rest lower case), " +
        "by rules that do not depend on a language. Example: text: ada LOVELACE, case: title → Ada Lovelace.",
        TextValues.Required("text", "The text to change."),
        new InputSpec("case", "lower, upper or title.")
        {
            Min = 1, LimitTypes = [DataType.Text], LimitValues = ["lower", "upper", "title"],
        })
    {
        Returns = [DataType.Text],
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var text = TextValues.Of(context, "text");
        return DataContainer.Text((string)context.Val("case").Data! switch
        {
            "lower" => text.ToLowerInvariant(),
            "upper" => text.ToUpperInvariant(),
            _ => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(text.ToLowerInvariant()),
        });
    }
}
