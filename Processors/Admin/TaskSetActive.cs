using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Admin;

/// <summary>Pauses or resumes a scheduled task on every host (Developer or above in its application).</summary>
public sealed class TaskSetActive : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Task pause or resume",
        "Pause (active false) or resume (active true) a scheduled task (Developer or above in its application): a paused task is " +
        "fired by no host until it is resumed, then it fires again from its next fire time; run now works either way. Returns the task.",
        TaskNode.Tid,
        new InputSpec("active", "False pauses the task, true resumes it.") { Min = 1, LimitTypes = [DataType.Boolean] })
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context) => AdminNode.Result(
        await AdminNode.Service<TaskAdmin>(context).SetActiveAsync(context.Evaluation.Caller, AdminNode.RequiredId(context, "tid"),
            context.Val("active").AsBoolean(context.NodeId), context.CancellationToken).ConfigureAwait(false));
}
