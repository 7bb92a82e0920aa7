using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors.Admin;

/// <summary>Runs a scheduled task now (Developer or above in its application).</summary>
public sealed class TaskRunNow : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Task run now",
        "Run a scheduled task now, paused or not (Developer or above in its application), in the background on this host. Returns " +
        "the run as recorded: {id, status: running, ...}, or skipped when its previous run is still going and it does not allow " +
        "overlap. The end shows in its history.",
        TaskNode.Tid)
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller | RequestReads.Unrepeatable,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context) => AdminNode.Result(
        await AdminNode.Service<TaskAdmin>(context).RunNowAsync(context.Evaluation.Caller, AdminNode.RequiredId(context, "tid"),
            context.CancellationToken).ConfigureAwait(false));
}
