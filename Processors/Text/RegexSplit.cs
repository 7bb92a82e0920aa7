using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Text;

/// <summary>A text cut into a list of texts wherever a regular expression matches.</summary>
public sealed class RegexSplit : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Regex split",
        "Cuts the text wherever the regular expression matches and returns the list of parts (text a capturing group " +
        "matched is kept as a part of its own: use (?:...) to group without keeping). limit keeps at most that many parts, " +
        "the last holding the rest; remove_empty drops empty parts. " +
        "Example: text: \"a1b22c\", pattern: \"\\d+\" → [a, b, c].",
        TextValues.Required("text", "The text to split."),
        Patterns.Pattern,
        new InputSpec("limit", "At most this many parts, 1 or more; absent = every part.") { LimitTypes = [DataType.Integer] },
        new InputSpec("remove_empty", "Leave out empty parts.") { LimitTypes = [DataType.Boolean], Default = false },
        Patterns.IgnoreCase)
    {
        Returns = [DataType.Array],
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var text = TextValues.Of(context, "text");
        var limit = context.Has("limit") ? (int)TextValues.Bounded(context, "limit", 1, int.MaxValue) : 0;
        var removeEmpty = context.Val("remove_empty").AsBoolean(context.NodeId);
        var parts = Patterns.Run(context, regex => regex.Split(text, limit));
        return DataContainer.Array([.. parts.Where(part => !removeEmpty || part.Length > 0)]);
    }
}
