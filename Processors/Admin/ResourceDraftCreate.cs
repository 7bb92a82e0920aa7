using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors.Admin;

/// <summary>Creates a resource that exists only as a draft, never served until published.</summary>
public sealed class ResourceDraftCreate : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Resource draft create",
        "Create a new resource as a draft only (revision 1): it may be invalid, even unreadable, is listed with status 'draft' " +
        "and is never served until published. It belongs to the application given by account and application, else to the one " +
        "the document names; both must agree when both are given. Returns the draft.",
        AdminNode.Document,
        AdminNode.Text("account", "The account of the application the draft belongs to (with 'application'); default: the document's."),
        AdminNode.Text("application", "The application the draft belongs to (with 'account'); default: the document's."))
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller | RequestReads.Body,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context)
    {
        var (text, format, _) = AdminNode.ResourceDocument(context);
        return AdminNode.Result(await AdminNode.Service<ResourceAdmin>(context).CreateDraftAsync(context.Evaluation.Caller, text, format,
            AdminNode.OptionalText(context, "account"), AdminNode.OptionalText(context, "application"), context.CancellationToken)
            .ConfigureAwait(false));
    }
}
