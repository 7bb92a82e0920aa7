using ApiStudio.Engine.Requests;

namespace ApiStudio.Engine.Processing;

/// <summary>
/// A processor that reads one value of the request which may be required (<c>var_get</c>, <c>var_post</c>, …). Before
/// a resource is evaluated, every such node the evaluation is sure to reach is asked about the request
/// (<see cref="RequiredValues"/>), so that a request missing several required values hears of all of them at once —
/// as validation lists every problem of a document — instead of one per attempt.
/// </summary>
public interface IRequestValueReader
{
    /// <summary>
    /// The error message when the node's value is required and missing from <paramref name="request"/>; null when it
    /// is present, when the node lets it be missing, or when only evaluating the node can tell (a computed key).
    /// </summary>
    string? Missing(NodePlan node, ApiRequest request);
}
