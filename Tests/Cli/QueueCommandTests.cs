using ApiStudio.Engine.Queue;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Tests.Support;

namespace ApiStudio.Tests.Cli;

/// <summary>
/// The <c>queue:*</c> verbs over a real database (SQLite or PostgreSQL), with the diagnostic job kinds switched on:
/// <c>queue:work</c> once and until stopped, its priority and overrides, <c>queue:listen</c> running a job in a fresh
/// worker process, and the failed jobs listed, retried, forgotten and flushed — with clear errors for unknown queues
/// and bad ids.
/// </summary>
public class QueueCommandTests
{
    private TestDatabase _database = null!;
    private Dictionary<string, string?> _settings = null!;
    private JobQueue _queue = null!;

    [OneTimeSetUp]
    public async Task Create()
    {
        _database = await TestDatabase.CreateAsync();
        _settings = CliRunner.Settings(_database);
        _settings["ApiStudio:Queue:DiagnosticKinds"] = "true";
        _settings["ApiStudio:Queue:Workers:0:Queues"] = "default,reports";
        _queue = StoredJobs.Queue(_database);
    }

    [OneTimeTearDown]
    public async Task Delete() => await _database.DisposeAsync();

    /// <summary>Each test works its own queue (named in the configuration), so jobs of one never reach another.</summary>
    private async Task<long> Enqueue(string queue, string kind, string payload, int tries = 1) =>
        await _queue.EnqueueAsync(new JobRequest(kind, payload) { Queue = queue, Tries = tries });

    private Dictionary<string, string?> Serving(string queues) => new(_settings) { ["ApiStudio:Queue:Workers:0:Queues"] = queues };

    private static void Succeeded(CliRun run) => Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());

    private static void Failed(CliRun run, string error)
    {
        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Error.Trim(), Is.EqualTo("error: " + error), run.ToString());
    }

    [Test]
    public async Task Work_once_runs_the_next_due_job_and_says_so_when_there_is_none()
    {
        var id = await Enqueue("once", "diagnostic.echo", """{"hello": "queue"}""");
        var run = await CliRunner.RunAsync(Serving("once"), "queue:work", "--queue", "once", "--once");
        Succeeded(run);
        Assert.That(run.Output, Does.Match($@"^Job {id} \(diagnostic\.echo, once, attempt 1\): completed in \d+ ms\.\s*$"));
        var job = await StoredJobs.FindAsync(_database.Database, id);
        Assert.That((job!.Status, job.Result), Is.EqualTo((JobStatus.Completed, """{"hello": "queue"}""")));

        var idle = await CliRunner.RunAsync(Serving("once"), "queue:work", "--queue", "once", "--once");
        Succeeded(idle);
        Assert.That(idle.Output.Trim(), Is.EqualTo("No job is due on once."));
    }

    [Test]
    public async Task Work_takes_the_first_queue_first_and_its_overrides_apply()
    {
        var low = await Enqueue("low", "diagnostic.echo", "{}");
        var high = await Enqueue("high", "diagnostic.sleep", """{"ms": 5000}""", tries: 5);
        var run = await CliRunner.RunAsync(Serving("high,low"), "queue:work", "--queue", "high,low", "--once", "--timeout", "0.3", "--tries", "1");
        Succeeded(run);
        Assert.That(run.Output, Does.StartWith($"Job {high} (diagnostic.sleep, high, attempt 1): failed (no tries left: see queue:failed)"));
        var failed = await StoredJobs.FindAsync(_database.Database, high);
        Assert.That((failed!.Status, failed.Error), Is.EqualTo((JobStatus.Failed, "Timed out after 0.3 s (attempt 1 of 1).")));
        Assert.That((await StoredJobs.FindAsync(_database.Database, low))!.Status, Is.EqualTo(JobStatus.Queued));
    }

    [Test]
    public async Task Work_runs_jobs_as_they_come_until_stopped()
    {
        using var stop = new CancellationTokenSource();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var worker = ApiStudio.Studio.Cli.Cli.RunAsync(["queue:work", "--queue", "stream", "--sleep", "0.1"], output, error,
            Serving("stream"), stop.Token);
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await Enqueue("stream", "diagnostic.echo", $$"""{"n": {{i}}}"""));
        }
        foreach (var id in ids)
        {
            Assert.That((await StoredJobs.UntilAsync(_database.Database, id, JobStatus.Completed))?.Status, Is.EqualTo(JobStatus.Completed), error.ToString());
        }
        await stop.CancelAsync();
        Assert.That(await worker, Is.EqualTo(0), error.ToString());
        Assert.That(output.ToString(), Does.StartWith("Working stream (Ctrl+C stops after the job in hand).")
            .And.Contain($"Job {ids[2]} (diagnostic.echo, stream, attempt 1): completed"));
    }

    [Test]
    public async Task Listen_runs_each_job_in_a_fresh_worker_process()
    {
        using var stop = new CancellationTokenSource();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var id = await Enqueue("listened", "diagnostic.echo", """{"fresh": true}""");
        var listener = ApiStudio.Studio.Cli.Cli.RunAsync(["queue:listen", "--queue", "listened", "--sleep", "0.2"], output, error,
            Serving("listened"), stop.Token);
        var job = await StoredJobs.UntilAsync(_database.Database, id, JobStatus.Completed, TimeSpan.FromSeconds(60));
        await stop.CancelAsync();
        Assert.That(await listener, Is.EqualTo(0), error.ToString());
        Assert.That(job?.Status, Is.EqualTo(JobStatus.Completed), output + "\n" + error);
        // Run by a worker of another process.
        Assert.That(job!.ReservedBy, Does.EndWith(":cli").And.Not.Contain($":{Environment.ProcessId}:"));
        Assert.That(output.ToString(), Does.Contain($"Job {id} (diagnostic.echo, listened, attempt 1): completed"));
    }

    [Test]
    public async Task Failed_jobs_are_listed_retried_forgotten_and_flushed()
    {
        var first = await Enqueue("failing", "diagnostic.fail", """{"message": "printer on fire"}""");
        var second = await Enqueue("failing", "diagnostic.fail", "{}");
        var third = await Enqueue("failing", "diagnostic.fail", "{}");
        for (var i = 0; i < 3; i++)
        {
            Succeeded(await CliRunner.RunAsync(Serving("failing"), "queue:work", "--queue", "failing", "--once"));
        }
        var listed = await CliRunner.RunAsync(_settings, "queue:failed");
        Succeeded(listed);
        Assert.That(listed.Output, Does.Match($@"(?m)^{first}  [0-9a-f-]{{36}}  \d{{4}}-\d\d-\d\d \d\d:\d\d:\d\dZ  failing  diagnostic\.fail  application system  1 attempt\(s\)  System\.InvalidOperationException: printer on fire$"));

        var retried = await CliRunner.RunAsync(_settings, "queue:retry", first.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Succeeded(retried);
        Assert.That(retried.Output.Trim(), Is.EqualTo($"Job {first} queued again on failing."));
        Assert.That((await StoredJobs.FindAsync(_database.Database, first))!.Status, Is.EqualTo(JobStatus.Queued));

        var forgot = await CliRunner.RunAsync(_settings, "queue:forget", second.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Succeeded(forgot);
        Assert.That(forgot.Output.Trim(), Is.EqualTo($"Failed job {second} deleted."));
        Assert.That(await StoredJobs.FindAsync(_database.Database, second), Is.Null);

        var all = await CliRunner.RunAsync(_settings, "queue:retry", "all");
        Succeeded(all);
        Assert.That(all.Output.Trim(), Does.Match(@"^\d+ failed job\(s\) queued again\.$"));
        Assert.That((await StoredJobs.FindAsync(_database.Database, third))!.Status, Is.EqualTo(JobStatus.Queued));

        for (var i = 0; i < 2; i++)
        {
            Succeeded(await CliRunner.RunAsync(Serving("failing"), "queue:work", "--queue", "failing", "--once"));
        }
        var flushed = await CliRunner.RunAsync(_settings, "queue:flush");
        Succeeded(flushed);
        Assert.That(flushed.Output.Trim(), Does.Match(@"^\d+ failed job\(s\) deleted\.$"));
        Assert.That(await StoredJobs.FailureAsync(_database.Database, first), Is.Null);
        Assert.That(await StoredJobs.FindAsync(_database.Database, third), Is.Null);
        Assert.That((await CliRunner.RunAsync(_settings, "queue:failed")).Output.Trim(), Is.EqualTo("No failed jobs."));
    }

    [Test]
    public async Task Unknown_queues_bad_options_and_bad_ids_are_clear_errors()
    {
        Failed(await CliRunner.RunAsync(_settings, "queue:work", "--queue", "nowhere,default", "--once"),
            "Unknown queue 'nowhere': neither configured (ApiStudio:Queue:Workers names default, reports) nor holding any job.");
        Failed(await CliRunner.RunAsync(_settings, "queue:listen", "--queue", "nowhere,elsewhere"),
            "Unknown queues 'nowhere', 'elsewhere': neither configured (ApiStudio:Queue:Workers names default, reports) nor holding any job.");
        Failed(await CliRunner.RunAsync(_settings, "queue:work", "--queue", "no such", "--tries", "0", "--timeout", "0", "--sleep", "-1"),
            "--queue: 'no such' is not a queue name (letters, digits, '_', '-' and '.', at most 64). --tries must be between 1 and 1000. " +
            "--timeout must be more than 0 seconds and at most 7 days. --sleep must be more than 0 seconds and at most 3600.");
        Failed(await CliRunner.RunAsync(_settings, "queue:retry", "abc"), "'abc' is not a job id (a positive whole number).");
        Failed(await CliRunner.RunAsync(_settings, "queue:retry", "all", "5"), "'all' is not a job id (a positive whole number; 'all' stands alone).");
        Failed(await CliRunner.RunAsync(_settings, "queue:retry", "987654", "987655"), "No failed job 987654, 987655 (queue:failed lists them).");
        Failed(await CliRunner.RunAsync(_settings, "queue:forget", "-1"), "'-1' is not a job id (a positive whole number).");
        Failed(await CliRunner.RunAsync(_settings, "queue:forget", "987654"), "No failed job 987654 (queue:failed lists them).");
        Failed(await CliRunner.RunAsync(_settings, "queue:failed", "--limit", "0"), "--limit must be at least 1.");
    }
}
