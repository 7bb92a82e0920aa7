using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Primitive;

/// <summary>A float value; an integer is widened to a float.</summary>
public sealed class VarFloat : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Float",
        "A float value. An integer is accepted and widened (3 gives 3.0), since YAML writes whole floats as integers.",
        new InputSpec("value", "The number.") { Min = 1, LimitTypes = [DataType.Float, DataType.Integer] })
    {
        Returns = [DataType.Float],
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var value = context.Val("value");
        return value.Type == DataType.Float ? value : DataContainer.Float(value.AsFloat(context.NodeId));
    }
}
