using System.Text;
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
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var items = context.Values("items");
        var builder = new StringBuilder();
        for (var i = 0; i < items.Count; i++)
        {
            builder.Append(items[i].AsText(context.NodeId));
        }
        return DataContainer.Text(builder.ToString());
    }
}
