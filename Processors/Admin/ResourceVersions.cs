using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors.Admin;

/// <summary>Lists the stored versions of a resource, or fetches one with its document.</summary>
public sealed class ResourceVersions : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Resource versions",
        "The stored versions of a resource, newest first ({resid, version, format, created_at, created_by}); with version, " +
        "that version and its document.",
        AdminNode.Id("resid", "The resource id.", required: true),
        AdminNode.Id("version", "A version number, to fetch that version with its document."))
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context) => AdminNode.Result(
        await AdminNode.Service<ResourceAdmin>(context).VersionsAsync(context.Evaluation.Caller, AdminNode.RequiredId(context, "resid"),
            AdminNode.OptionalId(context, "version"), context.CancellationToken).ConfigureAwait(false));
}
