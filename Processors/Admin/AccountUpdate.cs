using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors.Admin;

/// <summary>Renames an account (Administrator only).</summary>
public sealed class AccountUpdate : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Account update",
        "Rename an account (Administrator only; not the core account, nor one whose applications hold resources). Returns {accid, name}.",
        AdminNode.Id("accid", "The account id.", required: true),
        AdminNode.Text("name", "The new name: letters, digits, '_', '-' and '.', starting with a letter or digit.", required: true))
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context) => AdminNode.Result(
        await AdminNode.Service<AccountAdmin>(context).UpdateAsync(context.Evaluation.Caller, AdminNode.RequiredId(context, "accid"),
            AdminNode.OptionalText(context, "name"), context.CancellationToken).ConfigureAwait(false));
}
