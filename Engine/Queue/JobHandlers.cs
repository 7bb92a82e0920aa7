using ApiStudio.Engine.Hosting;
using Microsoft.Extensions.Options;

namespace ApiStudio.Engine.Queue;

/// <summary>
/// The handlers registered in DI, by kind (and the diagnostic kinds when <c>ApiStudio:Queue:DiagnosticKinds</c> is on).
/// Two handlers of one kind stop the host at start: which one runs would be a matter of registration order.
/// </summary>
public sealed class JobHandlers
{
    private readonly Dictionary<string, IJobHandler> _byKind = new(StringComparer.Ordinal);

    /// <summary>Indexes the handlers.</summary>
    /// <exception cref="InvalidOperationException">Two handlers share a kind.</exception>
    public JobHandlers(IEnumerable<IJobHandler> handlers, IOptions<ApiStudioOptions> options)
    {
        var all = options.Value.Queue.DiagnosticKinds ? handlers.Concat(DiagnosticJobs.Handlers) : handlers;
        foreach (var handler in all)
        {
            if (!_byKind.TryAdd(handler.Kind, handler))
            {
                throw new InvalidOperationException(
                    $"Two job handlers have the kind '{handler.Kind}': {_byKind[handler.Kind].GetType().FullName} and {handler.GetType().FullName}.");
            }
        }
    }

    /// <summary>The kinds this host can run, sorted.</summary>
    public IReadOnlyList<string> Kinds => [.. _byKind.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The handler of a kind, or null.</summary>
    public IJobHandler? Find(string kind) => _byKind.GetValueOrDefault(kind);
}
