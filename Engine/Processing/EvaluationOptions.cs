namespace ApiStudio.Engine.Processing;

/// <summary>Limits and switches for evaluating one request.</summary>
public sealed record EvaluationOptions
{
    /// <summary>The defaults: 10,000 loop iterations, 30 s and 64 MiB per request, no trace.</summary>
    public static readonly EvaluationOptions Default = new();

    /// <summary>Most iterations any one loop may run (<c>do_while</c>, <c>for_each_item</c>, <c>map</c>, <c>filter</c>).</summary>
    public int MaxLoopIterations { get; init; } = 10_000;

    /// <summary>Time budget of the whole request.</summary>
    public TimeSpan TimeBudget { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Memory budget of the whole request, in bytes: the estimated size of the values its nodes build (nested
    /// <c>resource_call</c>s share it). Exceeding it ends the request with a code-0 error (HTTP 507).
    /// </summary>
    public long MemoryBudgetBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Record a per-node trace.</summary>
    public bool Trace { get; init; }

    /// <summary>Longest value text kept in a trace entry.</summary>
    public int TraceValueLength { get; init; } = 256;
}
