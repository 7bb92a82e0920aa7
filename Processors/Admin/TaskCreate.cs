using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors.Admin;

/// <summary>Creates a scheduled task of an application (Developer or above there).</summary>
public sealed class TaskCreate : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Task create",
        "Create a scheduled task of an application (Developer or above there): a cron expression in a time zone and one target, " +
        "a published resource of the application or one of its scripts, run as you or a user whose every role you may grant. " +
        "Every problem is listed at once. Returns {tid, name, cron, time_zone, ..., next_run, next_run_at}.",
        [AdminNode.Id("appid", "The application the task belongs to.", required: true), .. TaskNode.Inputs(creating: true)])
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context) => AdminNode.Result(
        await AdminNode.Service<TaskAdmin>(context).CreateAsync(context.Evaluation.Caller,
            TaskNode.Input(context, AdminNode.OptionalId(context, "appid")), context.CancellationToken).ConfigureAwait(false));
}
