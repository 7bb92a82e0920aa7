using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Primitive;

/// <summary>A list built from its items.</summary>
public sealed class VarCollection : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Collection",
        "A list of the items, in order. A single node whose value is a list gives its elements; no items give an empty list.",
        new InputSpec("items", "The items of the list.") { Max = InputSpec.Many })
    {
        Returns = [DataType.Array],
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var items = context.Values("items");
        var list = new List<object?>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            list.Add(items[i].ToPlain(context.NodeId));
        }
        return DataContainer.Array(list);
    }
}
