using System.Globalization;
using ApiStudio.Engine.Hosting;
using ApiStudio.Engine.Storage;
using ApiStudio.Engine.Storage.Mappers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ApiStudio.Engine.Queue;

/// <summary>
/// The workers inside the host (<c>ApiStudio:Queue:Workers</c>), started with it, and the removal of completed jobs
/// past <c>ApiStudio:Queue:KeepCompletedSeconds</c>. On shutdown the workers take no new job and finish the ones they
/// hold within the host's shutdown timeout; at the deadline the handlers are cancelled and a job whose handler gives
/// up is put back on its queue (one that still runs keeps its reservation, which lapses as if its host had died).
/// </summary>
public sealed partial class QueueWorkers(JobRunner runner, Database database, JobSignal signal, IOptions<ApiStudioOptions> options,
    ILogger<QueueWorkers> logger)
    : IHostedService, IDisposable
{
    // How long the cancelled handlers have, after the shutdown deadline, to give up before the host goes on stopping.
    private static readonly TimeSpan ReleaseWait = TimeSpan.FromSeconds(3);

    private readonly CancellationTokenSource _stopTaking = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly List<Task> _running = [];

    /// <summary>
    /// The start of this host's worker names (<c>reserved_by</c>): machine, process and the host's <see cref="JobSignal.Origin"/>,
    /// so several hosts in one process have workers of their own.
    /// </summary>
    public static string HostName(JobSignal signal) =>
        string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}:{Environment.ProcessId}:{signal.Origin[..8]}");

    /// <summary>How many workers run in this host.</summary>
    public int WorkerCount { get; private set; }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value.Queue;
        var group = 0;
        foreach (var configured in settings.Groups)
        {
            var worker = new WorkerSettings(QueueOptions.ParseQueues(configured.Queues));
            for (var i = 0; i < configured.Count; i++)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"{HostName(signal)}:{group}.{i}");
                _running.Add(Task.Run(() => runner.WorkAsync(name, worker, _stopTaking.Token, _abort.Token), CancellationToken.None));
                WorkerCount++;
            }
            group++;
        }
        if (WorkerCount > 0)
        {
            _running.Add(Task.Run(() => RemoveCompletedAsync(_stopTaking.Token), CancellationToken.None));
            LogStarted(logger, WorkerCount, string.Join("; ", settings.Groups.Where(g => g.Count > 0).Select(g => $"{g.Count} on {g.Queues}")));
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopTaking.CancelAsync().ConfigureAwait(false);
        var all = Task.WhenAll(_running);
        try
        {
            await all.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            LogAborting(logger);
            await _abort.CancelAsync().ConfigureAwait(false);
            await Task.WhenAny(all, Task.Delay(ReleaseWait, CancellationToken.None)).ConfigureAwait(false);
        }
    }

    /// <summary>Removes completed jobs older than the configured time, in batches, now and then.</summary>
    private async Task RemoveCompletedAsync(CancellationToken stop)
    {
        const int Batch = 1000;
        var keep = options.Value.Queue.KeepCompletedSeconds;
        var every = TimeSpan.FromSeconds(Math.Clamp(keep / 2, 1, 60));
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var cutoff = Clock.Now() - (long)(keep * 1000);
                while (!stop.IsCancellationRequested
                    && await database.ReadAsync(db => JobMapper.DeleteCompletedAsync(db, cutoff, Batch), stop).ConfigureAwait(false) == Batch)
                {
                }
                await Task.Delay(every, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogCleanupFailed(logger, ex.Message);
                try
                {
                    await Task.Delay(every, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stopTaking.Dispose();
        _abort.Dispose();
    }

    [LoggerMessage(EventId = 66, Level = LogLevel.Information, Message = "Queue: {Count} worker(s) started ({Groups})")]
    private static partial void LogStarted(ILogger logger, int count, string groups);

    [LoggerMessage(EventId = 67, Level = LogLevel.Warning,
        Message = "Queue: the shutdown timeout passed with jobs still running; their handlers are cancelled and the jobs put back")]
    private static partial void LogAborting(ILogger logger);

    [LoggerMessage(EventId = 68, Level = LogLevel.Warning, Message = "Queue: removing old completed jobs failed: {Problem}")]
    private static partial void LogCleanupFailed(ILogger logger, string problem);
}
