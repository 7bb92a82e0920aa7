using ApiStudio.Engine.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ApiStudio.Engine.Storage;

/// <summary>
/// Listens on one PostgreSQL notification channel over a dedicated connection, for as long as the host runs: each
/// notification's payload is handed to a callback, in order. A connection that stays silent is probed with a query
/// (a half-open connection raises no error by itself); one that fails is replaced after a growing delay
/// (<see cref="ChangeOptions"/>), and the <c>connected</c> callback runs after every (re)connection, because
/// notifications sent while nobody listened are lost.
/// </summary>
/// <param name="database">The system database (PostgreSQL).</param>
/// <param name="settings">Reconnection delays and the probe interval.</param>
/// <param name="logger">Where failures are reported (the caller's category).</param>
/// <param name="purpose">What is listened for, in log messages: "changes made by other hosts".</param>
public sealed partial class PostgresListener(Database database, ChangeOptions settings, ILogger logger, string purpose)
{
    /// <summary>
    /// Listens on <paramref name="channel"/> until <paramref name="stop"/>; the connection carries
    /// <paramref name="connectionName"/> as its <c>application_name</c>.
    /// </summary>
    /// <param name="channel">The channel (a plain identifier).</param>
    /// <param name="connectionName">Names the connection in <c>pg_stat_activity</c>.</param>
    /// <param name="connected">Runs once listening, with true after a reconnection.</param>
    /// <param name="notified">Runs for each notification's payload.</param>
    /// <param name="stop">Ends the listening.</param>
    public async Task RunAsync(string channel, string connectionName, Func<bool, CancellationToken, Task> connected,
        Func<string, CancellationToken, Task> notified, CancellationToken stop)
    {
        var delay = Seconds(settings.ReconnectSeconds, 1);
        var probe = Seconds(settings.ProbeSeconds, 30);
        var connectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString)
        {
            // Its own physical connection: a broken one is never handed back to the pool, and it can be told apart.
            Pooling = false,
            ApplicationName = connectionName,
        }.ConnectionString;
        var pending = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var connectedBefore = false;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                connection.Notification += (_, e) => pending.Enqueue(e.Payload);
                await connection.OpenAsync(stop).ConfigureAwait(false);
                await using (var listen = new NpgsqlCommand($"LISTEN {channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stop).ConfigureAwait(false);
                }
                pending.Clear();
                await connected(connectedBefore, stop).ConfigureAwait(false);
                connectedBefore = true;
                delay = Seconds(settings.ReconnectSeconds, 1);
                while (true)
                {
                    if (!await connection.WaitAsync(probe, stop).ConfigureAwait(false))
                    {
                        await using var check = new NpgsqlCommand("SELECT 1", connection);
                        await check.ExecuteScalarAsync(stop).ConfigureAwait(false);
                    }
                    while (pending.TryDequeue(out var payload))
                    {
                        await notified(payload, stop).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogListenFailed(logger, purpose, ex.Message, delay.TotalSeconds);
            }
            try
            {
                await Task.Delay(delay, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, Seconds(settings.MaxReconnectSeconds, 30).TotalSeconds));
        }
    }

    /// <summary>A configured number of seconds, or the fallback when it is not positive.</summary>
    public static TimeSpan Seconds(double configured, double fallback) =>
        TimeSpan.FromSeconds(configured > 0 ? configured : fallback);

    [LoggerMessage(EventId = 41, Level = LogLevel.Warning,
        Message = "The connection listening for {Purpose:l} failed: {Problem}. Reconnecting in {Seconds} s")]
    private static partial void LogListenFailed(ILogger logger, string purpose, string problem, double seconds);
}
