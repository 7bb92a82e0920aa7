using System.Net;
using ApiStudio.Engine.Scheduling;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static ApiStudio.Tests.Support.SecurityKit;

namespace ApiStudio.Tests.Http;

/// <summary>
/// Two real hosts on one database (PostgreSQL or one SQLite file), both firing tasks: an every-second task runs exactly
/// once per tick over several ticks — every tick recorded once, the target run once per record — and a task paused or
/// resumed through one host is unscheduled or scheduled again on both. A host starting after a fire time every host
/// missed fires it once within the grace period.
/// </summary>
public class SchedulerClusterTests
{
    private const string Tasks = "api/apistudio/core/task";

    private TestHost _a = null!;
    private TestHost _b = null!;
    private string _token = null!;
    private long _demo;

    [OneTimeSetUp]
    public async Task Start()
    {
        var plugins = new Dictionary<string, string?> { ["ApiStudio:PluginsPath"] = HostCalls.TestPluginsFolder };
        _a = await TestHost.StartAsync(plugins);
        _b = await TestHost.StartAsync(plugins, _a.Database);
        _token = (string)(await LoginAsync(_a, "admin", TestHost.AdminPassword))["token"]!;
        _demo = Application(_a, "examples", "demo").Appid;
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _b.DisposeAsync();
        await _a.DisposeAsync();
    }

    /// <summary>Publishes, through A, a resource that counts its calls under <paramref name="counter"/>, and waits until B serves it too.</summary>
    private async Task PublishCounterAsync(string uri, string counter)
    {
        await PublishAsync(_a, $"""
            name: Counted {uri}
            description: Counts its calls across both hosts (one process).
            account: examples
            application: demo
            uri: {uri}
            method: get
            ttl: 0
            process:
              processor: call_counter
              id: count
              name: {counter}
            """);
        var served = await Eventually.Until(() => GetAsync(_b, $"api/examples/demo/{uri}"), r => r.Status == HttpStatusCode.OK);
        Assert.That(served.Status, Is.EqualTo(HttpStatusCode.OK), served.Body);
    }

    private async Task<long> CreateAsync(TestHost host, string name, string uri)
    {
        var reply = await PostJsonAsync(host, Tasks, new Map
        {
            ["appid"] = _demo, ["name"] = name, ["cron"] = "* * * * * *", ["uri"] = uri,
        }, _token);
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK), reply.Body);
        return (long)((Map)reply.Data!)["tid"]!;
    }

    private async Task<List<Map>> History(TestHost host, long tid)
    {
        var reply = await GetAsync(host, $"{Tasks}/{tid}/history?limit=1000", _token);
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK), reply.Body);
        return ((List<object?>)reply.Data!).Cast<Map>().ToList();
    }

    private async Task Post(TestHost host, long tid, string verb) =>
        Assert.That((await PostJsonAsync(host, $"{Tasks}/{tid}/{verb}", new Map(), _token)).Status, Is.EqualTo(HttpStatusCode.OK));

    private static bool Finished(Map run) => (string)run["status"]! != TaskRunStatuses.Running;

    private static TaskTriggers Triggers(TestHost host) => host.Services.GetRequiredService<TaskTriggers>();

    [Test]
    public async Task An_every_second_task_runs_once_per_tick_on_two_hosts()
    {
        await PublishCounterAsync("cluster/tick", "cluster-tick");
        var tid = await CreateAsync(_a, "cluster-tick", "cluster/tick");
        Assert.That(await Eventually.UntilValue(() => Triggers(_b).IsScheduled(tid), s => s), Is.True, "B scheduled the task A created");

        var runs = await Eventually.Until(() => History(_a, tid), h => h.Count(Finished) >= 6);
        await Post(_b, tid, "pause");
        runs = await Eventually.Until(() => History(_a, tid), h => h.All(Finished));

        var ticks = runs.Select(r => (long)r["scheduled_for"]!).OrderBy(t => t).ToList();
        Assert.That(ticks, Has.Count.GreaterThanOrEqualTo(6));
        Assert.That(ticks, Is.Unique, "no tick ran twice");
        Assert.That(ticks.Zip(ticks.Skip(1), (x, y) => y - x), Has.All.EqualTo(1000L), "no tick was lost: " + string.Join(",", ticks));
        Assert.That(runs.Select(r => r["status"]), Has.All.EqualTo(TaskRunStatuses.Succeeded), PlainJson.Serialize(runs));
        // Each record is one call of the resource, whichever host ran it (the counter is shared by both hosts of this
        // process): the counts the runs saw are consecutive, so no call happened that was not recorded.
        var counts = runs.Select(r => (long)((Map)PlainJson.Parse((string)r["output"]!)!)["data"]!).OrderBy(c => c).ToList();
        Assert.That(counts.Last() - counts.First(), Is.EqualTo(counts.Count - 1), string.Join(",", counts));
        Assert.That(counts, Is.Unique);
    }

    [Test]
    public async Task Pausing_on_one_host_stops_the_task_on_both_and_resuming_on_the_other_starts_it_on_both()
    {
        await PublishCounterAsync("cluster/pause", "cluster-pause");
        var tid = await CreateAsync(_a, "cluster-pause", "cluster/pause");
        await Eventually.Until(() => History(_a, tid), h => h.Count >= 2);

        await Post(_b, tid, "pause");
        Assert.That(await Eventually.UntilValue(() => (Triggers(_a).IsScheduled(tid), Triggers(_b).IsScheduled(tid)), s => s == (false, false)),
            Is.EqualTo((false, false)), "both hosts dropped the trigger");
        var settled = await Eventually.Until(() => History(_a, tid), h => h.All(Finished));
        await System.Threading.Tasks.Task.Delay(1500);
        Assert.That((await History(_b, tid)).Select(r => r["id"]), Is.EqualTo(settled.Select(r => r["id"])), "no host ran it while paused");

        await Post(_a, tid, "resume");
        Assert.That(await Eventually.UntilValue(() => (Triggers(_a).IsScheduled(tid), Triggers(_b).IsScheduled(tid)), s => s == (true, true)),
            Is.EqualTo((true, true)), "both hosts scheduled it again");
        var again = await Eventually.Until(() => History(_b, tid), h => h.Count >= settled.Count + 2);
        Assert.That(again.Count, Is.GreaterThanOrEqualTo(settled.Count + 2));
        await Post(_a, tid, "pause");
    }

    [Test]
    public async Task A_host_starting_after_a_missed_fire_time_fires_it_once_within_the_grace_period()
    {
        // A host that fires nothing keeps the task; the fire time of the last full minute passes with no host firing.
        var idle = await TestHost.StartAsync(new Dictionary<string, string?> { ["ApiStudio:Scheduler:Enabled"] = "false" });
        await using var idleHost = idle;
        var token = (string)(await LoginAsync(idle, "admin", TestHost.AdminPassword))["token"]!;
        var reply = await PostJsonAsync(idle, Tasks, new Map
        {
            ["appid"] = Application(idle, "examples", "demo").Appid, ["name"] = "minutely", ["cron"] = "0 * * * * *", ["uri"] = "greeting",
        }, token);
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK), reply.Body);
        var tid = (long)((Map)reply.Data!)["tid"]!;
        var before = DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeMilliseconds();
        await idle.Database.Database.InTransactionAsync(db => db.ExecuteAsync("UPDATE tasks SET updated_at = @before WHERE tid = @tid", new { before, tid }));
        Assert.That(idle.Services.GetRequiredService<TaskTriggers>().IsScheduled(tid), Is.False, "a host with the scheduler off holds no trigger");

        var started = DateTimeOffset.UtcNow;
        await using var late = await TestHost.StartAsync(new Dictionary<string, string?> { ["ApiStudio:Scheduler:MisfireGraceSeconds"] = "120" },
            idle.Database);
        var runs = await Eventually.Until(async () => await late.Database.Database.ReadAsync(db => TaskRunMapper.HistoryAsync(db, tid, 10)),
            h => h.Any(r => r.Source == TaskRunSources.CatchUp && r.Status != TaskRunStatuses.Running));
        var caught = runs.Single(r => r.Source == TaskRunSources.CatchUp);
        Assert.That(caught.ScheduledFor % 60_000, Is.Zero, "a fire time of the schedule");
        Assert.That(caught.ScheduledFor, Is.InRange(started.AddSeconds(-61).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()),
            "the latest fire time before the host started");
        Assert.That((caught.Status, caught.StatusCode), Is.EqualTo((TaskRunStatuses.Succeeded, 200L)));
    }
}
