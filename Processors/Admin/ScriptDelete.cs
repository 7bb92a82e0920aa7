using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors.Admin;

/// <summary>Deletes an event script (Developer or above in its application).</summary>
public sealed class ScriptDelete : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Script delete",
        "Delete an event script (Developer or above in its application). Returns true.",
        AdminNode.Id("sid", "The script id.", required: true))
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context) => AdminNode.Result(
        await AdminNode.Service<ScriptAdmin>(context).DeleteAsync(context.Evaluation.Caller, AdminNode.RequiredId(context, "sid"),
            context.CancellationToken).ConfigureAwait(false));
}
