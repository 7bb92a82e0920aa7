using System.Globalization;
using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Admin;

/// <summary>Puts one failed job, or every failed job the caller may administer, back on its queue.</summary>
public sealed class JobFailedRetry : Processor
{
    /// <summary>The id that means every failed job.</summary>
    public const string All = "all";

    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Failed job retry",
        "Put a failed job back on its queue with its tries renewed and its id kept (Developer or above in its application; " +
        "Administrator for a system job), returning the job; with id 'all', every failed job the caller may administer, " +
        "returning {retried: n}.",
        new InputSpec("job_id", "The job id, or 'all'.") { Min = 1, LimitTypes = [DataType.Integer, DataType.Text] })
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context)
    {
        var jobs = AdminNode.Service<JobAdmin>(context);
        var id = context.Val("job_id").AsText(context.NodeId);
        if (id == All)
        {
            return AdminNode.Result(await jobs.RetryAllAsync(context.Evaluation.Caller, context.CancellationToken).ConfigureAwait(false));
        }
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var jobId) || jobId <= 0)
        {
            throw AdminErrors.Invalid($"'job_id' must be a job id or '{All}'; got '{id}'.");
        }
        return AdminNode.Result(await jobs.RetryAsync(context.Evaluation.Caller, jobId, context.CancellationToken).ConfigureAwait(false));
    }
}
