using System.Globalization;
using System.Text;
using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Hosting;
using ApiStudio.Engine.Storage;
using ApiStudio.Engine.Storage.Mappers;
using Microsoft.Extensions.Options;

namespace ApiStudio.Engine.Queue;

/// <summary>
/// Puts jobs on the durable queue: checks the request (a 400 naming every field that is wrong), stores it with one
/// INSERT, wakes this host's idle workers and announces it to the other hosts (<see cref="JobNotifications"/>).
/// </summary>
public sealed class JobQueue(Database database, JobSignal signal, JobNotifications notifications, IOptions<ApiStudioOptions> options) : IJobQueue
{
    /// <summary>Longest kind name.</summary>
    public const int MaxKindLength = 128;

    /// <summary>Most attempts a job may ask for.</summary>
    public const int MaxTries = 1000;

    /// <summary>Longest delay, backoff step or timeout: a week.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromDays(7);

    /// <inheritdoc />
    public async Task<long> EnqueueAsync(JobRequest job, CancellationToken cancellationToken = default)
    {
        var row = Check(job, options.Value.Queue);
        // One statement, atomic by itself: no transaction around it, so a request pays a single round trip.
        var id = await database.ReadAsync(db => JobMapper.CreateAsync(db, row), cancellationToken).ConfigureAwait(false);
        signal.Pulse();
        notifications.Announce();
        return id;
    }

    /// <summary>The row of a request; HTTP 400 (code 6) listing every problem.</summary>
    public static NewJob Check(JobRequest job, QueueOptions settings)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(job.Kind) || job.Kind.Length > MaxKindLength)
        {
            problems.Add($"'kind' is required and at most {MaxKindLength} characters long.");
        }
        if (!QueueOptions.IsQueueName(job.Queue))
        {
            problems.Add($"'queue' must be 1 to {QueueOptions.MaxQueueLength} letters, digits, '_', '-' or '.', starting with a letter or digit; got '{job.Queue}'.");
        }
        if (job.Payload is null)
        {
            problems.Add("'payload' is required (JSON text).");
        }
        else if (Encoding.UTF8.GetByteCount(job.Payload) > settings.MaxPayloadBytes)
        {
            problems.Add($"'payload' must be at most {settings.MaxPayloadBytes} bytes (ApiStudio:Queue:MaxPayloadBytes).");
        }
        if (job.Delay < TimeSpan.Zero || job.Delay > MaxWait)
        {
            problems.Add("'delay' must be between 0 and 7 days.");
        }
        if (job.Tries is < 1 or > MaxTries)
        {
            problems.Add($"'tries' must be between 1 and {MaxTries}.");
        }
        if (job.Backoff is null || job.Backoff.Count > MaxTries || job.Backoff.Any(s => s < 0 || s > MaxWait.TotalSeconds))
        {
            problems.Add("'backoff' must be a list of 0 to 604800 seconds per attempt.");
        }
        if (job.Timeout is { } timeout && (timeout <= TimeSpan.Zero || timeout > MaxWait))
        {
            problems.Add("'timeout' must be more than 0 and at most 7 days.");
        }
        if (problems.Count > 0)
        {
            throw AdminErrors.Invalid(problems);
        }
        var timeoutMs = (long)Math.Ceiling((job.Timeout ?? settings.Timeout).TotalMilliseconds);
        var now = Clock.Now();
        return new NewJob(job.Queue, job.Kind, job.Payload!, job.Appid, job.CreatedBy, job.Tries, FormatBackoff(job.Backoff!), timeoutMs,
            now, now + (long)Math.Ceiling(job.Delay.TotalMilliseconds));
    }

    /// <summary>Backoff seconds as stored: <c>1,5,30</c>.</summary>
    public static string FormatBackoff(IReadOnlyList<int> seconds) =>
        string.Join(',', seconds.Select(s => s.ToString(CultureInfo.InvariantCulture)));

    /// <summary>
    /// Seconds to wait after failed attempt <paramref name="attempt"/> (from 1) of a job with this stored backoff: the
    /// attempt's entry, the last one past the end, 0 without any.
    /// </summary>
    public static long BackoffSeconds(string backoff, long attempt)
    {
        var steps = backoff.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (steps.Length == 0)
        {
            return 0;
        }
        var index = (int)Math.Clamp(attempt - 1, 0, steps.Length - 1);
        return long.TryParse(steps[index], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? seconds : 0;
    }
}
