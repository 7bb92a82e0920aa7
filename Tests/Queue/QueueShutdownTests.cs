using ApiStudio.Engine.Queue;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ApiStudio.Tests.Queue;

/// <summary>
/// A host stopping gracefully: its workers finish the jobs they hold within the host's shutdown timeout; past it the
/// handlers are cancelled, and a job whose handler gives up is put back on its queue uncounted, while one that keeps
/// running keeps its reservation (never run twice at once).
/// </summary>
public class QueueShutdownTests
{
    private static async Task<(TestHost Host, TestJobs Jobs)> StartAsync(TestDatabase database, TimeSpan shutdownTimeout)
    {
        var jobs = new TestJobs();
        var host = await TestHost.StartAsync(database: database, services: services =>
        {
            jobs.AddTo(services);
            services.Configure<HostOptions>(o => o.ShutdownTimeout = shutdownTimeout);
        });
        return (host, jobs);
    }

    private static async Task<long> RunningAsync(TestHost host, JobRequest request)
    {
        var id = await host.Services.GetRequiredService<IJobQueue>().EnqueueAsync(request);
        Assert.That((await StoredJobs.UntilAsync(host.Database.Database, id, JobStatus.Running))?.Status, Is.EqualTo(JobStatus.Running));
        return id;
    }

    [Test]
    public async Task A_job_held_at_shutdown_is_finished_within_the_shutdown_timeout()
    {
        await using var database = await TestDatabase.CreateEmptyAsync();
        var (host, jobs) = await StartAsync(database, TimeSpan.FromSeconds(30));
        var id = await RunningAsync(host, new JobRequest("test.sleep", """{"ms": 1500}"""));
        await host.DisposeAsync();
        var row = await StoredJobs.FindAsync(database.Database, id);
        Assert.That((row!.Status, row.Attempts, row.Result), Is.EqualTo((JobStatus.Completed, 1L, """{"slept":true}""")));
        Assert.That(jobs.Runs[id], Is.EqualTo(1));
    }

    [Test]
    public async Task Past_the_shutdown_timeout_a_job_whose_handler_gives_up_is_put_back_uncounted()
    {
        await using var database = await TestDatabase.CreateEmptyAsync();
        var (host, _) = await StartAsync(database, TimeSpan.FromMilliseconds(500));
        var id = await RunningAsync(host, new JobRequest("test.hang", "{}") { Tries = 1 });
        await host.DisposeAsync();
        var row = await StoredJobs.FindAsync(database.Database, id);
        Assert.That((row!.Status, row.Attempts, row.Error), Is.EqualTo((JobStatus.Queued, 0L, (string?)null)));
        Assert.That(row.AvailableAt, Is.LessThanOrEqualTo(ApiStudio.Engine.Storage.Clock.Now()));
    }

    [Test]
    public async Task Past_the_shutdown_timeout_a_job_that_keeps_running_keeps_its_reservation()
    {
        await using var database = await TestDatabase.CreateEmptyAsync();
        var (host, _) = await StartAsync(database, TimeSpan.FromMilliseconds(500));
        var id = await RunningAsync(host, new JobRequest("test.stubborn", """{"ms": 6000}""") { Timeout = TimeSpan.FromSeconds(30) });
        await host.DisposeAsync();
        var row = await StoredJobs.FindAsync(database.Database, id);
        Assert.That((row!.Status, row.Attempts), Is.EqualTo((JobStatus.Running, 1L)));
        Assert.That(row.AvailableAt, Is.GreaterThan(ApiStudio.Engine.Storage.Clock.Now() + 20_000));
    }
}
