using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors.Admin;

/// <summary>Creates a var store variable of any application or account the caller may change.</summary>
public sealed class VarStoreAdminCreate : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Var store admin create",
        "Create a var store variable of an application (Developer or above there) or of an account (Account manager or " +
        "Administrator), unlike var_store_create which reaches only the served application. Returns {vid, accid, appid, key, val, updated_at}.",
        AdminNode.Id("appid", "The application the variable belongs to (or give accid)."),
        AdminNode.Id("accid", "The account the variable belongs to, shared by its applications (or give appid)."),
        AdminNode.VariableKey("The variable's key, unique within its application or account.", required: true),
        new InputSpec("val", "The value: any type but file and image; absent = null."))
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context) => AdminNode.Result(
        await AdminNode.Service<VarStoreAdmin>(context).CreateAsync(context.Evaluation.Caller,
            new VarStoreInput(AdminNode.OptionalId(context, "appid"), AdminNode.OptionalId(context, "accid"),
                AdminNode.OptionalText(context, "key"), AdminNode.VariableValue(context)),
            context.CancellationToken).ConfigureAwait(false));
}
