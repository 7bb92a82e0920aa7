using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using ApiStudio.Engine.Hosting;
using ApiStudio.Engine.Queue;
using ApiStudio.Engine.Storage;
using ApiStudio.Engine.Storage.Mappers;
using Microsoft.Extensions.Options;

namespace ApiStudio.Studio.Cli;

/// <summary>
/// <c>queue:work [--queue high,low] [--tries N] [--timeout S] [--sleep S] [--once]</c>: a worker on the configured
/// database, running the handlers registered in the host's services, until Ctrl+C or SIGTERM (the job in hand is
/// finished; a second signal cancels it and puts it back) — or, with <c>--once</c>, for one job.
/// </summary>
public static class QueueWorkCommand
{
    /// <summary>The command.</summary>
    public static Command Create(CliContext context)
    {
        var worker = new WorkerOptions();
        var once = new Option<bool>("--once") { Description = "Run the next due job, if any, and stop." };
        var command = new Command("queue:work", "Work queued jobs on the configured database.") { once };
        worker.AddTo(command);
        context.SetAction(command, (parsed, cancellationToken) => RunAsync(context, worker.Read(parsed), parsed.GetValue(once), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, WorkerRequest request, bool once, CancellationToken cancellationToken)
    {
        await using var app = await context.OpenDatabaseAsync(false, cancellationToken);
        var settings = await request.SettingsAsync(app.Services, cancellationToken);
        var runner = app.Services.GetRequiredService<JobRunner>();
        var name = QueueWorkers.HostName(app.Services.GetRequiredService<JobSignal>()) + ":cli";
        void Report(JobRow job, JobOutcome outcome, TimeSpan took) =>
            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Job {job.Id} ({job.Kind}, {job.Queue}, attempt {job.Attempts}): {Describe(outcome)} in {took.TotalMilliseconds:0} ms."));
        if (once)
        {
            if (!await runner.RunOnceAsync(name, settings, cancellationToken, Report))
            {
                await context.Output.WriteLineAsync($"No job is due on {string.Join(", ", settings.Queues)}.");
            }
            return 0;
        }
        using var stopTaking = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var abort = new CancellationTokenSource();
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal => Stop(signal, stopTaking, abort));
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal => Stop(signal, stopTaking, abort));
        var listening = app.Services.GetRequiredService<JobNotifications>().ListenAsync(stopTaking.Token);
        await context.Output.WriteLineAsync($"Working {string.Join(", ", settings.Queues)} (Ctrl+C stops after the job in hand).");
        await runner.WorkAsync(name, settings, stopTaking.Token, abort.Token, Report);
        await listening;
        return 0;
    }

    /// <summary>First signal: take no new job. Second: cancel the job in hand.</summary>
    private static void Stop(PosixSignalContext signal, CancellationTokenSource stopTaking, CancellationTokenSource abort)
    {
        signal.Cancel = true;
        if (stopTaking.IsCancellationRequested)
        {
            abort.Cancel();
        }
        else
        {
            stopTaking.Cancel();
        }
    }

    /// <summary>An outcome as the command prints it.</summary>
    public static string Describe(JobOutcome outcome) => outcome switch
    {
        JobOutcome.Completed => "completed",
        JobOutcome.Retrying => "failed, will be retried",
        JobOutcome.Failed => "failed (no tries left: see queue:failed)",
        JobOutcome.Released => "stopped and put back",
        _ => "taken over by another worker",
    };
}

/// <summary>The options a worker is started with, shared by <c>queue:work</c> and <c>queue:listen</c>.</summary>
public sealed class WorkerOptions
{
    /// <summary>Queues, highest priority first.</summary>
    public Option<string> Queue { get; } = new("--queue") { Description = "Queues to work, highest priority first (default: default)." };

    /// <summary>Attempts override.</summary>
    public Option<int?> Tries { get; } = new("--tries") { Description = "Attempts of every job this worker runs, instead of the job's own." };

    /// <summary>Timeout override in seconds.</summary>
    public Option<double?> Timeout { get; } = new("--timeout") { Description = "Seconds a job may run on this worker, instead of the job's own timeout." };

    /// <summary>Poll interval in seconds.</summary>
    public Option<double?> Sleep { get; } = new("--sleep") { Description = "Seconds to wait between looks when no job is due and no wake-up comes." };

    /// <summary>Adds the options to a command.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Queue);
        command.Options.Add(Tries);
        command.Options.Add(Timeout);
        command.Options.Add(Sleep);
    }

    /// <summary>The values given; every bad one reported at once.</summary>
    /// <exception cref="CliException">A value is out of range.</exception>
    public WorkerRequest Read(ParseResult parsed)
    {
        var request = new WorkerRequest(QueueOptions.ParseQueues(parsed.GetValue(Queue) ?? QueueOptions.DefaultQueue),
            parsed.GetValue(Tries), parsed.GetValue(Timeout), parsed.GetValue(Sleep));
        var problems = new List<string>();
        if (request.Queues.Count == 0)
        {
            problems.Add("--queue must name at least one queue.");
        }
        problems.AddRange(request.Queues.Where(q => !QueueOptions.IsQueueName(q))
            .Select(q => $"--queue: '{q}' is not a queue name (letters, digits, '_', '-' and '.', at most {QueueOptions.MaxQueueLength})."));
        if (request.Tries is < 1 or > JobQueue.MaxTries)
        {
            problems.Add($"--tries must be between 1 and {JobQueue.MaxTries}.");
        }
        if (request.Timeout is { } timeout && !(timeout > 0 && timeout <= JobQueue.MaxWait.TotalSeconds))
        {
            problems.Add("--timeout must be more than 0 seconds and at most 7 days.");
        }
        if (request.Sleep is { } sleep && !(sleep > 0 && sleep <= 3600))
        {
            problems.Add("--sleep must be more than 0 seconds and at most 3600.");
        }
        return problems.Count > 0 ? throw new CliException(string.Join(" ", problems)) : request;
    }
}

/// <summary>A worker's options as given on the command line.</summary>
/// <param name="Queues">Queues, highest priority first.</param>
/// <param name="Tries">Attempts override.</param>
/// <param name="Timeout">Timeout override in seconds.</param>
/// <param name="Sleep">Poll interval in seconds.</param>
public sealed record WorkerRequest(IReadOnlyList<string> Queues, int? Tries, double? Timeout, double? Sleep)
{
    /// <summary>
    /// The worker's settings once every queue is known — named in <c>ApiStudio:Queue:Workers</c> or holding jobs — so a
    /// misspelt queue is an error, not a worker waiting forever.
    /// </summary>
    public async Task<WorkerSettings> SettingsAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var configured = services.GetRequiredService<IOptions<ApiStudioOptions>>().Value.Queue.ConfiguredQueues;
        var database = services.GetRequiredService<Database>();
        var unknown = new List<string>();
        foreach (var queue in Queues.Where(q => !configured.Contains(q)))
        {
            if (!await database.ReadAsync(db => JobMapper.QueueInUseAsync(db, queue), cancellationToken))
            {
                unknown.Add(queue);
            }
        }
        if (unknown.Count > 0)
        {
            throw new CliException($"Unknown queue{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown.Select(q => $"'{q}'"))}: " +
                $"neither configured (ApiStudio:Queue:Workers names {string.Join(", ", configured)}) nor holding any job.");
        }
        return new WorkerSettings(Queues)
        {
            Tries = Tries,
            Timeout = Timeout is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            Poll = Sleep is { } sleep ? TimeSpan.FromSeconds(sleep) : null,
        };
    }

    /// <summary>The options as arguments again (for a worker process started by <c>queue:listen</c>).</summary>
    public IEnumerable<string> Arguments()
    {
        yield return "--queue";
        yield return string.Join(',', Queues);
        if (Tries is { } tries)
        {
            yield return "--tries";
            yield return tries.ToString(CultureInfo.InvariantCulture);
        }
        if (Timeout is { } timeout)
        {
            yield return "--timeout";
            yield return timeout.ToString(CultureInfo.InvariantCulture);
        }
    }
}
