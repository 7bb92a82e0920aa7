using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Primitive;

/// <summary>A boolean value.</summary>
public sealed class VarBool : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Boolean",
        "A boolean value.",
        new InputSpec("value", "The boolean.") { Min = 1, LimitTypes = [DataType.Boolean] })
    {
        Returns = [DataType.Boolean],
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context) => context.Val("value");
}
