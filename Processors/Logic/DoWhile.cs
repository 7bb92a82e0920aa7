using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Logic;

/// <summary>Repeats a body while a comparison holds, bounded by an iteration limit.</summary>
public sealed class DoWhile : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Do while",
        "While lhs operator rhs holds (checked before every pass, as in ApiOpenStudio), evaluates process_loop. "
        + "lhs, rhs and operator are re-evaluated for every check. Returns the value of the last pass (undefined when "
        + "there was none). Stops quietly after max_loops passes; without max_loops, passing the engine's loop limit "
        + "(10,000 by default) is an error.",
        new InputSpec("lhs", "Left-hand side, re-evaluated before every pass.") { Conditional = true },
        new InputSpec("rhs", "Right-hand side, re-evaluated before every pass.") { Conditional = true },
        new InputSpec("operator", "The comparison.")
        {
            Min = 1, LimitTypes = [DataType.Text], LimitValues = Comparison.Operators, Conditional = true,
        },
        new InputSpec("strict", "For == and !=: the types must match as well as the values (false: \"7\" == 7).")
        {
            LimitTypes = [DataType.Boolean], Default = true,
        },
        new InputSpec("process_loop", "The body, evaluated once per pass.") { Min = 1, LiteralAllowed = false, Conditional = true },
        new InputSpec("max_loops", "Most passes; negative = up to the engine's loop limit.")
        {
            LimitTypes = [DataType.Integer], Default = -1L,
        })
    {
        Returns = [DataType.Undefined],
        ReturnsBranches = ["process_loop"],
        Reads = RequestReads.None,
        Conditional = true,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context)
    {
        var strict = context.Val("strict").AsBoolean(context.NodeId);
        var maxLoops = context.Val("max_loops").AsInteger(context.NodeId);
        var body = context.Branch("process_loop")!;
        var result = DataContainer.Undefined;
        for (var pass = 1; await HoldsAsync(context, strict).ConfigureAwait(false); pass++)
        {
            if (maxLoops >= 0 && pass > maxLoops)
            {
                break;
            }
            context.CheckIteration(pass);
            result = await context.EvaluateAsync(body).ConfigureAwait(false);
        }
        return result;
    }

    private static async ValueTask<bool> HoldsAsync(NodeContext context, bool strict)
    {
        var lhs = await context.EvaluateInputAsync("lhs").ConfigureAwait(false);
        var rhs = await context.EvaluateInputAsync("rhs").ConfigureAwait(false);
        var op = await context.EvaluateInputAsync("operator").ConfigureAwait(false);
        return Comparison.Holds(lhs, rhs, op.AsText(), strict, context.NodeId);
    }
}
