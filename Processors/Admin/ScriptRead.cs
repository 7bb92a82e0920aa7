using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors.Admin;

/// <summary>Reads one event script or lists the scripts of the applications the caller develops.</summary>
public sealed class ScriptRead : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Script read",
        "Fetch one event script ({sid, appid, name, engine, content, is_active, ...}) or, without sid, the scripts of an " +
        "application, or of every application where the caller is Developer or above.",
        AdminNode.Id("sid", "The script id; absent or undefined for a list."),
        AdminNode.Id("appid", "List only the scripts of this application."))
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context) => AdminNode.Result(
        await AdminNode.Service<ScriptAdmin>(context).ReadAsync(context.Evaluation.Caller, AdminNode.OptionalId(context, "sid"),
            AdminNode.OptionalId(context, "appid"), context.CancellationToken).ConfigureAwait(false));
}
