using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Text;

/// <summary>A text with the matches of a regular expression replaced.</summary>
public sealed class RegexReplace : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Regex replace",
        "Replaces every match of the regular expression (or the first count matches) with replacement, in which $1 or " +
        "${name} stand for a group's text and $$ for a dollar sign. " +
        "Example: text: 2024-05-31, pattern: \"(\\d+)-(\\d+)-(\\d+)\", replacement: \"$3/$2/$1\" → 31/05/2024.",
        TextValues.Required("text", "The text to change."),
        Patterns.Pattern,
        new InputSpec("replacement", "What each match becomes.") { Min = 1, LimitTypes = TextValues.Texts },
        new InputSpec("count", "Replace only the first count matches, 1 or more; absent = every match.") { LimitTypes = [DataType.Integer] },
        Patterns.IgnoreCase)
    {
        Returns = [DataType.Text],
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var text = TextValues.Of(context, "text");
        var replacement = TextValues.Of(context, "replacement");
        var count = context.Has("count") ? (int)TextValues.Bounded(context, "count", 1, int.MaxValue) : -1;
        return DataContainer.Text(Patterns.Run(context, regex => regex.Replace(text, replacement, count)));
    }
}
