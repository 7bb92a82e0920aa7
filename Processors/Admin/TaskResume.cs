using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors.Admin;

/// <summary>Resumes a paused scheduled task on every host (Developer or above in its application).</summary>
public sealed class TaskResume : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Task resume",
        "Resume a paused scheduled task (Developer or above in its application): it fires again from its next fire time. Returns the task.",
        TaskNode.Tid)
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context) => AdminNode.Result(
        await AdminNode.Service<TaskAdmin>(context).SetActiveAsync(context.Evaluation.Caller, AdminNode.RequiredId(context, "tid"), true,
            context.CancellationToken).ConfigureAwait(false));
}
