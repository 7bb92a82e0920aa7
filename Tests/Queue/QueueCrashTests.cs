using ApiStudio.Engine.Queue;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Tests.Support;

namespace ApiStudio.Tests.Queue;

/// <summary>
/// The host as a separate OS process, killed with <c>kill -9</c> while its workers hold jobs and others wait (queued or
/// delayed): after a restart on the same database every job runs to completion — none lost — and the jobs that were
/// running are taken again only once their reservation (timeout + grace) has passed.
/// </summary>
public class QueueCrashTests
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["ApiStudio:Queue:DiagnosticKinds"] = "true",
        ["ApiStudio:Queue:Workers:0:Count"] = "2",
        ["ApiStudio:Queue:GraceSeconds"] = "1",
        // Jobs queued by the test process reach this host by its poll (SQLite) or the notification (PostgreSQL).
        ["ApiStudio:Queue:PollSeconds"] = "0.2",
    };

    [Test]
    public async Task Jobs_held_queued_and_delayed_by_a_killed_host_all_run_after_a_restart()
    {
        await using var database = await TestDatabase.CreateEmptyAsync();
        var first = await HostProcess.StartAsync(database, Settings);
        var queue = StoredJobs.Queue(database);
        var timeout = TimeSpan.FromSeconds(3);
        var slow = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            slow.Add(await queue.EnqueueAsync(new JobRequest("diagnostic.sleep", """{"ms": 1500}""") { Tries = 3, Timeout = timeout }));
        }
        var quick = new List<long>();
        for (var i = 0; i < 2; i++)
        {
            quick.Add(await queue.EnqueueAsync(new JobRequest("diagnostic.echo", $$"""{"quick": {{i}}}""")));
        }
        var delayed = new List<long>();
        for (var i = 0; i < 2; i++)
        {
            delayed.Add(await queue.EnqueueAsync(new JobRequest("diagnostic.echo", $$"""{"delayed": {{i}}}""") { Delay = TimeSpan.FromSeconds(4) }));
        }
        var all = slow.Concat(quick).Concat(delayed).ToList();

        await Eventually.Until(() => Rows(database, all), rows => rows.Count(r => r.Status == JobStatus.Running) == 2);
        await first.KillAsync();
        var atKill = await Rows(database, all);
        var running = atKill.Where(r => r.Status == JobStatus.Running).ToList();
        Assert.That(running.Select(r => r.Id), Is.EqualTo(slow.Take(2)), first.Output);
        Assert.That(atKill.Where(r => r.Status != JobStatus.Running).Select(r => r.Status), Is.All.EqualTo(JobStatus.Queued), first.Output);

        await using var second = await HostProcess.StartAsync(database, Settings);
        var done = await Eventually.Until(() => Rows(database, all), rows => rows.All(r => r.Status == JobStatus.Completed), TimeSpan.FromSeconds(60));
        Assert.That(done.Select(r => r.Status), Is.All.EqualTo(JobStatus.Completed), second.Output);
        Assert.That(await database.Database.ReadAsync(db => JobMapper.ListFailedAsync(db, null, 10)), Is.Empty);
        foreach (var row in done)
        {
            var killed = running.SingleOrDefault(r => r.Id == row.Id);
            // Taken again by the second host, never before the killed host's reservation ran out.
            Assert.That(row.Attempts, Is.EqualTo(killed is null ? 1 : 2), $"job {row.Id}");
            if (killed is not null)
            {
                Assert.That(row.StartedAt, Is.GreaterThanOrEqualTo(killed.ReservedAt!.Value + (long)timeout.TotalMilliseconds + 1000), $"job {row.Id}");
                Assert.That(row.Result, Is.EqualTo("""{"slept":1500,"attempt":2}"""));
            }
        }
        Assert.That(done.Where(r => delayed.Contains(r.Id)).Select(r => r.StartedAt - r.CreatedAt), Is.All.GreaterThanOrEqualTo(4000));
    }

    private static async Task<List<JobRow>> Rows(TestDatabase database, IReadOnlyList<long> ids)
    {
        var rows = new List<JobRow>();
        foreach (var id in ids)
        {
            rows.Add((await StoredJobs.FindAsync(database.Database, id))!);
        }
        return rows;
    }
}
