using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors.Admin;

/// <summary>Publishes the draft of a resource as its newest version.</summary>
public sealed class ResourcePublish : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Resource publish",
        "Validate the draft of a resource like an import and publish it as the newest version, clearing the draft; refused with " +
        "every error while invalid (the published version keeps serving), 409 when the revision is stale. Returns the stored resource.",
        AdminNode.Id("resid", "The resource id.", required: true),
        AdminNode.Id("revision", "The revision of the draft.", required: true))
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context) => AdminNode.Result(
        await AdminNode.Service<ResourceAdmin>(context).PublishDraftAsync(context.Evaluation.Caller, AdminNode.RequiredId(context, "resid"),
            AdminNode.RequiredId(context, "revision"), context.CancellationToken).ConfigureAwait(false));
}
