using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors.Admin;

/// <summary>Deletes an account with its applications and resources (Administrator only).</summary>
public sealed class AccountDelete : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Account delete",
        "Delete an account with its applications and their resources (Administrator only; not the core account). Returns true.",
        AdminNode.Id("accid", "The account id.", required: true))
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context) => AdminNode.Result(
        await AdminNode.Service<AccountAdmin>(context).DeleteAsync(context.Evaluation.Caller, AdminNode.RequiredId(context, "accid"),
            context.CancellationToken).ConfigureAwait(false));
}
