using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors.Admin;

/// <summary>Revokes an API key.</summary>
public sealed class ApiKeyDelete : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "API key delete",
        "Revoke an API key (the application's manager): it stops opening the application at once. Returns true.",
        AdminNode.Id("kid", "The key id.", required: true))
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context) => AdminNode.Result(
        await AdminNode.Service<ApiKeyAdmin>(context).DeleteAsync(context.Evaluation.Caller, AdminNode.RequiredId(context, "kid"),
            context.CancellationToken).ConfigureAwait(false));
}
