using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Primitive;

/// <summary>A single key/value pair, mainly for the attributes of <c>var_object</c>.</summary>
public sealed class VarField : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Field",
        "A single key/value pair (a map of one entry), mainly an attribute of var_object.",
        new InputSpec("key", "The key (an integer is used as its text).") { Min = 1, LimitTypes = [DataType.Text, DataType.Integer] },
        new InputSpec("value", "The value.") { Min = 1 })
    {
        Returns = [DataType.Array],
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var key = context.Val("key").AsText(context.NodeId);
        return DataContainer.Array(new Map(1) { [key] = context.Val("value").ToPlain(context.NodeId) });
    }
}
