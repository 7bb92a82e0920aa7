using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Admin;

/// <summary>Reads one var store variable or lists the variables the caller may read, of any application or account.</summary>
public sealed class VarStoreAdminRead : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Var store admin read",
        "Fetch one var store variable ({vid, accid, appid, key, val, updated_at}) or, without vid, every variable the caller " +
        "may read (any role in its application or account), filtered by application, account, key and keyword.",
        AdminNode.Id("vid", "The variable id; absent or undefined for a list."),
        AdminNode.Id("appid", "List only the variables of this application."),
        AdminNode.Id("accid", "List only the variables of this account and of its applications."),
        AdminNode.VariableKey("List only the variables with this key."),
        new InputSpec("keyword", "List only the variables whose key contains this text (case-sensitive).")
        {
            LimitTypes = [DataType.Text, DataType.Undefined],
        })
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context) => AdminNode.Result(
        await AdminNode.Service<VarStoreAdmin>(context).ReadAsync(context.Evaluation.Caller, AdminNode.OptionalId(context, "vid"),
            new VarStoreQuery(AdminNode.OptionalId(context, "appid"), AdminNode.OptionalId(context, "accid"),
                AdminNode.OptionalText(context, "key"), AdminNode.OptionalText(context, "keyword")),
            context.CancellationToken).ConfigureAwait(false));
}
