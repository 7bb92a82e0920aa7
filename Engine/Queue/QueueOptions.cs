using System.Globalization;
using ApiStudio.Engine.Admin;

namespace ApiStudio.Engine.Queue;

/// <summary>
/// The durable job queue (<c>ApiStudio:Queue</c>): which queues this host works and with how many workers, the
/// defaults of a job, how long a finished job is kept, and the wake-up fallback.
/// </summary>
public sealed class QueueOptions
{
    /// <summary>The queue of a job that names none, and of a worker given none.</summary>
    public const string DefaultQueue = "default";

    /// <summary>Longest queue name.</summary>
    public const int MaxQueueLength = 64;

    /// <summary>
    /// Worker groups of this host, each a list of queues in priority order and a number of workers
    /// (<c>ApiStudio:Queue:Workers:0:Queues=high,default</c>, <c>...:0:Count=2</c>). None configured: two workers on
    /// <c>default</c>. A count of 0 turns a group off on this host (a web-only node).
    /// </summary>
    public List<WorkerGroupOptions> Workers { get; set; } = [];

    /// <summary>Seconds one attempt of a job may run when the job names no timeout.</summary>
    public double TimeoutSeconds { get; set; } = 60;

    /// <summary>
    /// Seconds between a job's timeout (its worker cancels it) and the moment another worker may take it again, when
    /// its worker stopped answering (died). A worker whose job ignores the cancellation keeps the job for itself as
    /// long as it still runs it, so a job never runs twice at once.
    /// </summary>
    public double GraceSeconds { get; set; } = 15;

    /// <summary>
    /// Seconds an idle worker waits before it looks for jobs again when no wake-up signal comes (a job queued by
    /// another process on the same SQLite file, a missed notification). Jobs queued by this host, or by any host on
    /// PostgreSQL, wake a worker at once.
    /// </summary>
    public double PollSeconds { get; set; } = 1;

    /// <summary>Seconds a completed job keeps its status and result before it is removed.</summary>
    public double KeepCompletedSeconds { get; set; } = 24 * 3600;

    /// <summary>Largest payload of a job, in bytes (UTF-8).</summary>
    public int MaxPayloadBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest result a job may keep, in bytes (UTF-8): a bigger one fails the attempt.</summary>
    public int MaxResultBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// PostgreSQL: the workers' own writes (reservations, completions, retries, failures) are committed asynchronously
    /// (<c>synchronous_commit = off</c> on their connections), so a worker does not wait for the disk at every job; a
    /// crash of the database server itself may forget the last fraction of a second of them, and those jobs run again
    /// (at least once; a job whose reservation was forgotten may start again while its worker, if it outlived the
    /// database, still runs it). A job's enqueue is always committed synchronously: an acknowledged job is never lost.
    /// False: every write waits for the disk.
    /// </summary>
    public bool AsyncWorkerCommits { get; set; } = true;

    /// <summary>
    /// Registers the diagnostic kinds <c>diagnostic.echo</c>, <c>diagnostic.sleep</c> and <c>diagnostic.fail</c> (for
    /// checking a deployment and for the fault tests). Off by default.
    /// </summary>
    public bool DiagnosticKinds { get; set; }

    /// <summary>The worker groups that run: the configured ones, or two workers on <c>default</c>.</summary>
    public IReadOnlyList<WorkerGroupOptions> Groups => Workers.Count > 0 ? Workers : [new WorkerGroupOptions()];

    /// <summary>Every queue a worker group of this host names (those with a count of 0 too), in order of first mention.</summary>
    public IReadOnlyList<string> ConfiguredQueues => Groups.SelectMany(g => ParseQueues(g.Queues)).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The default timeout of an attempt.</summary>
    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);

    /// <summary>The grace between a timeout and the reservation's end.</summary>
    public TimeSpan Grace => TimeSpan.FromSeconds(GraceSeconds);

    /// <summary>The fallback poll interval.</summary>
    public TimeSpan Poll => TimeSpan.FromSeconds(PollSeconds);

    /// <summary>True for a well-formed queue name: 1 to 64 letters, digits, '_', '-' or '.', starting with a letter or digit.</summary>
    public static bool IsQueueName(string? name) =>
        name is { Length: > 0 and <= MaxQueueLength } && AdminPatterns.Segment().IsMatch(name);

    /// <summary>The names of a comma-separated queue list, trimmed, empty entries dropped.</summary>
    public static IReadOnlyList<string> ParseQueues(string? list) =>
        (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>What is wrong with these settings (keys named as in configuration), for the start-up check.</summary>
    public IEnumerable<string> Problems()
    {
        for (var i = 0; i < Workers.Count; i++)
        {
            var group = Workers[i];
            var key = string.Create(CultureInfo.InvariantCulture, $"ApiStudio:Queue:Workers:{i}");
            var queues = ParseQueues(group.Queues);
            if (queues.Count == 0)
            {
                yield return $"{key}:Queues must name at least one queue.";
            }
            foreach (var queue in queues.Where(q => !IsQueueName(q)))
            {
                yield return $"{key}:Queues: '{queue}' is not a queue name (letters, digits, '_', '-' and '.', at most {MaxQueueLength}).";
            }
            if (group.Count is < 0 or > 256)
            {
                yield return $"{key}:Count must be between 0 and 256 (it is {group.Count}).";
            }
        }
        foreach (var (value, key) in new[] { (TimeoutSeconds, "TimeoutSeconds"), (GraceSeconds, "GraceSeconds"), (PollSeconds, "PollSeconds") })
        {
            if (!(value > 0))
            {
                yield return $"ApiStudio:Queue:{key} must be greater than 0 (it is {value}).";
            }
        }
        if (KeepCompletedSeconds < 0)
        {
            yield return $"ApiStudio:Queue:KeepCompletedSeconds must be 0 or more (it is {KeepCompletedSeconds}).";
        }
        if (MaxPayloadBytes <= 0 || MaxResultBytes <= 0)
        {
            yield return "ApiStudio:Queue:MaxPayloadBytes and MaxResultBytes must be greater than 0.";
        }
    }
}

/// <summary>Workers that take jobs from the same queues in the same priority order.</summary>
public sealed class WorkerGroupOptions
{
    /// <summary>Queue names separated by commas, highest priority first.</summary>
    public string Queues { get; set; } = QueueOptions.DefaultQueue;

    /// <summary>How many jobs of these queues this host runs at once (0: none).</summary>
    public int Count { get; set; } = 2;
}
