using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors.Admin;

/// <summary>Deletes a resource and its versions; it stops being served at once.</summary>
public sealed class ResourceDelete : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Resource delete",
        "Delete a resource and its versions (a Developer or manager of its application); it stops being served at once. Returns true.",
        AdminNode.Id("resid", "The resource id.", required: true))
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context) => AdminNode.Result(
        await AdminNode.Service<ResourceAdmin>(context).DeleteAsync(context.Evaluation.Caller, AdminNode.RequiredId(context, "resid"),
            context.CancellationToken).ConfigureAwait(false));
}
