using ApiStudio.Engine.Hosting;
using ApiStudio.Engine.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ApiStudio.Engine.Queue;

/// <summary>
/// PostgreSQL only, and only on a host that runs workers: listens on <see cref="JobSignal.Channel"/> so a job queued
/// by another host wakes this host's idle workers at once. A (re)connection wakes them too, since notifications sent
/// meanwhile are lost; the workers' poll covers what slips through.
/// </summary>
public sealed class JobNotifications(Database database, JobSignal signal, IOptions<ApiStudioOptions> options, ILogger<JobNotifications> logger)
    : BackgroundService
{
    /// <summary>The <c>application_name</c> of the listening connection.</summary>
    public string ConnectionName => "apistudio-jobs-" + signal.Origin;

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
}
