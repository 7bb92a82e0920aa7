using ApiStudio.Engine.Hosting;
using ApiStudio.Engine.Queue;
using ApiStudio.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ApiStudio.Tests.Queue;

/// <summary>The queue's configuration: its defaults, every bad setting named at start, worker groups and queues.</summary>
public class QueueOptionsTests
{
    [Test]
    public void Without_configuration_two_workers_serve_the_default_queue()
    {
        var options = new QueueOptions();
        Assert.That(options.Groups.Select(g => (g.Queues, g.Count)), Is.EqualTo(new[] { ("default", 2) }));
        Assert.That(options.ConfiguredQueues, Is.EqualTo(new[] { "default" }));
        Assert.That(options.Problems(), Is.Empty);
    }

    [Test]
    public void Every_bad_setting_is_named()
    {
        var options = new ApiStudioOptions();
        options.Queue.Workers.Add(new WorkerGroupOptions { Queues = "high, bad name", Count = -1 });
        options.Queue.Workers.Add(new WorkerGroupOptions { Queues = " , " });
        options.Queue.TimeoutSeconds = 0;
        options.Queue.KeepCompletedSeconds = -1;
        var result = new ApiStudioOptionsValidator().Validate(null, options);
        Assert.That(result.Failures, Is.EqualTo(new[]
        {
            "ApiStudio:Queue:Workers:0:Queues: 'bad name' is not a queue name (letters, digits, '_', '-' and '.', at most 64).",
            "ApiStudio:Queue:Workers:0:Count must be between 0 and 256 (it is -1).",
            "ApiStudio:Queue:Workers:1:Queues must name at least one queue.",
            "ApiStudio:Queue:TimeoutSeconds must be greater than 0 (it is 0).",
            "ApiStudio:Queue:KeepCompletedSeconds must be 0 or more (it is -1).",
        }));
    }

    [Test]
    public void A_host_with_a_bad_worker_group_does_not_start()
    {
        var ex = Assert.ThrowsAsync<OptionsValidationException>(async () =>
            await TestHost.StartAsync(new Dictionary<string, string?> { ["ApiStudio:Queue:Workers:0:Queues"] = "mail;sms" }));
        Assert.That(ex!.Message, Does.Contain("ApiStudio:Queue:Workers:0:Queues: 'mail;sms' is not a queue name"));
    }

    [Test]
    public async Task Worker_groups_come_from_configuration_and_a_count_of_zero_runs_none()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["ApiStudio:Queue:Workers:0:Queues"] = "high,default",
            ["ApiStudio:Queue:Workers:0:Count"] = "3",
            ["ApiStudio:Queue:Workers:1:Queues"] = "reports",
            ["ApiStudio:Queue:Workers:1:Count"] = "0",
        });
        Assert.That(host.Services.GetRequiredService<QueueWorkers>().WorkerCount, Is.EqualTo(3));
        Assert.That(host.Services.GetRequiredService<IOptions<ApiStudioOptions>>().Value.Queue.ConfiguredQueues,
            Is.EqualTo(new[] { "high", "default", "reports" }));
    }

    [Test]
    public void Two_handlers_of_one_kind_are_refused()
    {
        var handlers = DiagnosticJobs.Handlers.Concat([DiagnosticJobs.Handlers[0]]);
        var ex = Assert.Throws<InvalidOperationException>(() => new JobHandlers(handlers, Options.Create(new ApiStudioOptions())));
        Assert.That(ex!.Message, Does.StartWith("Two job handlers have the kind 'diagnostic.echo'"));
    }

    [Test]
    public void Diagnostic_kinds_exist_only_when_switched_on()
    {
        Assert.That(new JobHandlers([], Options.Create(new ApiStudioOptions())).Kinds, Is.Empty);
        var on = new ApiStudioOptions();
        on.Queue.DiagnosticKinds = true;
        Assert.That(new JobHandlers([], Options.Create(on)).Kinds, Is.EqualTo(new[] { "diagnostic.echo", "diagnostic.fail", "diagnostic.sleep" }));
    }

    [Test]
    public async Task Workers_commit_asynchronously_on_PostgreSQL_unless_switched_off()
    {
        await using var database = await TestDatabase.CreateAsync();
        var system = database.Database;
        var worker = QueueServices.WorkerDatabase(system, new QueueOptions());
        var strict = QueueServices.WorkerDatabase(system, new QueueOptions { AsyncWorkerCommits = false });
        if (TestDatabase.Provider == ApiStudio.Engine.Storage.DatabaseProvider.Sqlite)
        {
            // SQLite in WAL mode with synchronous=NORMAL already commits without waiting for the disk.
            Assert.That((worker, strict), Is.EqualTo((system, system)));
            return;
        }
        static Task<string> Setting(ApiStudio.Engine.Storage.Database db) => db.ReadAsync(s => s.QuerySingleAsync<string>("SHOW synchronous_commit"));
        Assert.That((await Setting(worker), await Setting(strict), await Setting(system)), Is.EqualTo(("off", "on", "on")));
    }
}
