using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Primitive;

/// <summary>A text value.</summary>
public sealed class VarStr : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Text",
        "A text value.",
        new InputSpec("value", "The text.") { Min = 1, LimitTypes = [DataType.Text] })
    {
        Returns = [DataType.Text],
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context) => context.Val("value");
}
