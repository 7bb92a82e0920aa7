using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Logic;

/// <summary>The value of one of the resource's fragments.</summary>
public sealed class Fragment : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Fragment",
        "The value of a fragment declared under the resource's fragments. A fragment is evaluated when first used "
        + "and at most once per request; later uses share its value.",
        new InputSpec("name", "The fragment's name.") { Min = 1, LimitTypes = [DataType.Text], Aliases = ["key"] })
    {
        Returns = ProcessorDetails.AnyType,
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    public override ValueTask<NodeResult> ProcessAsync(NodeContext context)
    {
        var pending = context.Evaluation.FragmentAsync(context.Val("name").AsText(), context.NodeId);
        return pending.IsCompletedSuccessfully ? new ValueTask<NodeResult>(pending.Result) : AwaitAsync(pending);
    }

    private static async ValueTask<NodeResult> AwaitAsync(ValueTask<DataContainer> pending) =>
        await pending.ConfigureAwait(false);
}
