using ApiStudio.Engine.Http;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using Microsoft.Extensions.DependencyInjection;

namespace ApiStudio.Processors.Endpoint;

/// <summary>Calls another published resource in-process and returns the value of its process.</summary>
public sealed class ResourceCall : Processor
{
    /// <summary>How deep resource calls may nest (a resource that calls itself stops here).</summary>
    public const int MaxDepth = 8;

    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Resource call",
        "Calls another published resource in-process, as a client with this request's headers and caller would: its security " +
        "runs, then its process, whose value is returned (its output section is not applied). The uri is relative to the served " +
        $"application unless account and application name another one. Calls nest at most {MaxDepth} deep (508 beyond).",
        new InputSpec("method", "The HTTP method.") { LimitTypes = [DataType.Text], LimitValues = ["get", "post", "put", "patch", "delete"], Default = "get" },
        new InputSpec("uri", "The uri after the application, URI arguments included (no query string).") { Min = 1, LimitTypes = [DataType.Text] },
        new InputSpec("account", "The account of the resource; default the served account (give application too).") { LimitTypes = [DataType.Text] },
        new InputSpec("application", "The application of the resource; default the served application.") { LimitTypes = [DataType.Text] },
        new InputSpec("query", "Query variables, a map name → value.") { LimitTypes = [DataType.Array] },
        new InputSpec("body", "The body: a map becomes a JSON body whose fields are POST variables; other values are sent as text."))
    {
        Returns = ProcessorDetails.AnyType,
        Reads = RequestReads.AllHeaders | RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context)
    {
        var outer = context.Evaluation;
        if (outer.CallDepth >= MaxDepth)
        {
            throw context.Error($"Resource calls are nested more than {MaxDepth} deep (does a resource call itself?).", ErrorCodes.Core, 508);
        }
        var registry = outer.Services?.GetService<ResourceRegistry>()
            ?? throw context.Error("The resource_call processor needs the host's resource registry.", ErrorCodes.Configuration, 500);
        var scope = outer.Scope ?? throw context.Error("The resource_call processor needs a served application.", ErrorCodes.Configuration, 500);
        var target = ResourceCalls.Target(context, scope);
        var match = registry.Routes.Match(target.Account, target.Application, target.Method, target.Segments);
        if (match.Resource is null || !registry.Applications.TryGetValue(match.Resource.Appid, out var application))
        {
            throw match.AllowedMethods.Count > 0
                ? context.Error($"Method {target} is not allowed; allowed: {string.Join(", ", match.AllowedMethods).ToUpperInvariant()}.", ErrorCodes.InvalidCall, 405)
                : context.Error($"No resource matches {target}.", ErrorCodes.InvalidCall, 404);
        }
        using var inner = new EvaluationContext(ResourceCalls.Request(context, target, match),
            outer.Options with { TimeBudget = outer.RemainingBudget }, outer.Services, outer.Logger, context.CancellationToken)
        {
            Scope = new ResourceScope(application.Accid, application.Appid, application.Account, application.Name),
            Caller = outer.Caller,
            CallDepth = outer.CallDepth + 1,
            Memory = outer.Memory,
        };
        try
        {
            return (await match.Resource.Resource.ExecuteAsync(inner).ConfigureAwait(false)).Value;
        }
        catch (ApiException ex) when (outer.CallDepth == 0)
        {
            // Named once, by the outermost call: nested calls pass their error up unchanged.
            throw new ApiException($"Resource call {target} failed: {ex.Message}", ex.Code, context.NodeId, ex.HttpStatus, ex) { Details = ex.Details };
        }
    }
}
