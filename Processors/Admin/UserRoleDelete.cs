using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors.Admin;

/// <summary>Revokes a role grant.</summary>
public sealed class UserRoleDelete : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "User role delete",
        "Revoke a grant you could give (never the last Administrator). Returns true.",
        AdminNode.Id("urid", "The grant id.", required: true))
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context) => AdminNode.Result(
        await AdminNode.Service<UserRoleAdmin>(context).DeleteAsync(context.Evaluation.Caller, AdminNode.RequiredId(context, "urid"),
            context.CancellationToken).ConfigureAwait(false));
}
