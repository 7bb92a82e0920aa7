using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors.Admin;

/// <summary>Deletes an application with its resources (the account's manager).</summary>
public sealed class ApplicationDelete : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Application delete",
        "Delete an application with its resources (Administrator or the account's Account manager; not the core application). Returns true.",
        AdminNode.Id("appid", "The application id.", required: true))
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context) => AdminNode.Result(
        await AdminNode.Service<ApplicationAdmin>(context).DeleteAsync(context.Evaluation.Caller, AdminNode.RequiredId(context, "appid"),
            context.CancellationToken).ConfigureAwait(false));
}
