using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Primitive;

/// <summary>An integer value.</summary>
public sealed class VarInt : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Integer",
        "An integer value.",
        new InputSpec("value", "The integer.") { Min = 1, LimitTypes = [DataType.Integer] })
    {
        Returns = [DataType.Integer],
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context) => context.Val("value");
}
