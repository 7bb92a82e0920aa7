using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors.Admin;

/// <summary>The run history of a scheduled task (Developer or above in its application).</summary>
public sealed class TaskHistory : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Task history",
        "The runs of a scheduled task, newest fire time first (Developer or above in its application): {id, scheduled_for, source, " +
        "status (running, succeeded, failed, skipped), started_at, finished_at, duration_ms, status_code, output, error, host}.",
        TaskNode.Tid,
        AdminNode.Number("limit", $"Most runs listed (1 to {TaskAdmin.MaximumHistory}, default 100)."))
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context) => AdminNode.Result(
        await AdminNode.Service<TaskAdmin>(context).HistoryAsync(context.Evaluation.Caller, AdminNode.RequiredId(context, "tid"),
            AdminNode.OptionalId(context, "limit"), context.CancellationToken).ConfigureAwait(false));
}
