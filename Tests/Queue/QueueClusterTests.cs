using ApiStudio.Engine.Queue;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ApiStudio.Tests.Queue;

/// <summary>Two real hosts working one queue on one database (SQLite file or PostgreSQL): every job runs exactly once.</summary>
public class QueueClusterTests
{
    private static readonly Dictionary<string, string?> Settings = new() { ["ApiStudio:Queue:Workers:0:Count"] = "2" };

    [Test]
    public async Task A_thousand_jobs_queued_on_two_hosts_each_run_exactly_once()
    {
        var jobs = new TestJobs();
        await using var a = await TestHost.StartAsync(Settings, services: jobs.AddTo);
        await using var b = await TestHost.StartAsync(Settings, a.Database, services: jobs.AddTo);
        var queues = new[] { a.Services.GetRequiredService<IJobQueue>(), b.Services.GetRequiredService<IJobQueue>() };
        var ids = new System.Collections.Concurrent.ConcurrentBag<long>();
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(producer => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) <= 1000)
            {
                ids.Add(await queues[producer % 2].EnqueueAsync(new JobRequest("test.ok", "{}")));
            }
        })));
        Assert.That(ids.Distinct().Count(), Is.EqualTo(1000));

        await Eventually.UntilValue(() => jobs.Runs.Count, count => count >= 1000, TimeSpan.FromSeconds(120));
        var rows = await Eventually.Until(
            () => a.Database.Database.ReadAsync(db => JobMapper.ListAsync(db, new JobFilter(null, Limit: 2000))),
            list => list.Count(r => r.Status == JobStatus.Completed) == 1000);
        Assert.That(rows.Select(r => r.Id).Order(), Is.EqualTo(ids.Order()));
        Assert.That(rows.Select(r => (r.Status, r.Attempts)), Is.All.EqualTo((JobStatus.Completed, 1L)));
        Assert.That(jobs.Runs.Keys.Order(), Is.EqualTo(ids.Order()));
        Assert.That(jobs.Runs.Values, Is.All.EqualTo(1));
        var hosts = new[] { a, b }.Select(h => QueueWorkers.HostName(h.Services.GetRequiredService<JobSignal>()) + ":").ToList();
        Assert.That(rows.Select(r => hosts.Count(host => r.ReservedBy!.StartsWith(host, StringComparison.Ordinal))), Is.All.EqualTo(1));
    }

    [Test]
    public async Task A_job_queued_on_a_host_without_workers_is_run_by_another_host()
    {
        // PostgreSQL: the worker hears of it at once (its poll is a minute away). SQLite: by its poll.
        var poll = TestDatabase.Provider == ApiStudio.Engine.Storage.DatabaseProvider.Postgres ? "60" : "0.5";
        var jobs = new TestJobs();
        await using var web = await TestHost.StartAsync(new Dictionary<string, string?> { ["ApiStudio:Queue:Workers:0:Count"] = "0" },
            services: jobs.AddTo);
        await using var worker = await TestHost.StartAsync(new Dictionary<string, string?> { ["ApiStudio:Queue:PollSeconds"] = poll },
            web.Database, services: jobs.AddTo);
        Assert.That(web.Services.GetRequiredService<QueueWorkers>().WorkerCount, Is.EqualTo(0));
        // Both idle (the worker has looked and found nothing), then one job on the host that works none.
        await Task.Delay(200);
        var id = await web.Services.GetRequiredService<IJobQueue>().EnqueueAsync(new JobRequest("test.ok", "{}"));
        var row = await StoredJobs.UntilAsync(web.Database.Database, id, JobStatus.Completed, TimeSpan.FromSeconds(15));
        Assert.That(row?.Status, Is.EqualTo(JobStatus.Completed));
        Assert.That(row!.ReservedBy, Does.StartWith(QueueWorkers.HostName(worker.Services.GetRequiredService<JobSignal>()) + ":"));
    }
}
