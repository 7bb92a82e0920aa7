using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors.Admin;

/// <summary>Creates an account (Administrator only).</summary>
public sealed class AccountCreate : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Account create",
        "Create an account (Administrator only). Returns {accid, name}.",
        AdminNode.Text("name", "The account name: letters, digits, '_', '-' and '.', starting with a letter or digit.", required: true))
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context) => AdminNode.Result(
        await AdminNode.Service<AccountAdmin>(context).CreateAsync(context.Evaluation.Caller, AdminNode.OptionalText(context, "name"),
            context.CancellationToken).ConfigureAwait(false));
}
