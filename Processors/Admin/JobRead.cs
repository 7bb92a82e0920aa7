using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors.Admin;

/// <summary>Reads one queued job, or lists the jobs of the applications the caller develops.</summary>
public sealed class JobRead : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Job read",
        "Fetch one job ({id, queue, status, attempts, result, error, created_at, started_at, finished_at, kind, appid, tries}) " +
        "or, without id, the jobs of the applications where the caller is Developer or above (all jobs for an Administrator), " +
        "newest first, filtered by application, queue and status, a page at a time.",
        AdminNode.Id("job_id", "The job id; absent or undefined for a list."),
        AdminNode.Id("appid", "List only the jobs of this application."),
        AdminNode.Text("queue", "List only the jobs of this queue."),
        AdminNode.Text("status", "List only jobs with this status: queued, running, completed or failed."),
        AdminNode.Number("limit", "Most jobs listed (default 100, at most 1,000)."),
        AdminNode.Id("before", "List only jobs with a lower id (the next page: the last id of the previous one)."))
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context) => AdminNode.Result(
        await AdminNode.Service<JobAdmin>(context).ReadAsync(context.Evaluation.Caller, AdminNode.OptionalId(context, "job_id"),
            AdminNode.JobQuery(context), context.CancellationToken).ConfigureAwait(false));
}
