using System.Collections.Concurrent;
using System.Globalization;
using ApiStudio.Engine.Storage;
using ApiStudio.Engine.Storage.Mappers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ApiStudio.Engine.Scheduling;

/// <summary>What became of one attempt to fire a task.</summary>
public enum ClaimOutcome
{
    /// <summary>This host recorded the fire time as running and runs it.</summary>
    Running,

    /// <summary>This host recorded the fire time as skipped (the previous run still running, or this host full).</summary>
    Skipped,

    /// <summary>Another host recorded that fire time first: it runs it.</summary>
    Taken,

    /// <summary>The task is paused: nothing is recorded.</summary>
    Paused,

    /// <summary>The time is not one of the task's fire times (its schedule changed): nothing is recorded.</summary>
    NotDue,

    /// <summary>The task no longer exists.</summary>
    Gone,
}

/// <summary>The result of firing a task: the outcome, the task as stored, and the run recorded (when one was).</summary>
/// <param name="Outcome">What became of it.</param>
/// <param name="Task">The task, unless it is gone.</param>
/// <param name="Run">The run this host recorded, for <see cref="ClaimOutcome.Running"/> and <see cref="ClaimOutcome.Skipped"/>.</param>
public sealed record TaskClaim(ClaimOutcome Outcome, TaskRow? Task, TaskRunRow? Run);

/// <summary>
/// Fires tasks: decides about one fire time of a task in one transaction, then runs the target and records the end.
/// <para>
/// Cluster-once: every host fires every active task from its own in-memory Quartz trigger, and the run row is the lease
/// of that fire time — <c>(tid, scheduled_for)</c> is unique, the INSERT is <c>ON CONFLICT DO NOTHING</c>, and the
/// host whose INSERT wins runs it; the others see no row come back and do nothing. The decision reads the task row
/// locked (PostgreSQL <c>FOR UPDATE</c>; SQLite transactions begin IMMEDIATE, one writer at a time), so the checks
/// below and the INSERT are one step for all hosts: the stored <c>active</c> flag (a host that missed a pause
/// announcement still never runs a paused task), the current schedule (a stale trigger fires nothing), and — unless
/// the task allows overlap — whether a run of it is still going on any host, in which case the tick is recorded as
/// skipped. A run whose host died stays "running"; once it is older than <see cref="SchedulerOptions.StaleAfter"/> (a
/// live host ends every run by its timeout) the next decision marks it failed as abandoned, so it blocks nothing for
/// ever. Quartz's clustered ADO store was not used: it would add its own tables and locking beside ours, and the run
/// history must live in the database anyway.
/// </para>
/// Runs are bounded by <see cref="SchedulerOptions.RunTimeout"/>: past it the run is recorded as failed and no longer
/// waited for (its work is cancelled). When the host stops, runs still going are cancelled and recorded as failed.
/// </summary>
public sealed partial class TaskRunner : IAsyncDisposable
{
    private readonly Database _database;
    private readonly TaskTargets _targets;
    private readonly IOptions<SchedulerOptions> _options;
    private readonly ILogger<TaskRunner> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<long, Task> _inFlight = new();

    /// <summary>A runner of this host (named after the machine and the host's change-feed origin).</summary>
    public TaskRunner(Database database, TaskTargets targets, ChangeFeed changes, IOptions<SchedulerOptions> options, ILogger<TaskRunner> logger)
    {
        _database = database;
        _targets = targets;
        _options = options;
        _logger = logger;
        Host = $"{Environment.MachineName}/{changes.Origin[..8]}";
    }

    /// <summary>This host's name in the run history.</summary>
    public string Host { get; }

    private SchedulerOptions Settings => _options.Value;

    /// <summary>
    /// Fires <paramref name="scheduledFor"/> of task <paramref name="tid"/>: records it and, when this host won it and
    /// nothing blocks it, starts the run in the background. A fire of the schedule (<see cref="TaskRunSources.Schedule"/>,
    /// <see cref="TaskRunSources.CatchUp"/>) does nothing for a paused task or a time the schedule no longer has; a
    /// manual one runs a paused task too.
    /// </summary>
    public async Task<TaskClaim> FireAsync(long tid, DateTimeOffset scheduledFor, string source, CancellationToken cancellationToken) =>
        Started(await ClaimAsync(tid, scheduledFor, source, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// Fires task <paramref name="tid"/> now by hand and waits for the run to end (the CLI); the finished run, or the
    /// claim when nothing ran.
    /// </summary>
    public async Task<TaskClaim> RunNowAsync(long tid, CancellationToken cancellationToken)
    {
        var claim = await ClaimNowAsync(tid, cancellationToken).ConfigureAwait(false);
        if (claim is not { Outcome: ClaimOutcome.Running, Task: { } task, Run: { } run })
        {
            return claim;
        }
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        await RunAsync(task, run, linked.Token).ConfigureAwait(false);
        var finished = await _database.ReadAsync(db => TaskRunMapper.FindByIdAsync(db, run.Id), CancellationToken.None).ConfigureAwait(false);
        return claim with { Run = finished ?? run };
    }

    /// <summary>
    /// Fires task <paramref name="tid"/> now by hand and starts the run in the background (the admin API's run now).
    /// </summary>
    public async Task<TaskClaim> StartNowAsync(long tid, CancellationToken cancellationToken) =>
        Started(await ClaimNowAsync(tid, cancellationToken).ConfigureAwait(false));

    /// <summary>Cancels the runs still going and waits (briefly) until they are recorded.</summary>
    public async Task StopAsync(TimeSpan wait)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_inFlight.Values).WaitAsync(wait).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            LogStopTimedOut(_logger, _inFlight.Count);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <summary>Starts the run of a claim this host won in the background, tracked until it is recorded.</summary>
    private TaskClaim Started(TaskClaim claim)
    {
        if (claim is { Outcome: ClaimOutcome.Running, Task: { } task, Run: { } run })
        {
            var work = RunAsync(task, run, _stopping.Token);
            _inFlight[run.Id] = work;
            _ = work.ContinueWith(_ => _inFlight.TryRemove(run.Id, out var _), CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        return claim;
    }

    /// <summary>A manual claim at the current millisecond (one later if that one is taken: two clicks in one millisecond).</summary>
    private async Task<TaskClaim> ClaimNowAsync(long tid, CancellationToken cancellationToken)
    {
        var now = Clock.Now();
        for (var attempt = 0; ; attempt++)
        {
            var claim = await ClaimAsync(tid, Clock.ToTime(now + attempt), TaskRunSources.Manual, cancellationToken).ConfigureAwait(false);
            if (claim.Outcome != ClaimOutcome.Taken || attempt >= 10)
            {
                return claim;
            }
        }
    }

    /// <summary>The decision about one fire time, in one transaction on the locked task row (see the class summary).</summary>
    private Task<TaskClaim> ClaimAsync(long tid, DateTimeOffset scheduledFor, string source, CancellationToken cancellationToken)
    {
        var at = scheduledFor.ToUnixTimeMilliseconds();
        var full = _inFlight.Count >= Math.Max(Settings.MaxConcurrentRuns, 1);
        var staleBefore = Clock.Now() - (long)Settings.StaleAfter.TotalMilliseconds;
        return _database.InTransactionAsync(async db =>
        {
            var task = await TaskMapper.LockAsync(db, tid).ConfigureAwait(false);
            if (task is null)
            {
                return new TaskClaim(ClaimOutcome.Gone, null, null);
            }
            if (source != TaskRunSources.Manual)
            {
                if (!task.Active)
                {
                    return new TaskClaim(ClaimOutcome.Paused, task, null);
                }
                if (!FiresAt(task, scheduledFor))
                {
                    return new TaskClaim(ClaimOutcome.NotDue, task, null);
                }
            }
            await TaskRunMapper.AbandonAsync(db, tid, staleBefore).ConfigureAwait(false);
            string? skipped = null;
            if (full)
            {
                skipped = $"This host ({Host}) was already running {_inFlight.Count} tasks (ApiStudio:Scheduler:MaxConcurrentRuns).";
            }
            else if (!task.AllowOverlap && await TaskRunMapper.RunningAsync(db, tid).ConfigureAwait(false) is { } previous)
            {
                skipped = $"The previous run (id {previous.Id}, fired for {Clock.ToTime(previous.ScheduledFor).UtcDateTime.ToString("O", CultureInfo.InvariantCulture)}) " +
                          $"was still running on {previous.Host}, and the task does not allow overlap.";
            }
            var run = await TaskRunMapper.ClaimAsync(db, tid, at, source, skipped is null ? TaskRunStatuses.Running : TaskRunStatuses.Skipped,
                Host, skipped).ConfigureAwait(false);
            return run is null
                ? new TaskClaim(ClaimOutcome.Taken, task, null)
                : new TaskClaim(skipped is null ? ClaimOutcome.Running : ClaimOutcome.Skipped, task, run);
        }, cancellationToken);
    }

    private static bool FiresAt(TaskRow task, DateTimeOffset time)
    {
        var problems = new List<string>();
        return CronSchedule.Parse(task.Cron, task.TimeZone, problems) is { } schedule && schedule.Fires(time);
    }

    /// <summary>Runs the target within the timeout, records the end and trims the history. Never throws.</summary>
    private async Task RunAsync(TaskRow task, TaskRunRow run, CancellationToken stopping)
    {
        var timeout = Settings.RunTimeout;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        limit.CancelAfter(timeout);
        TaskOutcome outcome;
        try
        {
            outcome = await _targets.RunAsync(task, Clock.ToTime(run.ScheduledFor), limit.Token).WaitAsync(timeout, stopping).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException || limit.IsCancellationRequested)
        {
            outcome = TaskOutcome.Failed("Cancelled."); // why is said below
        }
        catch (Processing.ApiException ex)
        {
            outcome = TaskOutcome.Failed(ex.Message, ex.HttpStatus);
        }
        catch (Exception ex)
        {
            LogRunCrashed(_logger, ex, task.Tid, task.Name);
            outcome = TaskOutcome.Failed($"The run failed: {ex.Message}");
        }
        if (stopping.IsCancellationRequested)
        {
            outcome = TaskOutcome.Failed("The host stopped during the run.");
        }
        else if (limit.IsCancellationRequested)
        {
            // Whatever the target answered once its time was up (a request cancelled as if its client left answers
            // anything, even 200 with no body), the run timed out.
            outcome = TaskOutcome.Failed($"Timed out after {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s (ApiStudio:Scheduler:RunTimeoutSeconds).");
        }
        try
        {
            var keep = Settings.KeepRuns;
            var notBefore = Settings.KeepDays > 0 ? Clock.Now() - (long)TimeSpan.FromDays(Settings.KeepDays).TotalMilliseconds : long.MinValue;
            await _database.InTransactionAsync(async db =>
            {
                await TaskRunMapper.FinishAsync(db, run.Id, outcome.Status, outcome.StatusCode, outcome.Output, outcome.Error).ConfigureAwait(false);
                await TaskRunMapper.PruneAsync(db, task.Tid, keep, notBefore).ConfigureAwait(false);
            }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The database went away: the run stays "running" until it is abandoned by the staleness rule.
            LogRecordFailed(_logger, ex, run.Id, task.Tid);
        }
    }

    [LoggerMessage(EventId = 70, Level = LogLevel.Error, Message = "The run of task {Tid} ({Name}) failed unexpectedly")]
    private static partial void LogRunCrashed(ILogger logger, Exception error, long tid, string name);

    [LoggerMessage(EventId = 71, Level = LogLevel.Warning, Message = "The end of run {Run} of task {Tid} could not be recorded")]
    private static partial void LogRecordFailed(ILogger logger, Exception error, long run, long tid);

    [LoggerMessage(EventId = 72, Level = LogLevel.Warning, Message = "{Count} task runs were still going when the host stopped; they are left to the staleness rule")]
    private static partial void LogStopTimedOut(ILogger logger, int count);
}
