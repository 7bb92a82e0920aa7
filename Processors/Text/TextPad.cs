using System.Text;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Text;

/// <summary>A text padded to a length with a character, at its start, its end or both.</summary>
public sealed class TextPad : Processor
{
    /// <summary>The longest length a text is padded to.</summary>
    public const int MaxLength = 100_000;

    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Text pad",
        $"Adds a character to a text until it is length characters long (0 to {MaxLength}); a longer text is returned " +
        "unchanged. side both centres it (the extra character goes at the end). " +
        "Example: text: 42, length: 5, character: \"0\", side: start → 00042.",
        TextValues.Required("text", "The text to pad (a number is padded as its text)."),
        new InputSpec("length", $"The length to reach, in characters, 0 to {MaxLength}.") { Min = 1, LimitTypes = [DataType.Integer] },
        new InputSpec("character", "The one character to add.") { LimitTypes = [DataType.Text, DataType.Integer], Default = " " },
        new InputSpec("side", "Where to add it: end, start or both.")
        {
            LimitTypes = [DataType.Text], LimitValues = ["end", "start", "both"], Default = "end",
        })
    {
        Returns = [DataType.Text],
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var text = TextValues.Of(context, "text");
        var length = TextValues.Bounded(context, "length", 0, MaxLength);
        var character = context.Val("character").AsText(context.NodeId);
        if (TextValues.Length(character) != 1)
        {
            throw context.Error($"Input 'character' must be exactly one character, got '{character}' (node '{context.NodeId}').");
        }
        var missing = (int)length - TextValues.Length(text);
        if (missing <= 0)
        {
            return DataContainer.Text(text);
        }
        context.EnsureFits(ValueSize.OfText(text.Length + (long)missing * character.Length));
        var side = (string)context.Val("side").Data!;
        var before = side switch { "start" => missing, "both" => missing / 2, _ => 0 };
        var builder = new StringBuilder(text.Length + missing * character.Length);
        builder.Insert(0, character, before);
        builder.Append(text);
        builder.Insert(builder.Length, character, missing - before);
        return DataContainer.Text(builder.ToString());
    }
}
