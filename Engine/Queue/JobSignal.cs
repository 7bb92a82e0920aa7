namespace ApiStudio.Engine.Queue;

/// <summary>
/// Wakes this host's idle workers when a job may be waiting: a job queued or retried on this host, or a PostgreSQL
/// notification from another host (<see cref="JobNotifications"/>). A worker takes <see cref="Next"/> before it
/// looks for a job, so a job queued while it looks is never missed: the task it then waits on has already completed.
/// </summary>
public sealed class JobSignal
{
    /// <summary>The PostgreSQL channel on which hosts announce queued jobs.</summary>
    public const string Channel = "apistudio_jobs";

    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>This host's name in notifications (its own are not heard twice).</summary>
    public string Origin { get; } = Guid.NewGuid().ToString("N")[..16];

    /// <summary>Completes at the next <see cref="Pulse"/>.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    /// <summary>Wakes every worker waiting on <see cref="Next"/>.</summary>
    public void Pulse() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
