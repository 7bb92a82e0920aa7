using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors.Admin;

/// <summary>Deletes a custom role and its grants (Administrator only).</summary>
public sealed class RoleDelete : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Role delete",
        "Delete a custom role and its grants (Administrator only; the five built-in roles are fixed). Returns true.",
        AdminNode.Id("rid", "The role id.", required: true))
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context) => AdminNode.Result(
        await AdminNode.Service<RoleAdmin>(context).DeleteAsync(context.Evaluation.Caller, AdminNode.RequiredId(context, "rid"),
            context.CancellationToken).ConfigureAwait(false));
}
