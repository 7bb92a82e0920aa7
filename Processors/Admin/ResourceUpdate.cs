using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors.Admin;

/// <summary>Publishes a new version of a resource from a new document.</summary>
public sealed class ResourceUpdate : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Resource update",
        "Validate and publish a new version of a resource from its new document, in one transaction; a refused document " +
        "leaves the previous version serving. Returns the stored resource, with warnings when publishing raised any.",
        AdminNode.Id("resid", "The resource id.", required: true),
        AdminNode.Document)
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller | RequestReads.Body,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context)
    {
        var resid = AdminNode.RequiredId(context, "resid");
        var (text, format, source) = AdminNode.ResourceDocument(context);
        return AdminNode.Result(await AdminNode.Service<ResourceAdmin>(context)
            .UpdateAsync(context.Evaluation.Caller, resid, text, format, source, context.CancellationToken).ConfigureAwait(false));
    }
}
