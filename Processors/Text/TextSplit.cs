using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Text;

/// <summary>A text cut into a list of texts at each separator.</summary>
public sealed class TextSplit : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Text split",
        "Cuts a text at each occurrence of separator and returns the list of parts. limit keeps at most that many parts " +
        "(the last holds the rest of the text); trim removes white space around each part; remove_empty drops empty " +
        "parts. Example: text: \"red, green,,blue\", separator: \",\", trim: true, remove_empty: true → [red, green, blue].",
        TextValues.Required("text", "The text to split."),
        TextValues.Required("separator", "The text between parts (not empty)."),
        new InputSpec("limit", "At most this many parts, 1 or more; absent = every part.") { LimitTypes = [DataType.Integer] },
        new InputSpec("trim", "Remove white space around each part.") { LimitTypes = [DataType.Boolean], Default = false },
        new InputSpec("remove_empty", "Leave out empty parts (after trimming).") { LimitTypes = [DataType.Boolean], Default = false })
    {
        Returns = [DataType.Array],
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var text = TextValues.Of(context, "text");
        var separator = TextValues.Of(context, "separator");
        if (separator.Length == 0)
        {
            throw context.Error($"Input 'separator' must not be empty (node '{context.NodeId}').");
        }
        var limit = context.Has("limit") ? (int)TextValues.Bounded(context, "limit", 1, int.MaxValue) : int.MaxValue;
        var options = (context.Val("trim").AsBoolean(context.NodeId) ? StringSplitOptions.TrimEntries : StringSplitOptions.None)
            | (context.Val("remove_empty").AsBoolean(context.NodeId) ? StringSplitOptions.RemoveEmptyEntries : StringSplitOptions.None);
        return DataContainer.Array([.. text.Split(separator, limit, options)]);
    }
}
