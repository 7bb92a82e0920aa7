using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Logic;

/// <summary>Compares two values and evaluates only the chosen branch.</summary>
public sealed class IfThenElse : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "If then else",
        "Compares lhs with rhs; only the chosen branch (then or else) is evaluated, in place of this node. "
        + "A missing branch gives undefined.",
        new InputSpec("lhs", "Left-hand side of the comparison.") { Min = 1 },
        new InputSpec("rhs", "Right-hand side of the comparison.") { Min = 1 },
        new InputSpec("operator", "The comparison.") { Min = 1, LimitTypes = [DataType.Text], LimitValues = Comparison.Operators },
        new InputSpec("strict", "For == and !=: the types must match as well as the values (false: \"7\" == 7).")
        {
            LimitTypes = [DataType.Boolean], Default = true,
        },
        new InputSpec("then", "Evaluated when the comparison holds.") { Conditional = true },
        new InputSpec("else", "Evaluated when it does not.") { Conditional = true })
    {
        Returns = [],
        ReturnsBranches = ["then", "else"],
        Reads = RequestReads.None,
        Conditional = true,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var holds = Comparison.Holds(context.Val("lhs"), context.Val("rhs"), context.Val("operator").AsText(),
            context.Val("strict").AsBoolean(context.NodeId), context.NodeId);
        return NodeResult.Evaluate(context.Branch(holds ? "then" : "else"));
    }
}
