using System.Text;
using ApiStudio.Engine.Hosting;
using ApiStudio.Engine.Storage;
using ApiStudio.Engine.Storage.Mappers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ApiStudio.Engine.Queue;

/// <summary>How one worker works: its queues in priority order, and what the command line overrides.</summary>
/// <param name="Queues">Queue names, highest priority first.</param>
public sealed record WorkerSettings(IReadOnlyList<string> Queues)
{
    /// <summary>Attempts of every job this worker runs, instead of the job's own tries.</summary>
    public int? Tries { get; init; }

    /// <summary>How long an attempt may run on this worker, instead of the job's own timeout.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>The fallback poll interval, instead of <c>ApiStudio:Queue:PollSeconds</c>.</summary>
    public TimeSpan? Poll { get; init; }
}

/// <summary>What became of one attempt.</summary>
public enum JobOutcome
{
    /// <summary>The handler returned; the job is completed with its result.</summary>
    Completed,

    /// <summary>The attempt failed; the job waits for its next attempt.</summary>
    Retrying,

    /// <summary>The last attempt failed; the job is in <c>failed_jobs</c>.</summary>
    Failed,

    /// <summary>The host stopped and the handler gave up: the job is back on its queue, the attempt not counted.</summary>
    Released,

    /// <summary>The worker no longer held the job when it finished (another worker took it over): nothing was recorded.</summary>
    Lost,
}

/// <summary>
/// Runs jobs: reserves the next one of a worker's queues, runs its handler under its timeout and records the outcome
/// (completed, retried after its backoff, or failed into <c>failed_jobs</c>). The host's workers and the CLI's
/// <c>queue:work</c> both work through it.
/// </summary>
/// <remarks>
/// A job is never run twice at once. Its reservation lasts until <c>timeout + grace</c> after it was taken; the worker
/// cancels the handler at the timeout, and if the handler is still running halfway through the grace the worker
/// extends the reservation (again and again) until the handler really returns. So another worker can take a job only
/// when its holder stopped extending it: the holder's host died, or lost the database for longer than the grace.
/// </remarks>
public sealed partial class JobRunner(Database database, JobHandlers handlers, JobSignal signal, IOptions<ApiStudioOptions> options,
    ILogger<JobRunner> logger)
{
    /// <summary>Longest error message kept on a job.</summary>
    public const int MaxErrorLength = 4000;

    /// <summary>Longest exception text kept in <c>failed_jobs</c>.</summary>
    public const int MaxExceptionLength = 64 * 1024;

    // Shortest idle wait: when a due job could not be taken (another worker was taking it), look again soon, not at once.
    private static readonly TimeSpan MinimumWait = TimeSpan.FromMilliseconds(5);

    private QueueOptions Settings => options.Value.Queue;

    /// <summary>
    /// Works until <paramref name="stopTaking"/>: takes jobs while there are any, otherwise waits for the wake-up
    /// signal, the next delayed job or the poll interval. <paramref name="abort"/> cancels the running handler (the
    /// host's shutdown deadline); a job whose handler then gives up is released. <paramref name="ran"/> hears of each
    /// attempt's outcome and duration.
    /// </summary>
    public async Task WorkAsync(string worker, WorkerSettings settings, CancellationToken stopTaking, CancellationToken abort,
        Action<JobRow, JobOutcome, TimeSpan>? ran = null)
    {
        var failures = 0;
        JobRow? next = null;
        while (!stopTaking.IsCancellationRequested)
        {
            // Taken before looking: a job queued while this worker looks completes it, so the wait below ends at once.
            var wake = signal.Next;
            TimeSpan wait;
            try
            {
                var job = next ?? await ReserveAsync(worker, settings).ConfigureAwait(false);
                next = null;
                if (job is not null)
                {
                    next = await RunReportedAsync(worker, settings, job, abort, stopTaking, ran).ConfigureAwait(false);
                    failures = 0;
                    continue;
                }
                wait = await IdleWaitAsync(settings).ConfigureAwait(false);
                failures = 0;
            }
            catch (Exception ex)
            {
                // The database is away, say: the worker keeps trying, less often the longer it lasts.
                failures++;
                wait = TimeSpan.FromSeconds(Math.Min(30, failures));
                LogWorkerFailed(logger, worker, ex.Message, wait.TotalSeconds);
            }
            try
            {
                // Its timer goes away as soon as the wake-up comes (no pending delay per wake-up).
                await wake.WaitAsync(wait, stopTaking).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Time to look again.
            }
            catch (OperationCanceledException)
            {
                // Stopping.
            }
        }
        if (next is not null)
        {
            // Taken with the last completion just as the worker was told to stop: back on its queue, not counted.
            var held = new JobReservation(next.Id, worker, next.Attempts);
            await RecordAsync(held, "release", db => JobMapper.ReleaseAsync(db, held), JobOutcome.Released).ConfigureAwait(false);
        }
    }

    /// <summary>Takes and runs one job if one is due; false when none was.</summary>
    public async Task<bool> RunOnceAsync(string worker, WorkerSettings settings, CancellationToken abort,
        Action<JobRow, JobOutcome, TimeSpan>? ran = null)
    {
        if (await ReserveAsync(worker, settings).ConfigureAwait(false) is not { } job)
        {
            return false;
        }
        await RunReportedAsync(worker, settings, job, abort, new CancellationToken(canceled: true), ran).ConfigureAwait(false);
        return true;
    }

    /// <summary>Runs a reserved job, reports it, and answers the worker's next job when it took one with the completion.</summary>
    private async Task<JobRow?> RunReportedAsync(string worker, WorkerSettings settings, JobRow job, CancellationToken abort,
        CancellationToken stopTaking, Action<JobRow, JobOutcome, TimeSpan>? ran)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (outcome, next) = await RunAsync(worker, settings, job, abort, stopTaking).ConfigureAwait(false);
        ran?.Invoke(job, outcome, clock.Elapsed);
        return next;
    }

    /// <summary>Reserves the next due job of the worker's queues, the first queue first; null when none is due.</summary>
    public Task<JobRow?> ReserveAsync(string worker, WorkerSettings settings)
    {
        var now = Clock.Now();
        var timeoutMs = TimeoutMs(settings);
        var graceMs = Milliseconds(Settings.Grace);
        // Never cancelled halfway: a reservation the database made but the worker did not see would sit until it lapsed.
        return database.ReadAsync(async db =>
        {
            foreach (var queue in settings.Queues)
            {
                if (await JobMapper.ReserveAsync(db, queue, worker, now, timeoutMs, graceMs).ConfigureAwait(false) is { } job)
                {
                    return job;
                }
            }
            return null;
        }, CancellationToken.None);
    }

    /// <summary>How long an idle worker waits: until the next delayed job of its queues is due, at most the poll interval.</summary>
    public async Task<TimeSpan> IdleWaitAsync(WorkerSettings settings)
    {
        var poll = settings.Poll ?? Settings.Poll;
        if (await NextDueAsync(settings).ConfigureAwait(false) is not { } at)
        {
            return poll;
        }
        var wait = TimeSpan.FromMilliseconds(at - Clock.Now());
        return wait < MinimumWait ? MinimumWait : wait > poll ? poll : wait;
    }

    /// <summary>When the first job of the worker's queues is due (epoch ms, perhaps past), or null when they hold none.</summary>
    public Task<long?> NextDueAsync(WorkerSettings settings) => database.ReadAsync(async db =>
    {
        long? earliest = null;
        foreach (var queue in settings.Queues)
        {
            if (await JobMapper.NextDueAsync(db, queue).ConfigureAwait(false) is { } due && (earliest is null || due < earliest))
            {
                earliest = due;
            }
        }
        return earliest;
    }, CancellationToken.None);

    /// <summary>Runs a reserved job's attempt and records its outcome.</summary>
    public async Task<JobOutcome> RunAsync(string worker, WorkerSettings settings, JobRow job, CancellationToken abort) =>
        (await RunAsync(worker, settings, job, abort, new CancellationToken(canceled: true)).ConfigureAwait(false)).Outcome;

    /// <summary>
    /// Runs a reserved job's attempt and records its outcome; a completion also takes the worker's next job of its first
    /// queue in the same round trip, unless <paramref name="stopTaking"/>.
    /// </summary>
    private async Task<(JobOutcome Outcome, JobRow? Next)> RunAsync(string worker, WorkerSettings settings, JobRow job, CancellationToken abort,
        CancellationToken stopTaking)
    {
        var held = new JobReservation(job.Id, worker, job.Attempts);
        var tries = settings.Tries ?? job.Tries;
        if (job.Attempts > tries)
        {
            // Taken back from a worker that stopped answering during the last attempt allowed: that attempt counted.
            var abandoned = $"No tries are left ({tries} allowed): attempt {job.Attempts - 1} was abandoned by a worker that stopped before it finished.";
            return (await FailedAttemptAsync(held, job, tries, abandoned, abandoned).ConfigureAwait(false), null);
        }
        if (handlers.Find(job.Kind) is not { } handler)
        {
            var known = handlers.Kinds.Count == 0 ? "none" : string.Join(", ", handlers.Kinds);
            var unknown = $"No handler for job kind '{job.Kind}' on this host (kinds here: {known}).";
            return (await FailedAttemptAsync(held, job, tries, unknown, unknown).ConfigureAwait(false), null);
        }
        var timeout = settings.Timeout ?? TimeSpan.FromMilliseconds(job.TimeoutMs);
        using var timer = new CancellationTokenSource(timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, abort);
        var context = new JobContext(job.Id, job.Queue, job.Kind, job.Payload, (int)job.Attempts, job.Appid, job.CreatedBy);
        // On the thread pool: a handler that blocks never holds up this worker's clock or its reservation. Whether the
        // timeout had passed is read the moment the handler ends, not when this worker gets to look.
        var run = Task.Run(async () =>
        {
            try
            {
                var returned = await handler.RunAsync(context, linked.Token).ConfigureAwait(false);
                return new Attempt(returned, null, timer.IsCancellationRequested);
            }
            catch (Exception ex)
            {
                return new Attempt(null, ex, timer.IsCancellationRequested);
            }
        }, CancellationToken.None);
        await HoldAsync(held, run, timeout).ConfigureAwait(false);
        var (result, error, late) = await run.ConfigureAwait(false);
        if (late)
        {
            var message = $"Timed out after {timeout.TotalSeconds:0.###} s (attempt {job.Attempts} of {tries}).";
            return (await FailedAttemptAsync(held, job, tries, message, error is null ? message : message + "\n" + error).ConfigureAwait(false), null);
        }
        if (error is not null)
        {
            if (abort.IsCancellationRequested)
            {
                return (await RecordAsync(held, "release", db => JobMapper.ReleaseAsync(db, held), JobOutcome.Released).ConfigureAwait(false), null);
            }
            return (await FailedAttemptAsync(held, job, tries, error.Message, error.ToString()).ConfigureAwait(false), null);
        }
        if (result is not null && Encoding.UTF8.GetByteCount(result) > Settings.MaxResultBytes)
        {
            var tooBig = $"The result is over {Settings.MaxResultBytes} bytes (ApiStudio:Queue:MaxResultBytes).";
            return (await FailedAttemptAsync(held, job, tries, tooBig, tooBig).ConfigureAwait(false), null);
        }
        if (stopTaking.IsCancellationRequested)
        {
            return (await RecordAsync(held, "complete", db => JobMapper.CompleteAsync(db, held, result), JobOutcome.Completed).ConfigureAwait(false), null);
        }
        try
        {
            var (completed, next) = await database.ReadAsync(db => JobMapper.CompleteAndReserveAsync(db, held, result, settings.Queues[0],
                TimeoutMs(settings), Milliseconds(Settings.Grace)), CancellationToken.None).ConfigureAwait(false);
            if (!completed)
            {
                LogLost(logger, held.Id, held.Worker);
            }
            return (completed ? JobOutcome.Completed : JobOutcome.Lost, next);
        }
        catch (Exception ex)
        {
            LogRecordFailed(logger, "complete", held.Id, ex.Message);
            return (JobOutcome.Lost, null);
        }
    }

    /// <summary>
    /// Waits for the handler; past its timeout and halfway through the grace, extends the reservation each half grace
    /// until it returns — it may ignore its cancellation, and must not be started by another worker meanwhile.
    /// </summary>
    private async Task HoldAsync(JobReservation held, Task<Attempt> run, TimeSpan timeout)
    {
        var halfGrace = Settings.Grace / 2;
        var wait = timeout + halfGrace;
        var warned = false;
        while (true)
        {
            try
            {
                await run.WaitAsync(wait).ConfigureAwait(false);
                return;
            }
            catch (TimeoutException)
            {
                // Still running.
            }
            if (!warned)
            {
                LogIgnoresCancellation(logger, held.Id, timeout.TotalSeconds);
                warned = true;
            }
            try
            {
                if (!await database.ReadAsync(db => JobMapper.ExtendAsync(db, held, Clock.Now() + Milliseconds(Settings.Grace)),
                        CancellationToken.None).ConfigureAwait(false))
                {
                    LogLost(logger, held.Id, held.Worker);
                    await run.ConfigureAwait(false);
                    return;
                }
            }
            catch (Exception ex)
            {
                // The database is away: try again at the next half grace (the handler is still this worker's to wait for).
                LogRecordFailed(logger, "extend the reservation of", held.Id, ex.Message);
            }
            wait = halfGrace;
        }
    }

    /// <summary>A failed attempt: retried after its backoff while tries are left, else failed for good.</summary>
    private async Task<JobOutcome> FailedAttemptAsync(JobReservation held, JobRow job, long tries, string error, string exception)
    {
        error = Bounded(error, MaxErrorLength);
        if (held.Attempt < tries)
        {
            LogAttemptFailed(logger, job.Id, job.Kind, held.Attempt, tries, error);
            var at = Clock.Now() + (JobQueue.BackoffSeconds(job.Backoff, held.Attempt) * 1000);
            return await RecordAsync(held, "retry", db => JobMapper.RetryLaterAsync(db, held, at, error), JobOutcome.Retrying).ConfigureAwait(false);
        }
        LogJobFailed(logger, job.Id, job.Kind, held.Attempt, error);
        exception = Bounded(exception, MaxExceptionLength);
        return await GuardedAsync(held, "fail",
            () => database.InTransactionAsync(db => JobMapper.FailAsync(db, held, error, exception), CancellationToken.None),
            JobOutcome.Failed).ConfigureAwait(false);
    }

    private Task<JobOutcome> RecordAsync(JobReservation held, string what, Func<DbSession, Task<bool>> write, JobOutcome outcome) =>
        GuardedAsync(held, what, () => database.ReadAsync(write, CancellationToken.None), outcome);

    /// <summary>
    /// Writes an outcome; <see cref="JobOutcome.Lost"/> when the job was no longer held. A write the database refuses
    /// is logged: the reservation then lapses and another attempt runs the job again (at least once).
    /// </summary>
    private async Task<JobOutcome> GuardedAsync(JobReservation held, string what, Func<Task<bool>> write, JobOutcome outcome)
    {
        try
        {
            if (await write().ConfigureAwait(false))
            {
                return outcome;
            }
            LogLost(logger, held.Id, held.Worker);
            return JobOutcome.Lost;
        }
        catch (Exception ex)
        {
            LogRecordFailed(logger, what, held.Id, ex.Message);
            return JobOutcome.Lost;
        }
    }

    /// <summary>How an attempt's handler ended: what it returned or threw, and whether its timeout had passed by then.</summary>
    private readonly record struct Attempt(string? Result, Exception? Error, bool Late);

    private static string Bounded(string text, int max) => text.Length <= max ? text : text[..max];

    private static long Milliseconds(TimeSpan span) => (long)Math.Ceiling(span.TotalMilliseconds);

    private static long? TimeoutMs(WorkerSettings settings) => settings.Timeout is { } timeout ? Milliseconds(timeout) : null;

    [LoggerMessage(EventId = 60, Level = LogLevel.Warning, Message = "Job {Id} ({Kind}) attempt {Attempt} of {Tries} failed: {Error}")]
    private static partial void LogAttemptFailed(ILogger logger, long id, string kind, long attempt, long tries, string error);

    [LoggerMessage(EventId = 61, Level = LogLevel.Error, Message = "Job {Id} ({Kind}) failed after {Attempts} attempt(s): {Error}")]
    private static partial void LogJobFailed(ILogger logger, long id, string kind, long attempts, string error);

    [LoggerMessage(EventId = 62, Level = LogLevel.Warning,
        Message = "Job {Id} still runs after its timeout of {Seconds} s and ignores its cancellation: its worker keeps it until it returns")]
    private static partial void LogIgnoresCancellation(ILogger logger, long id, double seconds);

    [LoggerMessage(EventId = 63, Level = LogLevel.Warning,
        Message = "Job {Id} is no longer held by worker {Worker} (its reservation lapsed and another worker took it): this attempt's outcome is dropped")]
    private static partial void LogLost(ILogger logger, long id, string worker);

    [LoggerMessage(EventId = 64, Level = LogLevel.Error,
        Message = "Could not {What} job {Id}: {Problem}. Unless a later write gets through, its reservation lapses and the job runs again")]
    private static partial void LogRecordFailed(ILogger logger, string what, long id, string problem);

    [LoggerMessage(EventId = 65, Level = LogLevel.Error, Message = "Queue worker {Worker} failed: {Problem}. Trying again in {Seconds} s")]
    private static partial void LogWorkerFailed(ILogger logger, string worker, string problem, double seconds);
}
