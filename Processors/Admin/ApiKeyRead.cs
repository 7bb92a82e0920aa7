using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors.Admin;

/// <summary>Lists the API keys of the applications the caller manages (prefixes only, never the keys).</summary>
public sealed class ApiKeyRead : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "API key read",
        "List the API keys ({kid, appid, name, prefix, role, created_at, revoked_at}) of an application, or of every application " +
        "the caller manages. Never the key or its hash: the prefix tells keys apart.",
        AdminNode.Id("appid", "The application; absent or undefined for every application the caller manages."))
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context) => AdminNode.Result(
        await AdminNode.Service<ApiKeyAdmin>(context).ReadAsync(context.Evaluation.Caller, AdminNode.OptionalId(context, "appid"),
            context.CancellationToken).ConfigureAwait(false));
}
