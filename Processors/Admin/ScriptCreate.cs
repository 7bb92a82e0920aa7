using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors.Admin;

/// <summary>Creates an event script of an application (Developer or above there).</summary>
public sealed class ScriptCreate : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Script create",
        "Create an event script of an application (Developer or above there). The name is an event of that application, " +
        "the engine must be allowed on this server and must parse or compile the content; every problem is listed at once. " +
        "Returns {sid, appid, name, engine, content, is_active, allow_event_modification, queue, delay, tries, timeout, version, ...}.",
        [AdminNode.Id("appid", "The application the script belongs to.", required: true), .. AdminNode.Script(creating: true)])
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context) => AdminNode.Result(
        await AdminNode.Service<ScriptAdmin>(context).CreateAsync(context.Evaluation.Caller,
            AdminNode.ScriptInput(context, AdminNode.OptionalId(context, "appid")), context.CancellationToken).ConfigureAwait(false));
}
