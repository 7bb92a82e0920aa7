using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors.Admin;

/// <summary>Imports a resource document (YAML or JSON, ApiOpenStudio documents with appid included).</summary>
public sealed class ResourceImport : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Resource import",
        "Validate and publish a new resource from its YAML or JSON document (a Developer or manager of its application). " +
        "Every validation problem is listed in the 400. Returns the stored resource {resid, appid, account, application, name, ...}, " +
        "with warnings when publishing raised any.",
        AdminNode.Document)
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller | RequestReads.Body,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context)
    {
        var (text, format, source) = AdminNode.ResourceDocument(context);
        return AdminNode.Result(await AdminNode.Service<ResourceAdmin>(context)
            .ImportAsync(context.Evaluation.Caller, text, format, source, context.CancellationToken).ConfigureAwait(false));
    }
}
