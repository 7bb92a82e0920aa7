using ApiStudio.Engine.Resources;
using ApiStudio.Engine.Validation;
using ApiStudio.Engine.Values;

namespace ApiStudio.Engine.Processing;

/// <summary>One entry of a resource's output section: the response itself, or an output processor node.</summary>
public sealed class OutputTarget(NodePlan? node)
{
    /// <summary>The plain <c>response</c> entry.</summary>
    public static readonly OutputTarget Response = new(null);

    /// <summary>The output node, or null for <c>response</c>.</summary>
    public NodePlan? Node { get; } = node;

    /// <summary>True for the <c>response</c> entry.</summary>
    public bool IsResponse => Node is null;
}

/// <summary>The outcome of evaluating a resource: the value of <c>process</c> and the values of output nodes.</summary>
/// <param name="Value">The value of <c>process</c>.</param>
/// <param name="Outputs">The formatted value of each output node, in order (response entries excluded).</param>
public sealed record ResourceResult(DataContainer Value, IReadOnlyList<DataContainer> Outputs)
{
    /// <summary>The status and headers the tree set for the answer (<c>response</c> nodes), or null.</summary>
    public ResponseSettings? Response { get; init; }
}

/// <summary>
/// A validated resource prepared for evaluation: built once when published, evaluated for every request.
/// </summary>
public sealed class PreparedResource(
    ResourceDocument document,
    string account,
    string application,
    string method,
    string uri,
    PlanElement? security,
    IReadOnlyDictionary<string, PlanElement> fragments,
    PlanElement process,
    IReadOnlyList<OutputTarget> outputs)
{
    /// <summary>The document it was prepared from.</summary>
    public ResourceDocument Document { get; } = document;

    /// <summary>Account name.</summary>
    public string Account { get; } = account;

    /// <summary>Application name.</summary>
    public string Application { get; } = application;

    /// <summary>Lower-case HTTP method.</summary>
    public string Method { get; } = method;

    /// <summary>The uri (no leading slash).</summary>
    public string Uri { get; } = uri;

    /// <summary>The security tree, or null for a public resource.</summary>
    public PlanElement? Security { get; } = security;

    /// <summary>Fragments by name.</summary>
    public IReadOnlyDictionary<string, PlanElement> Fragments { get; } = fragments;

    /// <summary>The process tree.</summary>
    public PlanElement Process { get; } = process;

    /// <summary>The output section.</summary>
    public IReadOnlyList<OutputTarget> Outputs { get; } = outputs;

    /// <summary>The request values <c>process</c> surely reads, checked together before it runs.</summary>
    public RequiredValues RequiredValues { get; } = RequiredValues.Of(process, fragments);

    /// <summary>What the whole plan may read of the request and its caller: the result cache keys answers by it.</summary>
    public PlanReads Reads { get; } = PlanReads.Of(
        new[] { security, process }.Concat(fragments.Values).Concat(outputs.Select(output => (PlanElement?)output.Node)));

    /// <summary>What does not block publishing but works otherwise than written (a ttl that caches nothing).</summary>
    public IReadOnlyList<ValidationWarning> Warnings => CacheRules.Check(this);

    /// <summary>
    /// Evaluates security (a false or failing security node denies: fail closed), then <c>process</c>, then the output
    /// nodes, within one request's context.
    /// </summary>
    public async ValueTask<ResourceResult> ExecuteAsync(EvaluationContext context)
    {
        await AuthorizeAsync(context).ConfigureAwait(false);
        return await EvaluateAsync(context).ConfigureAwait(false);
    }

    /// <summary>
    /// Checks the request values <c>process</c> requires (all missing ones in one error), then evaluates <c>process</c>,
    /// then the output nodes, without security: for a host that has already run <see cref="AuthorizeAsync"/> (it looks
    /// up its result cache between the two).
    /// </summary>
    public async ValueTask<ResourceResult> EvaluateAsync(EvaluationContext context)
    {
        context.Fragments = Fragments;
        RequiredValues.Check(context);
        var value = await TreeParser.EvaluateAsync(Process, context).ConfigureAwait(false);
        context.Result = value;
        if (Outputs.Count == 1 && Outputs[0].IsResponse)
        {
            return new ResourceResult(value, []) { Response = context.Response };
        }
        var formatted = new List<DataContainer>();
        foreach (var output in Outputs)
        {
            if (output.Node is { } node)
            {
                formatted.Add(await TreeParser.EvaluateAsync(node, context).ConfigureAwait(false));
            }
        }
        return new ResourceResult(value, formatted) { Response = context.Response };
    }

    /// <summary>Evaluates the security node; anything but a true value (or a node that throws) denies access.</summary>
    public async ValueTask AuthorizeAsync(EvaluationContext context)
    {
        if (Security is null)
        {
            return;
        }
        context.Fragments = Fragments;
        var verdict = await TreeParser.EvaluateAsync(Security, context).ConfigureAwait(false);
        if (verdict.Type == DataType.Boolean && (bool)verdict.Data!)
        {
            return;
        }
        throw new ApiException("Access denied.", ErrorCodes.Authentication,
            (Security as NodePlan)?.Id, 403);
    }
}
