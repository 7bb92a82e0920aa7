using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors.Admin;

/// <summary>Changes a scheduled task (Developer or above in its application).</summary>
public sealed class TaskUpdate : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Task update",
        "Change a scheduled task (Developer or above in its application): the fields given, the others keep their values; giving " +
        "'uri' or 'script' replaces the other target. The whole task is checked again as on create, its run-as user against you. " +
        "Returns the task.",
        [TaskNode.Tid, .. TaskNode.Inputs(creating: false)])
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context) => AdminNode.Result(
        await AdminNode.Service<TaskAdmin>(context).UpdateAsync(context.Evaluation.Caller, AdminNode.RequiredId(context, "tid"),
            TaskNode.Input(context, null), context.CancellationToken).ConfigureAwait(false));
}
