using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors.Admin;

/// <summary>Deletes a var store variable of any application or account the caller may change.</summary>
public sealed class VarStoreAdminDelete : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Var store admin delete",
        "Delete a var store variable (Developer or above for an application's variable, Account manager or Administrator " +
        "for an account's). Returns true.",
        AdminNode.Id("vid", "The variable id.", required: true))
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context) => AdminNode.Result(
        await AdminNode.Service<VarStoreAdmin>(context).DeleteAsync(context.Evaluation.Caller, AdminNode.RequiredId(context, "vid"),
            context.CancellationToken).ConfigureAwait(false));
}
