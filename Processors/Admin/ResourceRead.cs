using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors.Admin;

/// <summary>Reads one resource with its document, or lists the resources the caller may read.</summary>
public sealed class ResourceRead : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Resource read",
        "Fetch one resource with its document, or, without resid, the resources of the applications the caller develops, " +
        "filtered by application, method and uri.",
        AdminNode.Id("resid", "The resource id; absent or undefined for a list."),
        AdminNode.Id("appid", "List only the resources of this application."),
        AdminNode.Text("method", "List only the resources answering this method (get, post, put, patch, delete)."),
        AdminNode.Text("uri", "List only the resources with this uri."))
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context)
    {
        var query = new ResourceQuery(AdminNode.OptionalId(context, "appid"), AdminNode.OptionalText(context, "method"),
            AdminNode.OptionalText(context, "uri"));
        return AdminNode.Result(await AdminNode.Service<ResourceAdmin>(context).ReadAsync(context.Evaluation.Caller,
            AdminNode.OptionalId(context, "resid"), query, context.CancellationToken).ConfigureAwait(false));
    }
}
