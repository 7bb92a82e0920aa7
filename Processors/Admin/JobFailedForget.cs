using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors.Admin;

/// <summary>Deletes one failed job.</summary>
public sealed class JobFailedForget : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Failed job forget",
        "Delete a failed job, its failure and its row (Developer or above in its application; Administrator for a system job). " +
        "Returns true.",
        AdminNode.Id("job_id", "The job id.", required: true))
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context) => AdminNode.Result(
        await AdminNode.Service<JobAdmin>(context).ForgetAsync(context.Evaluation.Caller, AdminNode.RequiredId(context, "job_id"),
            context.CancellationToken).ConfigureAwait(false));
}
