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
/// one abandoned on its last try fails, an unknown kind fails clearly, and completed jobs are removed after the
/// configured time.
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
        Assert.That((row!.Status, row.Result, row.Attempts, row.Error, row.Appid, row.CreatedBy),
            Is.EqualTo((JobStatus.Completed, """{"ok":true}""", 1L, (string?)null, (long?)2, (long?)1)));
        Assert.That(row.ReservedBy, Does.StartWith(QueueWorkers.HostName(_host.Services.GetRequiredService<JobSignal>()) + ":0."));
        Assert.That(row.StartedAt, Is.GreaterThanOrEqualTo(row.CreatedAt));
        Assert.That(row.FinishedAt, Is.GreaterThanOrEqualTo(row.StartedAt));
        Assert.That(_jobs.Runs[id], Is.EqualTo(1));
    }

    [Test]
    public async Task A_delayed_job_waits_for_its_delay()
    {
        var id = await _queue.EnqueueAsync(new JobRequest("test.ok", "{}") { Delay = TimeSpan.FromSeconds(1.5) });
        Assert.That((await StoredJobs.FindAsync(_database, id))!.Status, Is.EqualTo(JobStatus.Queued));
        var row = await StoredJobs.UntilAsync(_database, id, JobStatus.Completed);
        Assert.That(row!.Status, Is.EqualTo(JobStatus.Completed));
        Assert.That(row.StartedAt - row.CreatedAt, Is.GreaterThanOrEqualTo(1500));
    }

    [Test]
    public async Task A_throwing_job_is_retried_after_its_backoff_then_kept_in_failed_jobs_with_its_exception()
    {
        var id = await _queue.EnqueueAsync(new JobRequest("test.fail", "{}") { Tries = 3, Backoff = [1] });
        var row = await StoredJobs.UntilAsync(_database, id, JobStatus.Failed);
        Assert.That((row!.Status, row.Attempts, row.Error), Is.EqualTo((JobStatus.Failed, 3L, $"boom {id} run 3")));
        var starts = _jobs.Starts.Where(s => s.Id == id).ToList();
        Assert.That(starts.Select(s => s.Attempt), Is.EqualTo(new[] { 1, 2, 3 }));
        Assert.That(starts[1].At - starts[0].At, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(0.95)));
        Assert.That(starts[2].At - starts[1].At, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(0.95)));
        var failure = await StoredJobs.FailureAsync(_database, id);
        Assert.That((failure!.Kind, failure.Queue, failure.Attempts, failure.Tries, failure.Backoff, failure.Payload),
            Is.EqualTo(("test.fail", "default", 3L, 3L, "1", "{}")));
        Assert.That(failure.Exception, Does.StartWith($"System.InvalidOperationException: boom {id} run 3").And.Contain(" at "));
        Assert.That(Guid.TryParse(failure.Uuid, out _), Is.True);
    }

    [Test]
    public async Task A_job_that_fails_then_succeeds_completes_on_its_next_attempt()
    {
        var id = await _queue.EnqueueAsync(new JobRequest("test.fail", """{"failures": 1}""") { Tries = 2 });
        var row = await StoredJobs.UntilAsync(_database, id, JobStatus.Completed);
        Assert.That((row!.Status, row.Attempts, row.Result, row.Error), Is.EqualTo((JobStatus.Completed, 2L, """{"recovered_after":1}""", (string?)null)));
        Assert.That(await StoredJobs.FailureAsync(_database, id), Is.Null);
    }

    [Test]
    public async Task A_job_past_its_timeout_is_cancelled_and_counted_as_a_failed_attempt()
    {
        var id = await _queue.EnqueueAsync(new JobRequest("test.hang", "{}") { Tries = 2, Timeout = TimeSpan.FromMilliseconds(500) });
        var row = await StoredJobs.UntilAsync(_database, id, JobStatus.Failed);
        Assert.That((row!.Status, row.Attempts, row.Error), Is.EqualTo((JobStatus.Failed, 2L, "Timed out after 0.5 s (attempt 2 of 2).")));
        Assert.That(_jobs.Runs[id], Is.EqualTo(2));
        Assert.That((await StoredJobs.FailureAsync(_database, id))!.Exception, Does.Contain("TaskCanceledException"));
    }

    [Test]
    public async Task A_job_that_ignores_its_cancellation_keeps_its_reservation_and_never_runs_twice_at_once()
    {
        // Timeout 0.5 s and grace 1 s: without the held reservation another idle worker would start it again at 1.5 s,
        // while the first run lasts 2.5 s.
        var id = await _queue.EnqueueAsync(new JobRequest("test.stubborn", """{"ms": 2500}""") { Tries = 2, Timeout = TimeSpan.FromMilliseconds(500) });
        var row = await StoredJobs.UntilAsync(_database, id, JobStatus.Failed);
        Assert.That((row!.Status, row.Attempts, row.Error), Is.EqualTo((JobStatus.Failed, 2L, "Timed out after 0.5 s (attempt 2 of 2).")));
        Assert.That(_jobs.Runs[id], Is.EqualTo(2));
        Assert.That(_jobs.MostAtOnce, Is.EqualTo(1));
        var starts = _jobs.Starts.Where(s => s.Id == id).ToList();
        Assert.That(starts[1].At - starts[0].At, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(2.4)));
    }

    [Test]
    public async Task A_job_of_an_unknown_kind_fails_clearly()
    {
        var id = await _queue.EnqueueAsync(new JobRequest("no.such.kind", "{}"));
        var row = await StoredJobs.UntilAsync(_database, id, JobStatus.Failed);
        Assert.That(row!.Error, Does.StartWith("No handler for job kind 'no.such.kind' on this host (kinds here: ")
            .And.Contain("test.ok"));
        Assert.That((await StoredJobs.FailureAsync(_database, id))!.Exception, Is.EqualTo(row.Error));
    }

    [Test]
    public async Task A_completed_job_is_removed_after_the_configured_time()
    {
        var id = await _queue.EnqueueAsync(new JobRequest("test.ok", "{}"));
        Assert.That((await StoredJobs.UntilAsync(_database, id, JobStatus.Completed))!.Status, Is.EqualTo(JobStatus.Completed));
        var row = await Eventually.Until(() => StoredJobs.FindAsync(_database, id), r => r is null);
        Assert.That(row, Is.Null);
    }

    [Test]
    public async Task A_worker_takes_its_queues_in_priority_order()
    {
        // Queues no worker of the host serves, worked here by hand.
        var low = await _queue.EnqueueAsync(new JobRequest("test.ok", "{}") { Queue = "prio-low" });
        var high = await _queue.EnqueueAsync(new JobRequest("test.ok", "{}") { Queue = "prio-high" });
        var runner = _host.Services.GetRequiredService<JobRunner>();
        var worker = new WorkerSettings(["prio-high", "prio-low"]);
        var first = await runner.ReserveAsync("by-hand", worker);
        var second = await runner.ReserveAsync("by-hand", worker);
        Assert.That((first?.Id, second?.Id), Is.EqualTo(((long?)high, (long?)low)));
        Assert.That(await runner.ReserveAsync("by-hand", worker), Is.Null);
        Assert.That(await runner.RunAsync("by-hand", worker, first!, CancellationToken.None), Is.EqualTo(JobOutcome.Completed));
        Assert.That(await runner.RunAsync("other-worker", worker, second!, CancellationToken.None), Is.EqualTo(JobOutcome.Lost));
        Assert.That((await StoredJobs.FindAsync(_database, low))!.Status, Is.EqualTo(JobStatus.Running));
    }

    [Test]
    public async Task A_job_whose_worker_stopped_on_its_last_try_fails_without_running_again()
    {
        // A queue no worker of the host serves, worked here by hand: one worker takes the job and is never heard of again.
        var id = await _queue.EnqueueAsync(new JobRequest("test.ok", "{}") { Queue = "abandoned", Timeout = TimeSpan.FromMilliseconds(200) });
        var runner = _host.Services.GetRequiredService<JobRunner>();
        var worker = new WorkerSettings(["abandoned"]);
        Assert.That((await runner.ReserveAsync("gone", worker))?.Id, Is.EqualTo(id));
        // Taken again once its reservation (0.2 s + 1 s of grace) has ended.
        var again = await Eventually.Until(() => runner.ReserveAsync("next", worker), job => job is not null);
        Assert.That((again?.Id, again?.Attempts), Is.EqualTo(((long?)id, (long?)2)));
        Assert.That(await runner.RunAsync("next", worker, again!, CancellationToken.None), Is.EqualTo(JobOutcome.Failed));
        var row = await StoredJobs.FindAsync(_database, id);
        Assert.That((row!.Status, row.Error), Is.EqualTo((JobStatus.Failed,
            "No tries are left (1 allowed): attempt 1 was abandoned by a worker that stopped before it finished.")));
        Assert.That(_jobs.Runs.ContainsKey(id), Is.False);
    }

    [Test]
    public void A_bad_request_is_refused_naming_every_field()
    {
        var error = Assert.ThrowsAsync<ApiStudio.Engine.Processing.ApiException>(() => _queue.EnqueueAsync(
            new JobRequest("", "{}") { Queue = "no spaces", Tries = 0, Delay = TimeSpan.FromSeconds(-1), Backoff = [-5], Timeout = TimeSpan.Zero }));
        Assert.That(error!.HttpStatus, Is.EqualTo(400));
        Assert.That(error.Details, Is.EqualTo(new[]
        {
            "'kind' is required and at most 128 characters long.",
            "'queue' must be 1 to 64 letters, digits, '_', '-' or '.', starting with a letter or digit; got 'no spaces'.",
            "'delay' must be between 0 and 7 days.",
            "'tries' must be between 1 and 1000.",
            "'backoff' must be a list of 0 to 604800 seconds per attempt.",
            "'timeout' must be more than 0 and at most 7 days.",
        }));
    }
}
