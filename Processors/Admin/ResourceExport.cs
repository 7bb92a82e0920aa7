using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Resources;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Admin;

/// <summary>Exports a resource's document as YAML or JSON.</summary>
public sealed class ResourceExport : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Resource export",
        "The document of a resource as YAML (text) or JSON (json): as written when it was stored in that format, else converted.",
        AdminNode.Id("resid", "The resource id.", required: true),
        new InputSpec("format", "The format of the document: yaml or json.")
        {
            LimitTypes = [DataType.Text], LimitValues = ["yaml", "json"], Default = "yaml",
        })
    {
        Returns = [DataType.Json, DataType.Text],
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context)
    {
        // A query variable left out arrives as undefined: the default format then.
        var requested = context.Val("format");
        var format = !requested.IsUndefined && requested.AsText(context.NodeId) == "json" ? DocumentFormat.Json : DocumentFormat.Yaml;
        var text = await AdminNode.Service<ResourceAdmin>(context).ExportAsync(context.Evaluation.Caller,
            AdminNode.RequiredId(context, "resid"), format, context.CancellationToken).ConfigureAwait(false);
        return format == DocumentFormat.Json ? DataContainer.Json(text) : DataContainer.Text(text);
    }
}
