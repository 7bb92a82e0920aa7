using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors.Admin;

/// <summary>Reads one account or lists the accounts the caller holds a role in.</summary>
public sealed class AccountRead : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Account read",
        "Fetch one account ({accid, name}) or, without accid, every account the caller holds a role in.",
        AdminNode.Id("accid", "The account id; absent or undefined for all."))
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context) => AdminNode.Result(
        await AdminNode.Service<AccountAdmin>(context).ReadAsync(context.Evaluation.Caller, AdminNode.OptionalId(context, "accid"),
            context.CancellationToken).ConfigureAwait(false));
}
