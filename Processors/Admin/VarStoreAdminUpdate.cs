using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors.Admin;

/// <summary>Replaces the value of a var store variable of any application or account the caller may change.</summary>
public sealed class VarStoreAdminUpdate : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Var store admin update",
        "Replace the value of a var store variable (Developer or above for an application's variable, Account manager or " +
        "Administrator for an account's). Returns {vid, accid, appid, key, val, updated_at}.",
        AdminNode.Id("vid", "The variable id.", required: true),
        new InputSpec("val", "The new value: any type but file and image.") { Min = 1 })
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context) => AdminNode.Result(
        await AdminNode.Service<VarStoreAdmin>(context).UpdateAsync(context.Evaluation.Caller, AdminNode.RequiredId(context, "vid"),
            new VarStoreInput(null, null, null, AdminNode.VariableValue(context)), context.CancellationToken).ConfigureAwait(false));
}
