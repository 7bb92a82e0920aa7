using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors.Logic;

/// <summary>Evaluates a sequence of items in order and returns the last item's value.</summary>
public sealed class Sequential : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Sequential",
        "Evaluates the items of the sequence one after another, in order (for their side effects), and returns "
        + "the value of the last one.",
        new InputSpec("sequence", "The items to evaluate, in order.") { Min = 1, Max = InputSpec.Many, Conditional = true })
    {
        Returns = [],
        ReturnsBranches = ["sequence"],
        Reads = RequestReads.None,
        Conditional = true,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context)
    {
        var items = context.Branches("sequence");
        for (var i = 0; i < items.Count - 1; i++)
        {
            await context.EvaluateAsync(items[i]).ConfigureAwait(false);
        }
        // The last item is evaluated in place of this node, so its value is the result without a nested run.
        return NodeResult.Evaluate(items[^1]);
    }
}
