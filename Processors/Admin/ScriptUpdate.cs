using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors.Admin;

/// <summary>Changes an event script (Developer or above in its application); each change counts a version.</summary>
public sealed class ScriptUpdate : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Script update",
        "Change an event script (Developer or above in its application): the fields given, the others keep their values; " +
        "the whole script is checked again as on create and its version counts up. Returns the script.",
        [AdminNode.Id("sid", "The script id.", required: true), .. AdminNode.Script(creating: false)])
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context) => AdminNode.Result(
        await AdminNode.Service<ScriptAdmin>(context).UpdateAsync(context.Evaluation.Caller, AdminNode.RequiredId(context, "sid"),
            AdminNode.ScriptInput(context, null), context.CancellationToken).ConfigureAwait(false));
}
