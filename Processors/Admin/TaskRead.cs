using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors.Admin;

/// <summary>Reads one scheduled task or lists the tasks of the applications the caller develops.</summary>
public sealed class TaskRead : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Task read",
        "Fetch one scheduled task ({tid, name, cron, time_zone, ..., next_run, last_status}) or, without tid, the tasks of an " +
        "application, or of every application where the caller is Developer or above.",
        AdminNode.Id("tid", "The task id; absent or undefined for a list."),
        AdminNode.Id("appid", "List only the tasks of this application."))
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context) => AdminNode.Result(
        await AdminNode.Service<TaskAdmin>(context).ReadAsync(context.Evaluation.Caller, AdminNode.OptionalId(context, "tid"),
            AdminNode.OptionalId(context, "appid"), context.CancellationToken).ConfigureAwait(false));
}
