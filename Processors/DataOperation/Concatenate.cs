using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.DataOperation;

/// <summary>Joins values into one text.</summary>
public sealed class Concatenate : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Concatenate",
        "Joins the items into one text, in order. Each item is cast to text.",
        new InputSpec("items", "The values to join.") { Min = 2, Max = InputSpec.Many })
    {
        Returns = [DataType.Text],
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var items = context.Values("items");
        var texts = new string[items.Count];
        long length = 0;
        for (var i = 0; i < texts.Length; i++)
        {
            texts[i] = items[i].AsText(context.NodeId);
            length += texts[i].Length;
        }
        // The size is known before joining: a text that cannot fit (a loop doubling it, say) is refused unbuilt.
        context.EnsureFits(ValueSize.OfText(length));
        return DataContainer.Text(string.Concat(texts));
    }
}
