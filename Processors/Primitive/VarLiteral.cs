using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Primitive;

/// <summary>A literal of any type, optionally cast to a named type.</summary>
public sealed class VarLiteral : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Literal",
        "A literal value of any type (its type is detected), optionally cast to type through the cast matrix.",
        new InputSpec("value", "The value: a scalar, a list or a map.") { Min = 1 },
        new InputSpec("type", "Cast the value to this type; an impossible cast is an error.")
        {
            LimitTypes = [DataType.Text], LimitValues = DataTypeNames.All,
        })
    {
        Returns = [],
        ReturnsTypeOf = "type",
        ReturnsBranches = ["value"],
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var value = context.Val("value");
        var type = context.Val("type");
        return !type.IsUndefined && DataTypeNames.TryParse((string)type.Data!, out var target)
            ? value.CastTo(target, context.NodeId)
            : value;
    }
}
