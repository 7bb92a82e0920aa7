using ApiStudio.Engine.Http;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Scripting;
using ApiStudio.Engine.Values;
using Microsoft.Extensions.DependencyInjection;

namespace ApiStudio.Processors.Scripting;

/// <summary>
/// Runs an inline script of any engine as a node: DreamFactory's scripted service when it is a resource's whole
/// <c>process</c>. The script sees <c>event</c> (the request), <c>platform</c> and each entry of <c>vars</c> as a
/// variable; the node's value is what it returns, or the <c>event.response</c> content it set (whose
/// <c>status_code</c> becomes the answer's status).
/// </summary>
public sealed class Script : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Script",
        "Runs a script as a node, in javascript (default, sandboxed), csharp, nodejs or python. The script sees event " +
        "(request, resource), platform (api, config, session), console.log and each entry of vars as a variable of its " +
        "own; a top-level return gives the node's value. A script that sets event.response (event.setResponse(content, " +
        "status_code)) answers with that content and status. Throw new NotFoundException('no such order') (or " +
        "RestException(status, message)) for an error answer. Example: {processor: script, id: total, vars: {items: " +
        "{processor: var_post, id: items, key: items}}, code: \"return items.reduce((s, i) => s + i.price, 0);\"}.",
        new InputSpec("engine", "The engine: javascript, csharp, nodejs or python (a literal).")
        {
            LimitTypes = [DataType.Text], LimitValues = [.. ScriptEngines.All], Default = ScriptEngines.JavaScript, NodeAllowed = false,
        },
        new InputSpec("code", "The script (a literal).")
        {
            Min = 1, LimitTypes = [DataType.Text], NodeAllowed = false,
        },
        new InputSpec("vars", "Variables of the script: a map name → value (literals or nodes).") { LimitTypes = [DataType.Array] })
    {
        Returns = ProcessorDetails.AnyType,
        CheckLiterals = CheckCode,
        // A script may read any header, the body and the caller (event.request, platform.session).
        Reads = RequestReads.AllHeaders | RequestReads.Body | RequestReads.Caller,
    };

    /// <summary>
    /// JavaScript code is parsed when the resource is published (a syntax error names the node, the input and the line);
    /// the other engines report theirs when the node first runs.
    /// </summary>
    private static IEnumerable<KeyValuePair<string, string>> CheckCode(IReadOnlyDictionary<string, object?> literals)
    {
        var engine = literals.GetValueOrDefault("engine") as string ?? ScriptEngines.JavaScript;
        if (engine == ScriptEngines.JavaScript && literals.GetValueOrDefault("code") is string code && JavaScriptProgram.Check(code) is { } error)
        {
            yield return KeyValuePair.Create("code", $"Input 'code' is not valid JavaScript: {error}.");
        }
    }

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context)
    {
        var services = context.Evaluation.Services
            ?? throw context.Error("The script processor needs the host's script engines.", ErrorCodes.Configuration, 500);
        var scope = context.Evaluation.Scope
            ?? throw context.Error("The script processor runs only in a served application.", ErrorCodes.Configuration, 500);
        var engineName = (string)context.Val("engine").Data!;
        var code = context.Val("code").AsText(context.NodeId);
        var vars = context.Val("vars");
        if (!vars.IsUndefined && vars.Data is not Map)
        {
            throw context.Error($"Input 'vars' must be a map of variable names to values (node '{context.NodeId}').");
        }
        var scripts = services.GetRequiredService<RequestScripts>();
        var application = services.GetRequiredService<ResourceRegistry>().Applications.GetValueOrDefault(scope.Appid)
            ?? throw context.Error("The application of this resource is gone.", ErrorCodes.InvalidApplication, 404);
        var session = scripts.Begin(application, context.Evaluation);
        var outcome = await scripts.RunAsync(engineName, new ScriptSource(0, 0, context.NodeId, code), session.Event, session,
            context.CancellationToken, vars.Data as Map).ConfigureAwait(false);
        if (outcome.Event.GetValueOrDefault("response") is Map response)
        {
            if (response.GetValueOrDefault("status_code") is long status and >= 100 and <= 599)
            {
                var settings = context.Evaluation.Response ?? new ResponseSettings();
                settings.Status = (int)status;
                context.Evaluation.Response = settings;
            }
            return DataContainer.FromPlain(response.GetValueOrDefault("content"));
        }
        return DataContainer.FromPlain(outcome.Result);
    }
}
