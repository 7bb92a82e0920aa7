using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors.Admin;

/// <summary>Reads the draft of a resource.</summary>
public sealed class ResourceDraftRead : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Resource draft read",
        "The draft of a resource with its revision, document and load error (null when it reads); 404 when it has none.",
        AdminNode.Id("resid", "The resource id.", required: true))
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context) => AdminNode.Result(
        await AdminNode.Service<ResourceAdmin>(context).DraftAsync(context.Evaluation.Caller, AdminNode.RequiredId(context, "resid"),
            context.CancellationToken).ConfigureAwait(false));
}
