using ApiStudio.Engine.Processing;

namespace ApiStudio.Engine.Validation;

/// <summary>
/// Warns when a GET resource asks for caching (<c>ttl &gt; 0</c>) that its plan rules out: one of its nodes reads
/// what no cache key can cover (the body, credentials it issues, or anything an undeclared processor might read).
/// The resource is still published; it is evaluated for every request.
/// </summary>
public static class CacheRules
{
    /// <summary>One warning per node that keeps the resource out of the result cache; none when it is cached or asks for no caching.</summary>
    public static IReadOnlyList<ValidationWarning> Check(PreparedResource resource)
    {
        if (resource.Method != "get" || resource.Document.Ttl is not > 0 || resource.Reads.Cacheable)
        {
            return [];
        }
        return resource.Reads.Uncacheable
            .Select(node => new ValidationWarning(resource.Document.Label, node.NodeId,
                $"not cached (ttl {resource.Document.Ttl} is ignored): {node.Processor} {node.Reason}, which no cache key can cover."))
            .ToList();
    }
}
