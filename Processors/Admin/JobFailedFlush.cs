using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors.Admin;

/// <summary>Deletes every failed job the caller may administer.</summary>
public sealed class JobFailedFlush : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Failed job flush",
        "Delete every failed job of the applications where the caller is Developer or above (all failed jobs, system jobs " +
        "included, for an Administrator). Returns {deleted: n}.")
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context) => AdminNode.Result(
        await AdminNode.Service<JobAdmin>(context).FlushAsync(context.Evaluation.Caller, context.CancellationToken).ConfigureAwait(false));
}
