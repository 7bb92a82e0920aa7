using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.SamplePlugin.Text;

/// <summary>A plugin processor: reverses a text.</summary>
public sealed class ReverseText : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Reverse text",
        "Returns the text with its characters in reverse order.",
        new InputSpec("value", "The text to reverse.") { Min = 1, LimitTypes = [DataType.Text] })
    {
        Returns = [DataType.Text],
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var chars = context.Val("value").AsText(context.NodeId).ToCharArray();
        Array.Reverse(chars);
        return DataContainer.Text(new string(chars));
    }
}
