using System.Threading.Channels;
using ApiStudio.Engine.Storage;
using ApiStudio.Engine.Storage.Mappers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace ApiStudio.Engine.Scheduling;

/// <summary>
/// Keeps one Quartz cron trigger per active task on this host (an in-memory Quartz scheduler of its own), in step
/// with the database: at start-up, after each change this host makes, after each change another host announces on the
/// <see cref="ChangeFeed"/> (<see cref="ChangeFeed.Tasks"/>; a reconnect or reload re-reads them all), and every
/// <see cref="SchedulerOptions.SyncSeconds"/> as a safety net. A trigger fires <see cref="TaskFireJob"/>, which hands
/// the fire time to the <see cref="TaskRunner"/>; which host runs it is decided there, in the database.
/// <para>
/// Misfires: a fire time missed while the host was busy is dropped (Quartz's DoNothing: the schedule goes on). A fire
/// time missed while every host was down is fired once by the first host to start, when it is the latest one and lies
/// within <see cref="SchedulerOptions.MisfireGraceSeconds"/> (and after the task's last change); anything older is
/// skipped, so a host that was down for a day does not replay a day of ticks.
/// </para>
/// </summary>
public sealed partial class TaskTriggers(
    ISchedulerFactory factory,
    Database database,
    TaskRunner runner,
    ChangeFeed changes,
    IOptions<SchedulerOptions> options,
    ILogger<TaskTriggers> logger) : BackgroundService
{
    /// <summary>The Quartz group of the tasks' jobs and triggers.</summary>
    public const string Group = "apistudio-tasks";

    /// <summary>The job data key of the task id.</summary>
    public const string TidKey = "tid";

    private const long Everything = 0;

    private readonly Channel<long> _pending = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<long, string> _scheduled = [];
    private readonly Lock _gate = new();
    private IScheduler? _scheduler;

    /// <summary>Reads the task again and schedules it as it is now (after a change, or a trigger found out of date).</summary>
    public void Refresh(long tid) => _pending.Writer.TryWrite(tid);

    /// <summary>True when this host holds a trigger for the task.</summary>
    public bool IsScheduled(long tid)
    {
        lock (_gate)
        {
            return _scheduled.ContainsKey(tid);
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            _pending.Writer.TryComplete(); // nothing reads them: refreshes are dropped
            LogDisabled(logger);
            return;
        }
        _scheduler = await factory.GetScheduler(stoppingToken).ConfigureAwait(false);
        await _scheduler.Start(stoppingToken).ConfigureAwait(false);
        changes.Observe((change, _) =>
        {
            if (change.Kind == ChangeFeed.Tasks)
            {
                Refresh(change.Id);
            }
            else if (change.Kind is "" or ChangeFeed.Applications)
            {
                Refresh(Everything);
            }
            return Task.CompletedTask;
        });
        var sync = TimeSpan.FromSeconds(settings.SyncSeconds > 0 ? settings.SyncSeconds : 60);
        using var timer = new Timer(_ => Refresh(Everything), null, sync, sync);
        await SyncAsync(Everything, catchUp: true, stoppingToken).ConfigureAwait(false);
        try
        {
            while (await _pending.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                var wanted = new HashSet<long>();
                while (_pending.Reader.TryRead(out var tid))
                {
                    wanted.Add(tid);
                }
                foreach (var tid in wanted.Contains(Everything) ? [Everything] : wanted)
                {
                    await SyncAsync(tid, catchUp: false, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host stopping.
        }
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_scheduler is { Status: not (SchedulerStatus.Shutdown or SchedulerStatus.ShuttingDown) } scheduler)
        {
            // The jobs only hand fire times over: waiting for them is short. The runs themselves are the runner's.
            await scheduler.Shutdown(waitForJobsToComplete: true, cancellationToken).ConfigureAwait(false);
        }
        await runner.StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
    }

    /// <summary>Brings the trigger of one task (or of all, <see cref="Everything"/>) in line with the database; never throws.</summary>
    private async Task SyncAsync(long tid, bool catchUp, CancellationToken cancellationToken)
    {
        try
        {
            if (tid != Everything)
            {
                var task = await database.ReadAsync(db => TaskMapper.FindByIdAsync(db, tid), cancellationToken).ConfigureAwait(false);
                await ApplyAsync(tid, task, cancellationToken).ConfigureAwait(false);
                return;
            }
            var tasks = await database.ReadAsync(TaskMapper.AllAsync, cancellationToken).ConfigureAwait(false);
            long[] gone;
            lock (_gate)
            {
                gone = _scheduled.Keys.Except(tasks.Select(t => t.Tid)).ToArray();
            }
            foreach (var old in gone)
            {
                await ApplyAsync(old, null, cancellationToken).ConfigureAwait(false);
            }
            foreach (var task in tasks)
            {
                var schedule = await ApplyAsync(task.Tid, task, cancellationToken).ConfigureAwait(false);
                if (catchUp && schedule is not null)
                {
                    await CatchUpAsync(task, schedule, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The database is away: the next announcement or the periodic sync tries again.
            LogSyncFailed(logger, ex.Message);
        }
    }

    /// <summary>Schedules, reschedules or unschedules one task; the schedule when it is now scheduled.</summary>
    private async Task<CronSchedule?> ApplyAsync(long tid, TaskRow? task, CancellationToken cancellationToken)
    {
        var scheduler = _scheduler!;
        var problems = new List<string>();
        var schedule = task is { Active: true } ? CronSchedule.Parse(task.Cron, task.TimeZone, problems) : null;
        if (problems.Count > 0)
        {
            LogUnreadable(logger, tid, string.Join(" ", problems));
        }
        var signature = schedule is null ? null : $"{schedule.Expression.CronExpressionString}|{schedule.Zone.Id}";
        lock (_gate)
        {
            if (_scheduled.GetValueOrDefault(tid) == signature)
            {
                return schedule;
            }
        }
        var key = new JobKey(tid.ToString(System.Globalization.CultureInfo.InvariantCulture), Group);
        await scheduler.DeleteJob(key, cancellationToken).ConfigureAwait(false);
        if (schedule is not null)
        {
            var job = JobBuilder.Create<TaskFireJob>().WithIdentity(key).UsingJobData(TidKey, tid).Build();
            var trigger = TriggerBuilder.Create().WithIdentity(key.Name, Group).ForJob(job)
                .WithSchedule(CronScheduleBuilder.Create(schedule.Expression).InTimeZone(schedule.Zone)
                    .WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing))
                .Build();
            await scheduler.ScheduleJob(job, trigger, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        lock (_gate)
        {
            if (signature is null)
            {
                _scheduled.Remove(tid);
            }
            else
            {
                _scheduled[tid] = signature;
            }
        }
        return schedule;
    }

    /// <summary>Fires, once, the latest fire time missed within the grace period (the lease keeps it to one host).</summary>
    private async Task CatchUpAsync(TaskRow task, CronSchedule schedule, CancellationToken cancellationToken)
    {
        var grace = options.Value.MisfireGraceSeconds;
        if (grace <= 0)
        {
            return;
        }
        var now = DateTimeOffset.UtcNow;
        var since = Clock.ToTime(Math.Max(task.UpdatedAt, (now - TimeSpan.FromSeconds(grace)).ToUnixTimeMilliseconds()));
        // Strictly before this second: the trigger fires the current one itself.
        if (schedule.LatestBetween(since, now.AddSeconds(-1)) is { } missed)
        {
            await runner.FireAsync(task.Tid, missed, TaskRunSources.CatchUp, cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 73, Level = LogLevel.Information, Message = "Scheduled tasks do not fire on this host (ApiStudio:Scheduler:Enabled is false)")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(EventId = 74, Level = LogLevel.Warning, Message = "Reading the scheduled tasks failed: {Problem}. Trying again at the next change or sync")]
    private static partial void LogSyncFailed(ILogger logger, string problem);

    [LoggerMessage(EventId = 75, Level = LogLevel.Warning, Message = "Task {Tid} is not scheduled on this host: {Problem}")]
    private static partial void LogUnreadable(ILogger logger, long tid, string problem);
}

/// <summary>The Quartz job of a task's trigger: hands the fire time to the <see cref="TaskRunner"/>, quickly, and never throws.</summary>
public sealed partial class TaskFireJob(TaskRunner runner, TaskTriggers triggers, ILogger<TaskFireJob> logger) : IJob
{
    /// <inheritdoc />
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var tid = context.JobDetail.JobDataMap.GetLong(TaskTriggers.TidKey);
        try
        {
            var claim = await runner.FireAsync(tid, context.ScheduledFireTimeUtc ?? context.FireTimeUtc, TaskRunSources.Schedule,
                cancellationToken).ConfigureAwait(false);
            if (claim.Outcome is ClaimOutcome.Paused or ClaimOutcome.NotDue or ClaimOutcome.Gone)
            {
                // This host's trigger is out of date (an announcement it missed): read the task again.
                triggers.Refresh(tid);
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogFireFailed(logger, tid, ex.Message);
        }
    }

    [LoggerMessage(EventId = 76, Level = LogLevel.Warning, Message = "Firing task {Tid} failed: {Problem}")]
    private static partial void LogFireFailed(ILogger logger, long tid, string problem);
}
