using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors.Admin;

/// <summary>Publishes an earlier version of a resource as its newest version.</summary>
public sealed class ResourceRevert : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Resource revert",
        "Validate and publish the document of an earlier version as the newest version of the resource. Returns the stored resource, " +
        "with warnings when publishing raised any.",
        AdminNode.Id("resid", "The resource id.", required: true),
        AdminNode.Id("version", "The version to bring back.", required: true))
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context) => AdminNode.Result(
        await AdminNode.Service<ResourceAdmin>(context).RevertAsync(context.Evaluation.Caller, AdminNode.RequiredId(context, "resid"),
            AdminNode.RequiredId(context, "version"), context.CancellationToken).ConfigureAwait(false));
}
