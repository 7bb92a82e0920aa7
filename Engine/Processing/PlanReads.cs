using ApiStudio.Engine.Values;

namespace ApiStudio.Engine.Processing;

/// <summary>A node whose reads no result-cache key can cover: its resource is never cached.</summary>
/// <param name="NodeId">The node id.</param>
/// <param name="Processor">The processor's machine name.</param>
/// <param name="Reads">What the processor declares it reads.</param>
public sealed record UncacheableNode(string NodeId, string Processor, RequestReads Reads)
{
    /// <summary>Why the node keeps its resource out of the cache, in words.</summary>
    public string Reason =>
        (Reads & RequestReads.Unknown) != 0 ? "does not declare what it reads of the request, so it may read anything"
        : (Reads & RequestReads.Body) != 0 ? "reads the request body"
        : "issues or revokes credentials, an answer that must never be replayed";
}

/// <summary>
/// What the nodes of a prepared resource (security, fragments, process and output) may read of the request, combined:
/// the result cache keys an answer by it. Computed once when the resource is prepared.
/// </summary>
public sealed class PlanReads
{
    /// <summary>Reads the cache key cannot cover: a plan with any of them is never cached.</summary>
    public const RequestReads Uncoverable = RequestReads.Body | RequestReads.Unrepeatable | RequestReads.Unknown;

    private PlanReads(RequestReads reads, string[] headerNames, IReadOnlyList<UncacheableNode> uncacheable)
    {
        Reads = reads;
        HeaderNames = headerNames;
        Uncacheable = uncacheable;
    }

    /// <summary>Every flag any node declares; <see cref="RequestReads.NamedHeaders"/> only when names are listed.</summary>
    public RequestReads Reads { get; }

    /// <summary>The headers read by name, lower-case, sorted and distinct.</summary>
    public string[] HeaderNames { get; }

    /// <summary>The nodes that keep the resource out of the cache, in tree order.</summary>
    public IReadOnlyList<UncacheableNode> Uncacheable { get; }

    /// <summary>True when a cache key can cover everything the plan reads.</summary>
    public bool Cacheable => (Reads & Uncoverable) == 0;

    /// <summary>True when the key must cover the caller.</summary>
    public bool ReadsCaller => (Reads & RequestReads.Caller) != 0;

    /// <summary>True when the key must cover every header.</summary>
    public bool ReadsAllHeaders => (Reads & RequestReads.AllHeaders) != 0;

    /// <summary>The combined reads of the given plan elements (null ones are skipped).</summary>
    public static PlanReads Of(IEnumerable<PlanElement?> roots)
    {
        var walk = new Walk();
        foreach (var root in roots)
        {
            if (root is not null)
            {
                walk.Visit(root);
            }
        }
        var reads = walk.Reads;
        if ((reads & RequestReads.AllHeaders) != 0 || walk.Headers.Count == 0)
        {
            // Every header is in the key already, or no node names one.
            reads &= ~RequestReads.NamedHeaders;
            walk.Headers.Clear();
        }
        var names = walk.Headers.ToArray();
        Array.Sort(names, StringComparer.Ordinal);
        return new PlanReads(reads, names, walk.Uncacheable);
    }

    private sealed class Walk
    {
        public RequestReads Reads { get; private set; }

        public HashSet<string> Headers { get; } = new(StringComparer.Ordinal);

        public List<UncacheableNode> Uncacheable { get; } = [];

        public void Visit(PlanElement element)
        {
            switch (element)
            {
                case NodePlan node:
                    Declare(node);
                    foreach (var input in node.Inputs)
                    {
                        // Conditional inputs (branches) count too: any of them may run.
                        foreach (var child in input.Elements)
                        {
                            Visit(child);
                        }
                    }
                    break;
                case ListPlan list:
                    foreach (var item in list.Items)
                    {
                        Visit(item);
                    }
                    break;
                case MapPlan map:
                    foreach (var value in map.Values)
                    {
                        Visit(value);
                    }
                    break;
            }
        }

        private void Declare(NodePlan node)
        {
            var details = node.Processor.Details;
            var reads = details.Reads;
            if ((reads & RequestReads.NamedHeaders) != 0)
            {
                if (LiteralHeaderName(node, details.HeaderInput) is { } name)
                {
                    Headers.Add(name);
                }
                else
                {
                    reads = (reads & ~RequestReads.NamedHeaders) | RequestReads.AllHeaders;
                }
            }
            if ((reads & Uncoverable) != 0)
            {
                Uncacheable.Add(new UncacheableNode(node.Id, node.Processor.MachineName, reads));
            }
            Reads |= reads;
        }

        /// <summary>The header name written as a literal in the node's header input; null when it is computed.</summary>
        private static string? LiteralHeaderName(NodePlan node, string? inputName)
        {
            var index = inputName is null ? -1 : node.IndexOf(inputName);
            if (index < 0)
            {
                return null;
            }
            var input = node.Inputs[index];
            var literal = input.Given
                ? input.Elements is [LiteralPlan given] ? given.Value : null
                : input.Default;
            return literal is { Type: DataType.Text, Data: string name } ? name.ToLowerInvariant() : null;
        }
    }
}
