using ApiStudio.Engine.Hosting;
using ApiStudio.Engine.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ApiStudio.Engine.Http;

/// <summary>
/// Keeps this host's route table and applications in step with the other hosts on the same database, in
/// the background, never on the request path. PostgreSQL: a dedicated connection LISTENs on
/// <see cref="ChangeFeed.Channel"/>; each notification of another host re-reads that resource (or the applications);
/// a notification of an unknown kind reloads everything. When the connection drops it reconnects with a growing delay
/// and then reloads everything, since notifications sent meanwhile are lost (the first connection reloads too,
/// covering changes made between the start-up load and the LISTEN). SQLite: the change counter is polled and
/// everything is reloaded when another process changed something. After each change (or full reload) the feed's
/// observers are told (<see cref="ChangeFeed.Observe"/>), for what the registry does not hold (scheduled tasks).
/// </summary>
public sealed partial class ChangeListener(
    Database database,
    ResourceRegistry registry,
    IOptions<ApiStudioOptions> options,
    ILogger<ChangeListener> logger) : BackgroundService
{
    /// <summary>The PostgreSQL <c>application_name</c> of the listening connection (names the host, so it can be found in <c>pg_stat_activity</c>).</summary>
    public string ConnectionName => "apistudio-changes-" + registry.Changes.Origin;

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        database.Provider == DatabaseProvider.Postgres ? ListenAsync(stoppingToken) : PollAsync(stoppingToken);

    private Task ListenAsync(CancellationToken stop) =>
        new PostgresListener(database, options.Value.Changes, logger, "changes made by other hosts").RunAsync(
            ChangeFeed.Channel, ConnectionName,
            async (reconnected, token) =>
            {
                // The first connection reloads too, covering changes made between the start-up load and the LISTEN.
                await registry.ReloadAsync(token).ConfigureAwait(false);
                await registry.Changes.NotifyAsync(ChangeFeed.Everything, token).ConfigureAwait(false);
                LogListening(logger, ChangeFeed.Channel, reconnected);
            },
            (payload, token) => ApplyAsync(ChangeFeed.Parse(payload), token), stop);

    private async Task ApplyAsync(Change change, CancellationToken stop)
    {
        if (registry.Changes.IsOwn(change))
        {
            return;
        }
        switch (change.Kind)
        {
            case ChangeFeed.Resource:
                await registry.RefreshResourceAsync(change.Id, stop).ConfigureAwait(false);
                break;
            case ChangeFeed.Applications:
                await registry.ReloadApplicationsAsync(stop).ConfigureAwait(false);
                break;
            case ChangeFeed.Scripts:
                await registry.ReloadScriptsAsync(stop).ConfigureAwait(false);
                break;
            case ChangeFeed.Tasks:
                break; // not held by the registry: the observers take it
            default:
                await registry.ReloadAsync(stop).ConfigureAwait(false);
                break;
        }
        await registry.Changes.NotifyAsync(change, stop).ConfigureAwait(false);
    }

    private async Task PollAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(PostgresListener.Seconds(options.Value.Changes.PollSeconds, 2));
        var failing = false;
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                try
                {
                    var counter = await database.ReadAsync(ChangeFeed.ReadCounterAsync, stop).ConfigureAwait(false);
                    if (registry.Changes.HasForeignChanges(counter))
                    {
                        await registry.ReloadAsync(stop).ConfigureAwait(false);
                        await registry.Changes.NotifyAsync(ChangeFeed.Everything, stop).ConfigureAwait(false);
                    }
                    failing = false;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    if (!failing)
                    {
                        // Once per streak of failures: a database that stays away must not flood the log.
                        LogPollFailed(logger, ex.Message);
                    }
                    failing = true;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Host stopping.
        }
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Information,
        Message = "Listening for changes made by other hosts on channel {Channel} (reconnected: {Reconnected}); the route table was reloaded")]
    private static partial void LogListening(ILogger logger, string channel, bool reconnected);

    [LoggerMessage(EventId = 42, Level = LogLevel.Warning,
        Message = "Looking for changes made by other processes failed: {Problem}. Trying again at the next poll")]
    private static partial void LogPollFailed(ILogger logger, string problem);
}
