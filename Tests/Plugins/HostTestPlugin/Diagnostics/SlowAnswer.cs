using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.HostTestPlugin.Diagnostics;

/// <summary>Waits, then answers how long it waited: a resource that takes its time (overlapping runs, timeouts).</summary>
public sealed class SlowAnswer : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Slow answer",
        "Waits the given milliseconds (the request's cancellation ends the wait) and returns them.",
        new InputSpec("ms", "Milliseconds to wait.") { Min = 1, LimitTypes = [DataType.Integer] })
    {
        Returns = [DataType.Integer],
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context)
    {
        var ms = context.Val("ms").AsInteger(context.NodeId);
        await Task.Delay(TimeSpan.FromMilliseconds(ms), context.CancellationToken).ConfigureAwait(false);
        return DataContainer.Integer(ms);
    }
}
