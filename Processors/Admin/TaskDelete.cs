using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors.Admin;

/// <summary>Deletes a scheduled task and its history (Developer or above in its application).</summary>
public sealed class TaskDelete : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Task delete",
        "Delete a scheduled task and its run history (Developer or above in its application); no host fires it again. Returns true.",
        TaskNode.Tid)
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context) => AdminNode.Result(
        await AdminNode.Service<TaskAdmin>(context).DeleteAsync(context.Evaluation.Caller, AdminNode.RequiredId(context, "tid"),
            context.CancellationToken).ConfigureAwait(false));
}
