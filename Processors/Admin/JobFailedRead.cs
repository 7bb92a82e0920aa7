using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors.Admin;

/// <summary>Reads one failed job, or lists the failed jobs of the applications the caller develops.</summary>
public sealed class JobFailedRead : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Failed job read",
        "Fetch one failed job ({id, uuid, queue, kind, appid, payload, attempts, tries, exception, created_at, failed_at}; id is " +
        "the job's) or, without id, the failed jobs of the applications where the caller is Developer or above (all for an " +
        "Administrator), newest first.",
        AdminNode.Id("job_id", "The job id; absent or undefined for a list."),
        AdminNode.Id("appid", "List only the failed jobs of this application."),
        AdminNode.Number("limit", "Most failed jobs listed (default 100, at most 1,000)."),
        AdminNode.Id("before", "List only failures of jobs with a lower id (the next page)."))
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context) => AdminNode.Result(
        await AdminNode.Service<JobAdmin>(context).ReadFailedAsync(context.Evaluation.Caller, AdminNode.OptionalId(context, "job_id"),
            new JobQuery(AdminNode.OptionalId(context, "appid"), Limit: AdminNode.OptionalId(context, "limit"),
                Before: AdminNode.OptionalId(context, "before")), context.CancellationToken)
            .ConfigureAwait(false));
}
