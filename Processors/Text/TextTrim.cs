using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Text;

/// <summary>A text without the white space (or the characters given) at its start, its end, or both.</summary>
public sealed class TextTrim : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Text trim",
        "Removes white space, or any of the characters given, from both ends of a text, or from its start or end only. " +
        "Example: text: \"  Ada  \" → Ada; text: 00042, characters: \"0\", side: start → 42.",
        TextValues.Required("text", "The text to trim."),
        new InputSpec("side", "both, start or end.")
        {
            LimitTypes = [DataType.Text], LimitValues = ["both", "start", "end"], Default = "both",
        },
        new InputSpec("characters", "The characters to remove, as one text (each of them is removed); absent = white space.")
        {
            LimitTypes = [DataType.Text],
        })
    {
        Returns = [DataType.Text],
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var text = TextValues.Of(context, "text");
        var characters = context.Val("characters");
        var set = characters.IsUndefined ? null : ((string)characters.Data!).ToCharArray();
        return DataContainer.Text((string)context.Val("side").Data! switch
        {
            "start" => set is null ? text.TrimStart() : text.TrimStart(set),
            "end" => set is null ? text.TrimEnd() : text.TrimEnd(set),
            _ => set is null ? text.Trim() : text.Trim(set),
        });
    }
}
