using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Text;

/// <summary>Part of a text, by position and length in characters.</summary>
public sealed class TextSubstring : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Text substring",
        "The part of a text that starts at character start (0 is the first; a negative start counts from the end) and is " +
        "length characters long (absent = to the end). Positions past either end are cut to the text, never an error. " +
        "Example: text: Lovelace, start: 4 → lace; start: -4, length: 2 → la.",
        TextValues.Required("text", "The text to cut."),
        new InputSpec("start", "The first character, from 0; negative = counted from the end (-1 is the last).")
        {
            LimitTypes = [DataType.Integer], Default = 0L,
        },
        new InputSpec("length", "How many characters, 0 or more; absent = to the end.") { LimitTypes = [DataType.Integer] })
    {
        Returns = [DataType.Text],
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var text = TextValues.Of(context, "text");
        var starts = TextValues.CharacterStarts(text);
        long count = starts.Length - 1;
        var start = context.Val("start").AsInteger(context.NodeId);
        var first = global::System.Math.Clamp(start < 0 ? count + start : start, 0, count);
        var last = context.Has("length") ? global::System.Math.Min(count, first + TextValues.Bounded(context, "length", 0, long.MaxValue)) : count;
        return DataContainer.Text(text[starts[first]..starts[last]]);
    }
}
