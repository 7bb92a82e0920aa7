using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Http;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Admin;

/// <summary>Runs a stored event script once over a sample event, without publishing it (the studio's test-run).</summary>
public sealed class ScriptTestRun : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Script test run",
        "Run an event script once over a sample event (Developer or above in its application), without publishing it " +
        "anywhere; platform.api calls go out as the caller. Returns {status_code, content, content_type, event, logs, " +
        "duration_ms}; a script that throws answers its status with the error envelope as content.",
        AdminNode.Id("sid", "The script id.", required: true),
        new InputSpec("event", "The sample event: request {method, parameters, headers, payload, ...}, response, resource; " +
            "what is missing takes a default.") { LimitTypes = [DataType.Array] })
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller | RequestReads.Unrepeatable,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context)
    {
        var sample = context.Val("event");
        if (!sample.IsUndefined && sample.Data is not Map)
        {
            throw context.Error($"Input 'event' must be a map with request, response and resource (node '{context.NodeId}').");
        }
        return AdminNode.Result(await AdminNode.Service<ScriptAdmin>(context).TestRunAsync(context.Evaluation.Caller,
            AdminNode.RequiredId(context, "sid"), sample.Data as Map, AdminNode.Service<RequestScripts>(context), context.Evaluation,
            context.CancellationToken).ConfigureAwait(false));
    }
}
