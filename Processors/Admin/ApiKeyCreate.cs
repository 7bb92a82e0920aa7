using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors.Admin;

/// <summary>Creates an API key for an application; the key is shown this once.</summary>
public sealed class ApiKeyCreate : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "API key create",
        "Create an API key for an application (its Application manager, the account's Account manager or an Administrator). " +
        "Returns {kid, appid, name, prefix, role, created_at, revoked_at, key}: the key is shown only this once and only its hash is stored.",
        AdminNode.Id("appid", "The application the key opens.", required: true),
        AdminNode.Text("name", "A label for the key, e.g. the client that uses it.", required: true),
        AdminNode.Text("role", "The role of callers with only this key (one the caller could grant there); absent = the application's api_key_role setting."))
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context) => AdminNode.Result(
        await AdminNode.Service<ApiKeyAdmin>(context).CreateAsync(context.Evaluation.Caller, AdminNode.OptionalId(context, "appid"),
            AdminNode.OptionalText(context, "name"), AdminNode.OptionalText(context, "role"), context.CancellationToken).ConfigureAwait(false));
}
