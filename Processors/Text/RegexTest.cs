using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Text;

/// <summary>Whether a regular expression matches a text.</summary>
public sealed class RegexTest : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Regex test",
        "True when the regular expression matches somewhere in the text (anchor it with ^ and $ to test the whole text). " +
        "Example: text: AB-1234, pattern: \"^[A-Z]{2}-\\d{4}$\" → true.",
        TextValues.Required("text", "The text to test."),
        Patterns.Pattern,
        Patterns.IgnoreCase)
    {
        Returns = [DataType.Boolean],
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var text = TextValues.Of(context, "text");
        return DataContainer.Boolean(Patterns.Run(context, regex => regex.IsMatch(text)));
    }
}
