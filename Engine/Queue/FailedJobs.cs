using ApiStudio.Engine.Storage;
using ApiStudio.Engine.Storage.Mappers;

namespace ApiStudio.Engine.Queue;

/// <summary>
/// What is done with failed jobs, for the admin API and the CLI alike: retry (back on the queue with its tries
/// renewed, under its own id), forget one, flush them all — each limited to some applications (null: every job, system
/// jobs included). Who may ask is for the caller to check.
/// </summary>
public sealed class FailedJobs(Database database, JobSignal signal, JobNotifications notifications)
{
    // Failures put back per transaction by a retry of all: a large backlog never holds the database in one long write.
    private const int Batch = 500;

    /// <summary>Puts failed job <paramref name="id"/> back on its queue; answers the job queued again, or null when no such failure exists.</summary>
    public async Task<JobRow?> RetryAsync(long id, CancellationToken cancellationToken)
    {
        var job = await database.InTransactionAsync(db => JobMapper.RetryFailedAsync(db, id), cancellationToken).ConfigureAwait(false);
        if (job is not null)
        {
            Wake();
        }
        return job;
    }

    /// <summary>Puts every failed job of the applications back on its queue; returns how many.</summary>
    public async Task<int> RetryAllAsync(IReadOnlyCollection<long>? appids, CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            var (count, retried) = await database.InTransactionAsync(async db =>
            {
                var ids = await JobMapper.FailedIdsAsync(db, appids, Batch).ConfigureAwait(false);
                var retried = 0;
                foreach (var id in ids)
                {
                    if (await JobMapper.RetryFailedAsync(db, id).ConfigureAwait(false) is not null)
                    {
                        retried++;
                    }
                }
                return (ids.Count, retried);
            }, cancellationToken).ConfigureAwait(false);
            total += retried;
            if (retried > 0)
            {
                Wake();
            }
            if (count < Batch)
            {
                return total;
            }
        }
    }

    /// <summary>Deletes failed job <paramref name="id"/>; false when no such failure exists.</summary>
    public Task<bool> ForgetAsync(long id, CancellationToken cancellationToken) =>
        database.InTransactionAsync(db => JobMapper.ForgetFailedAsync(db, id), cancellationToken);

    /// <summary>Deletes every failed job of the applications; returns how many.</summary>
    public Task<int> FlushAsync(IReadOnlyCollection<long>? appids, CancellationToken cancellationToken) =>
        database.InTransactionAsync(db => JobMapper.FlushFailedAsync(db, appids), cancellationToken);

    /// <summary>The failures of the applications, newest first (below <paramref name="before"/> when given).</summary>
    public Task<List<FailedJobRow>> ListAsync(IReadOnlyCollection<long>? appids, int limit, long? before, CancellationToken cancellationToken) =>
        database.ReadAsync(db => JobMapper.ListFailedAsync(db, appids, limit, before), cancellationToken);

    /// <summary>Wakes the workers of this host and of the others: jobs are back on their queues.</summary>
    private void Wake()
    {
        signal.Pulse();
        notifications.Announce();
    }
}
