using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors.Admin;

/// <summary>Saves the draft of a resource, which is never served.</summary>
public sealed class ResourceDraftSave : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Resource draft save",
        "Save the draft of a resource over the revision it was based on (the draft's revision, else the resource's version); " +
        "the draft may be invalid, even unreadable, and is never served. A stale revision is refused (409). Returns the draft.",
        AdminNode.Id("resid", "The resource id.", required: true),
        AdminNode.Id("revision", "The revision the draft was based on.", required: true),
        AdminNode.Document)
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller | RequestReads.Body,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context)
    {
        var resid = AdminNode.RequiredId(context, "resid");
        var revision = AdminNode.RequiredId(context, "revision");
        var (text, format, _) = AdminNode.ResourceDocument(context);
        return AdminNode.Result(await AdminNode.Service<ResourceAdmin>(context)
            .SaveDraftAsync(context.Evaluation.Caller, resid, text, format, revision, context.CancellationToken).ConfigureAwait(false));
    }
}
