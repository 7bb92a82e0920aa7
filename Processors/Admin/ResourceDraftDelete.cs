using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors.Admin;

/// <summary>Discards the draft of a resource.</summary>
public sealed class ResourceDraftDelete : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Resource draft delete",
        "Discard the draft of a resource at its current revision (a stale revision is refused, 409); the published version is untouched. Returns true.",
        AdminNode.Id("resid", "The resource id.", required: true),
        AdminNode.Id("revision", "The revision of the draft.", required: true))
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context) => AdminNode.Result(
        await AdminNode.Service<ResourceAdmin>(context).DiscardDraftAsync(context.Evaluation.Caller, AdminNode.RequiredId(context, "resid"),
            AdminNode.RequiredId(context, "revision"), context.CancellationToken).ConfigureAwait(false));
}
