namespace ApiStudio.Engine.Queue;

/// <summary>
/// What to enqueue. <see cref="Kind"/> picks the <see cref="IJobHandler"/>; <see cref="Payload"/> is JSON text the
/// handler reads; <see cref="Appid"/> is the application the job belongs to (admin access is checked against it; null
/// only for system jobs); <see cref="CreatedBy"/> the user (nullable).
/// </summary>
/// <param name="Kind">The handler's kind.</param>
/// <param name="Payload">JSON text the handler reads.</param>
public sealed record JobRequest(string Kind, string Payload)
{
    /// <summary>The named queue (workers take queues in their priority order).</summary>
    public string Queue { get; init; } = "default";

    /// <summary>The application the job belongs to; null only for system jobs.</summary>
    public long? Appid { get; init; }

    /// <summary>The user who caused the job, when known.</summary>
    public long? CreatedBy { get; init; }

    /// <summary>How long the job waits before a worker may take it.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Attempts in all before the job fails.</summary>
    public int Tries { get; init; } = 1;

    /// <summary>Seconds before attempt 2, 3, ...; the last repeats (empty: at once).</summary>
    public IReadOnlyList<int> Backoff { get; init; } = [];

    /// <summary>How long one attempt may run; null: the configured default (<c>ApiStudio:Queue:TimeoutSeconds</c>).</summary>
    public TimeSpan? Timeout { get; init; }
}

/// <summary>Puts jobs on the durable queue.</summary>
public interface IJobQueue
{
    /// <summary>
    /// Stores the job (one INSERT, cheap enough inside a request) and wakes an idle worker; returns the job's id.
    /// </summary>
    Task<long> EnqueueAsync(JobRequest job, CancellationToken cancellationToken = default);
}

/// <summary>The job as its handler sees it.</summary>
/// <param name="Id">The job's id.</param>
/// <param name="Queue">Its queue.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="Payload">The JSON text it was enqueued with.</param>
/// <param name="Attempt">This attempt's number, from 1.</param>
/// <param name="Appid">The application it belongs to (null for a system job).</param>
/// <param name="CreatedBy">The user who caused it, when known.</param>
public sealed record JobContext(long Id, string Queue, string Kind, string Payload, int Attempt, long? Appid, long? CreatedBy);

/// <summary>
/// Runs the jobs of one kind. Registered in DI (<c>services.AddSingleton&lt;IJobHandler, X&gt;()</c>); the worker runs the
/// handler of the job's <see cref="Kind"/>. What it returns (JSON text or null) is kept as the job's result; an
/// exception is the attempt's failure (its message kept).
/// </summary>
public interface IJobHandler
{
    /// <summary>The kind of job this handler runs.</summary>
    string Kind { get; }

    /// <summary>Runs one attempt; the token is cancelled at the job's timeout and when the host stops.</summary>
    Task<string?> RunAsync(JobContext job, CancellationToken cancellationToken);
}
