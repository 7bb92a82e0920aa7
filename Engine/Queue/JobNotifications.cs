using ApiStudio.Engine.Hosting;
using ApiStudio.Engine.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ApiStudio.Engine.Queue;

/// <summary>
/// The wake-up across hosts, on PostgreSQL (SQLite has none: other processes on the file find jobs by their poll).
/// <list type="bullet">
/// <item><see cref="Announce"/>, after a job is stored: a <c>NOTIFY</c> on <see cref="JobSignal.Channel"/>, sent apart
/// from the job's own transaction. PostgreSQL serializes the commits of notifying transactions, so a notify inside
/// every enqueue would queue the enqueues one behind the other; apart, the enqueues commit together and the
/// announcements coalesce — while one is on its way, any number of enqueues ask for one more, sent when it returns,
/// so every job is announced after it is visible. A lost announcement costs no job: it is committed asynchronously.</item>
/// <item>Listening, on a host that runs workers: another host's announcement wakes this host's idle workers at once; a
/// (re)connection wakes them too, since announcements sent meanwhile are lost.</item>
/// </list>
/// </summary>
public sealed partial class JobNotifications(Database database, JobSignal signal, IOptions<ApiStudioOptions> options,
    ILogger<JobNotifications> logger) : BackgroundService
{
    private const int Idle = 0;
    private const int Sending = 1;
    private const int SendingAndAgain = 2;

    private int _state;
    private bool _failing;

    /// <summary>The <c>application_name</c> of the listening connection.</summary>
    public string ConnectionName => "apistudio-jobs-" + signal.Origin;

    /// <summary>Tells the other hosts that a job was stored (returns at once; the notification follows).</summary>
    public void Announce()
    {
        if (database.Provider != DatabaseProvider.Postgres)
        {
            return;
        }
        while (true)
        {
            switch (Volatile.Read(ref _state))
            {
                case SendingAndAgain:
                    return;
                case Sending when Interlocked.CompareExchange(ref _state, SendingAndAgain, Sending) == Sending:
                    return;
                case Idle when Interlocked.CompareExchange(ref _state, Sending, Idle) == Idle:
                    _ = Task.Run(SendAsync);
                    return;
            }
        }
    }

    private async Task SendAsync()
    {
        while (true)
        {
            try
            {
                await database.ReadAsync(db => db.ExecuteAsync(
                    "SELECT set_config('synchronous_commit', 'off', true), pg_notify(@channel, @origin)",
                    new { channel = JobSignal.Channel, origin = signal.Origin })).ConfigureAwait(false);
                _failing = false;
            }
            catch (Exception ex)
            {
                if (!_failing)
                {
                    LogAnnounceFailed(logger, ex.Message);
                }
                _failing = true;
            }
            // Asked again while sending: one more, covering every job stored before it starts.
            if (Interlocked.CompareExchange(ref _state, Idle, Sending) == Sending)
            {
                return;
            }
            Volatile.Write(ref _state, Sending);
        }
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        options.Value.Queue.Groups.All(g => g.Count == 0) ? Task.CompletedTask : ListenAsync(stoppingToken);

    /// <summary>Listens until <paramref name="stop"/> (on PostgreSQL; nothing to do on SQLite): a worker outside the host (the CLI) calls it.</summary>
    public Task ListenAsync(CancellationToken stop)
    {
        if (database.Provider != DatabaseProvider.Postgres)
        {
            return Task.CompletedTask;
        }
        return new PostgresListener(database, options.Value.Changes, logger, "queued jobs").RunAsync(JobSignal.Channel, ConnectionName,
            (_, _) =>
            {
                signal.Pulse();
                return Task.CompletedTask;
            },
            (origin, _) =>
            {
                if (origin != signal.Origin)
                {
                    signal.Pulse();
                }
                return Task.CompletedTask;
            }, stop);
    }

    [LoggerMessage(EventId = 69, Level = LogLevel.Warning,
        Message = "Queue: telling the other hosts of a queued job failed: {Problem}. Their workers find it at their next poll")]
    private static partial void LogAnnounceFailed(ILogger logger, string problem);
}
