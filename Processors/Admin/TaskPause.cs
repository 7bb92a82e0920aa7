using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors.Admin;

/// <summary>Pauses a scheduled task on every host (Developer or above in its application).</summary>
public sealed class TaskPause : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Task pause",
        "Pause a scheduled task (Developer or above in its application): no host fires it until it is resumed; run now still works. " +
        "Returns the task.",
        TaskNode.Tid)
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context) => AdminNode.Result(
        await AdminNode.Service<TaskAdmin>(context).SetActiveAsync(context.Evaluation.Caller, AdminNode.RequiredId(context, "tid"), false,
            context.CancellationToken).ConfigureAwait(false));
}
