using System.Net;
using ApiStudio.Engine.Scheduling;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static ApiStudio.Tests.Support.SecurityKit;

namespace ApiStudio.Tests.Http;

/// <summary>
/// Scheduled tasks through the admin API on a real host (<c>task</c>, <c>task/{tid}/run|pause|resume|history</c>): an
/// every-second task fires and records its runs, pausing stops it and resuming starts it again, run now, the order and
/// trimming of the history, overlapping runs skipped or allowed, a run past its timeout, every problem of the input in
/// one 400, and what a hostile designer cannot do: run a task as someone with more rights, or reach another
/// application. The host keeps 5 runs per task and gives a run 3 s.
/// </summary>
public class AdminTaskHttpTests
{
    private const string Tasks = "api/apistudio/core/task";
    private const int KeepRuns = 5;

    private TestHost _host = null!;
    private string _admin = null!;
    private string _developer = null!;
    private string _manager = null!;
    private long _developerUid;
    private long _consumerUid;
    private long _adminUid;
    private (long Accid, long Appid) _demo;
    private long _otherApp;

    [OneTimeSetUp]
    public async Task Start()
    {
        _host = await HostCalls.StartWithTestPluginsAsync(new Dictionary<string, string?>
        {
            ["ApiStudio:Scheduler:KeepRuns"] = KeepRuns.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ApiStudio:Scheduler:RunTimeoutSeconds"] = "3",
        });
        _demo = Application(_host, "examples", "demo");
        _admin = (string)(await LoginAsync(_host, "admin", TestHost.AdminPassword))["token"]!;
        _adminUid = (long)(await LoginAsync(_host, "admin", TestHost.AdminPassword))["uid"]!;
        _developerUid = (await CreateUserAsync(_host, "task_dev", (Roles.Developer, _demo.Accid, _demo.Appid))).Uid;
        _developer = (string)(await LoginAsync(_host, "task_dev"))["token"]!;
        await CreateUserAsync(_host, "task_manager", (Roles.ApplicationManager, _demo.Accid, _demo.Appid));
        _manager = (string)(await LoginAsync(_host, "task_manager"))["token"]!;
        _consumerUid = (await CreateUserAsync(_host, "task_consumer", (Roles.Consumer, _demo.Accid, _demo.Appid))).Uid;
        await _host.CreateApplicationAsync("tasks-other", "elsewhere");
        _otherApp = Application(_host, "tasks-other", "elsewhere").Appid;
        await PublishAsync(_host, Resource("examples", "demo", "tick", "get", "tock"));
        await PublishAsync(_host, Resource("examples", "demo", "echo", "post", """
            processor: var_body
            id: body
            """));
        await PublishAsync(_host, Resource("examples", "demo", "slow", "get", """
            processor: slow_answer
            id: wait
            ms: 1600
            """));
        await PublishAsync(_host, Resource("examples", "demo", "very-slow", "get", """
            processor: slow_answer
            id: wait
            ms: 20000
            """));
        await PublishAsync(_host, Resource("tasks-other", "elsewhere", "private", "get", "not yours"));
    }

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    private static string Resource(string account, string application, string uri, string method, string process) => $"""
        name: Task target {uri}
        description: Called by scheduled tasks.
        account: {account}
        application: {application}
        uri: {uri}
        method: {method}
        ttl: 0
        process:
        {string.Join('\n', process.Split('\n').Select(l => "  " + l))}
        """;

    private static async Task<Map> Ok(Task<Reply> call)
    {
        var reply = await call;
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK), reply.Body);
        return (Map)reply.Data!;
    }

    private Map Task(string name, string cron = "* * * * * *", string uri = "tick", string method = "get") => new()
    {
        ["appid"] = _demo.Appid, ["name"] = name, ["cron"] = cron, ["uri"] = uri, ["method"] = method,
    };

    private Task<Reply> Create(Map body, string? token = null) => PostJsonAsync(_host, Tasks, body, token ?? _developer);

    private Task<Reply> Post(long tid, string verb, string? token = null) =>
        PostJsonAsync(_host, $"{Tasks}/{tid}/{verb}", new Map(), token ?? _developer);

    private async Task<List<Map>> History(long tid)
    {
        var reply = await GetAsync(_host, $"{Tasks}/{tid}/history", _developer);
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK), reply.Body);
        return ((List<object?>)reply.Data!).Cast<Map>().ToList();
    }

    private Task<List<Map>> HistoryUntil(long tid, Func<List<Map>, bool> done) => Eventually.Until(() => History(tid), done);

    private static List<string> Details(Reply reply)
    {
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.BadRequest), reply.Body);
        return ((List<object?>)((Map)reply.Data!)["details"]!).Cast<string>().ToList();
    }

    private static bool Finished(Map run) => (string)run["status"]! != TaskRunStatuses.Running;

    [Test]
    public async Task An_every_second_task_runs_its_resource_and_records_status_and_output()
    {
        var created = await Ok(Create(Task("every-second")));
        var tid = (long)created["tid"]!;
        Assert.That((created["cron"], created["time_zone"], created["method"], created["active"], created["allow_overlap"], created["run_as"]),
            Is.EqualTo(("* * * * * *", "UTC", "get", true, false, _developerUid)));
        Assert.That(created["next_run_at"], Is.GreaterThan(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 1000));
        Assert.That((string)created["next_run"]!, Does.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$"));

        var runs = await HistoryUntil(tid, h => h.Count(r => (string)r["status"]! == TaskRunStatuses.Succeeded) >= 2);
        var succeeded = runs.Where(r => (string)r["status"]! == TaskRunStatuses.Succeeded).ToList();
        Assert.That(succeeded, Has.Count.GreaterThanOrEqualTo(2), PlainJson.Serialize(runs));
        foreach (var run in succeeded)
        {
            Assert.That((run["status_code"], run["source"], run["output"], run["error"]), Is.EqualTo((200L, "schedule", """{"result":"ok","data":"tock"}""", (object?)null)));
            Assert.That((long)run["scheduled_for"]! % 1000, Is.Zero, "a fire time is a whole second");
            Assert.That((long)run["finished_at"]!, Is.GreaterThanOrEqualTo((long)run["started_at"]!));
            Assert.That(run["host"], Is.Not.Empty);
        }
        var read = await Ok(GetAsync(_host, $"{Tasks}/{tid}", _developer));
        Assert.That(read["last_status"], Is.AnyOf(TaskRunStatuses.Succeeded, TaskRunStatuses.Running));
        await Ok(Post(tid, "pause"));
    }

    [Test]
    public async Task Pausing_stops_the_runs_on_the_host_and_resuming_starts_them_again()
    {
        var tid = (long)(await Ok(Create(Task("pause-resume"))))["tid"]!;
        var triggers = _host.Services.GetRequiredService<TaskTriggers>();
        await HistoryUntil(tid, h => h.Count >= 1);

        var paused = await Ok(Post(tid, "pause"));
        Assert.That((paused["active"], paused["next_run"], paused["next_run_at"]), Is.EqualTo((false, (object?)null, (object?)null)));
        Assert.That(await Eventually.UntilValue(() => triggers.IsScheduled(tid), s => !s), Is.False, "the trigger is removed");
        var settled = await HistoryUntil(tid, h => h.All(Finished));
        // Nothing fires while it is paused: a second and a half would hold at least one tick.
        await System.Threading.Tasks.Task.Delay(1500);
        var later = await History(tid);
        Assert.That(later.Select(r => r["id"]), Is.EqualTo(settled.Select(r => r["id"])), "no run while paused");

        var resumed = await Ok(Post(tid, "resume"));
        Assert.That((resumed["active"], resumed["next_run_at"] is long), Is.EqualTo((true, true)));
        var again = await HistoryUntil(tid, h => h.Count > settled.Count);
        Assert.That(again.Count, Is.GreaterThan(settled.Count));
        Assert.That((long)again[0]["scheduled_for"]!, Is.GreaterThan((long)settled[0]["scheduled_for"]!));
        await Ok(Post(tid, "pause"));
    }

    [Test]
    public async Task Run_now_runs_a_paused_task_once_and_records_it_as_manual()
    {
        var body = Task("run-now", cron: "0 0 1 1 *", uri: "echo", method: "post");
        body["payload"] = new Map { ["greeting"] = "hello", ["n"] = 3L };
        body["active"] = false;
        var tid = (long)(await Ok(Create(body)))["tid"]!;

        var started = await Ok(Post(tid, "run"));
        Assert.That((started["tid"], started["status"], started["source"]), Is.EqualTo((tid, TaskRunStatuses.Running, "manual")));
        var runs = await HistoryUntil(tid, h => h.Count == 1 && Finished(h[0]));
        Assert.That(runs, Has.Count.EqualTo(1));
        Assert.That((runs[0]["id"], runs[0]["status"], runs[0]["status_code"]), Is.EqualTo((started["id"], TaskRunStatuses.Succeeded, 200L)));
        Assert.That(PlainJson.Parse((string)runs[0]["output"]!), Is.EqualTo(new Map { ["result"] = "ok", ["data"] = new Map { ["greeting"] = "hello", ["n"] = 3L } }));
    }

    [Test]
    public async Task The_history_is_newest_first_and_keeps_only_the_newest_runs()
    {
        var tid = (long)(await Ok(Create(Task("retention"))))["tid"]!;
        var first = (long)(await HistoryUntil(tid, h => h.Count >= 1)).Last()["scheduled_for"]!;
        var runs = await HistoryUntil(tid, h => h.Count == KeepRuns && h.All(r => (long)r["scheduled_for"]! > first) && h.Skip(1).All(Finished));
        await Ok(Post(tid, "pause"));
        Assert.That(runs, Has.Count.EqualTo(KeepRuns), PlainJson.Serialize(runs));
        Assert.That(runs.Select(r => (long)r["scheduled_for"]!), Is.Ordered.Descending.And.Unique);
        Assert.That(runs.Select(r => (long)r["scheduled_for"]!), Has.All.GreaterThan(first), "the first run was trimmed");
    }

    [Test]
    public async Task Runs_older_than_the_kept_days_are_trimmed_when_a_run_ends()
    {
        var body = Task("old-history", cron: "0 0 1 1 *");
        var tid = (long)(await Ok(Create(body)))["tid"]!;
        var old = DateTimeOffset.UtcNow.AddDays(-45).ToUnixTimeMilliseconds();
        await _host.Database.Database.InTransactionAsync(async db =>
        {
            await TaskRunMapper.ClaimAsync(db, tid, old, TaskRunSources.Schedule, TaskRunStatuses.Skipped, "elsewhere", "from long ago");
            await TaskRunMapper.ClaimAsync(db, tid, old + 1000, TaskRunSources.Schedule, TaskRunStatuses.Skipped, "elsewhere", "from long ago");
        });
        Assert.That(await History(tid), Has.Count.EqualTo(2));
        await Ok(Post(tid, "run"));
        var runs = await HistoryUntil(tid, h => h.Count == 1 && Finished(h[0]));
        Assert.That(runs.Select(r => r["source"]), Is.EqualTo(new[] { "manual" }), "runs of 45 days ago are gone (KeepDays 30)");
    }

    [Test]
    public async Task A_tick_while_the_previous_run_still_runs_is_recorded_as_skipped()
    {
        var tid = (long)(await Ok(Create(Task("no-overlap", uri: "slow"))))["tid"]!;
        var runs = await HistoryUntil(tid, h => h.Any(r => (string)r["status"]! == TaskRunStatuses.Skipped)
            && h.Count(r => (string)r["status"]! == TaskRunStatuses.Succeeded) >= 2);
        await Ok(Post(tid, "pause"));
        var skipped = runs.First(r => (string)r["status"]! == TaskRunStatuses.Skipped);
        Assert.That((string)skipped["error"]!, Does.StartWith("The previous run (id ").And.Contain("was still running"));
        Assert.That(skipped["status_code"], Is.Null);
        var ran = runs.Where(r => (string)r["status"]! == TaskRunStatuses.Succeeded)
            .Select(r => (Start: (long)r["started_at"]!, End: (long)r["finished_at"]!)).OrderBy(r => r.Start).ToList();
        for (var i = 1; i < ran.Count; i++)
        {
            Assert.That(ran[i].Start, Is.GreaterThanOrEqualTo(ran[i - 1].End), "no two runs at once");
        }
    }

    [Test]
    public async Task With_overlap_allowed_a_tick_runs_beside_the_previous_run()
    {
        var body = Task("overlap", uri: "slow");
        body["allow_overlap"] = true;
        var tid = (long)(await Ok(Create(body)))["tid"]!;
        var runs = await HistoryUntil(tid, h => h.Count(r => (string)r["status"]! == TaskRunStatuses.Succeeded) >= 3);
        await Ok(Post(tid, "pause"));
        Assert.That(runs.Select(r => r["status"]), Has.None.EqualTo(TaskRunStatuses.Skipped));
        var ran = runs.Where(r => (string)r["status"]! == TaskRunStatuses.Succeeded)
            .Select(r => (Start: (long)r["started_at"]!, End: (long)r["finished_at"]!)).OrderBy(r => r.Start).ToList();
        Assert.That(ran.Zip(ran.Skip(1)).Any(pair => pair.Second.Start < pair.First.End), Is.True, "two runs overlapped");
    }

    [Test]
    public async Task A_run_whose_host_died_blocks_the_task_only_until_it_is_stale()
    {
        var tid = (long)(await Ok(Create(Task("dead-host", cron: "0 0 1 1 *"))))["tid"]!;
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await _host.Database.Database.InTransactionAsync(db =>
            TaskRunMapper.ClaimAsync(db, tid, now - 1000, TaskRunSources.Schedule, TaskRunStatuses.Running, "fresh-host"));
        var skipped = await Ok(Post(tid, "run"));
        Assert.That((skipped["status"], (string)skipped["error"]!), Is.EqualTo((TaskRunStatuses.Skipped,
            "The previous run (id " + (await History(tid)).Last()["id"] + $", fired for {DateTimeOffset.FromUnixTimeMilliseconds(now - 1000).UtcDateTime:O}) " +
            "was still running on fresh-host, and the task does not allow overlap.")));

        // The run of a host that died long ago (older than the timeout and a minute) no longer counts as running.
        await _host.Database.Database.InTransactionAsync(db => db.ExecuteAsync(
            "UPDATE task_runs SET started_at = @old WHERE tid = @tid AND host = 'fresh-host'", new { tid, old = now - 600_000 }));
        var started = await Ok(Post(tid, "run"));
        Assert.That(started["status"], Is.EqualTo(TaskRunStatuses.Running));
        var runs = await HistoryUntil(tid, h => h.All(Finished));
        var abandoned = runs.Single(r => (string)r["host"]! == "fresh-host");
        Assert.That((abandoned["status"], (string)abandoned["error"]!), Is.EqualTo((TaskRunStatuses.Failed,
            "Abandoned: its host stopped answering before the run ended (it did not finish within its timeout).")));
        Assert.That(runs.Single(r => r["id"]!.Equals(started["id"]))["status"], Is.EqualTo(TaskRunStatuses.Succeeded));
    }

    [Test]
    public async Task A_run_past_its_timeout_is_recorded_as_failed()
    {
        var tid = (long)(await Ok(Create(Task("too-slow", cron: "0 0 1 1 *", uri: "very-slow"))))["tid"]!;
        await Ok(Post(tid, "run"));
        var runs = await HistoryUntil(tid, h => h.Count == 1 && Finished(h[0]));
        Assert.That((runs[0]["status"], runs[0]["error"]),
            Is.EqualTo((TaskRunStatuses.Failed, "Timed out after 3 s (ApiStudio:Scheduler:RunTimeoutSeconds).")));
        Assert.That((long)runs[0]["duration_ms"]!, Is.InRange(2900L, 10_000L));
    }

    [Test]
    public async Task A_script_of_the_application_runs_with_the_payload_and_its_log()
    {
        var sid = (long)(await Ok(PostJsonAsync(_host, "api/apistudio/core/script", new Map
        {
            ["appid"] = _demo.Appid, ["name"] = "demo.nightly.post.queued",
            ["content"] = "console.log('count ' + event.request.payload.count); return { task: event.request.parameters.task };",
        }, _developer)))["sid"]!;
        var tid = (long)(await Ok(Create(new Map
        {
            ["appid"] = _demo.Appid, ["name"] = "scripted", ["cron"] = "0 3 * * *", ["time_zone"] = "Europe/Berlin", ["script"] = sid,
            ["payload"] = new Map { ["count"] = 7L },
        })))["tid"]!;
        await Ok(Post(tid, "run"));
        var runs = await HistoryUntil(tid, h => h.Count == 1 && Finished(h[0]));
        Assert.That((runs[0]["status"], runs[0]["status_code"], runs[0]["output"]),
            Is.EqualTo((TaskRunStatuses.Succeeded, 200L, "{\"task\":\"scripted\"}\ncount 7")));
        var read = await Ok(GetAsync(_host, $"{Tasks}/{tid}", _developer));
        Assert.That((read["script"], read["uri"], read["method"], read["time_zone"]), Is.EqualTo((sid, (object?)null, (object?)null, "Europe/Berlin")));
        Assert.That((string)read["next_run"]!, Does.Match(@"T03:00:00\+0[12]:00$"), "03:00 in Berlin");
    }

    [Test]
    public async Task Every_problem_of_a_task_is_listed_in_one_400_naming_its_field()
    {
        var details = Details(await Create(new Map
        {
            ["appid"] = _demo.Appid, ["name"] = "bad name!", ["cron"] = "61 * * * *", ["time_zone"] = "Mars/Olympus", ["uri"] = "no-such-thing",
            ["method"] = "fetch",
        }));
        Assert.That(details, Has.Count.EqualTo(4), string.Join("\n", details));
        Assert.That(details[0], Does.StartWith("'name' may contain only"));
        Assert.That(details[1], Does.StartWith("'method' must be one of get, post, put, patch, delete; got 'fetch'"));
        Assert.That(details[2], Does.StartWith("'time_zone' 'Mars/Olympus' is not an IANA time zone"));
        Assert.That(details[3], Does.StartWith("'cron' '61 * * * *' is not a valid cron expression"));

        details = Details(await Create(Task("bad-six", cron: "*/0 * * * * *", uri: "no-such-thing")));
        Assert.That(details, Has.Count.EqualTo(2), string.Join("\n", details));
        Assert.That(details[0], Does.StartWith("'cron' '*/0 * * * * *' is not a valid cron expression").And.Contain("step of 0"));
        Assert.That(details[1], Is.EqualTo("'uri' GET no-such-thing is not a published resource of application examples/demo."));

        details = Details(await Create(Task("bad-dow", cron: "0 0 * * 8")));
        Assert.That(details, Is.EqualTo(new[] { details[0] }));
        Assert.That(details[0], Does.StartWith("'cron' '0 0 * * 8'").And.Contain("0-7"));

        details = Details(await Create(Task("seven", cron: "0 0 0 * * ? 2030", uri: "tick")));
        Assert.That(details[0], Does.StartWith("'cron' must have 5 fields").And.EndWith("has 7."));

        details = Details(await Create(Task("never", cron: "0 0 30 2 *")));
        Assert.That(details, Is.EqualTo(new[] { "'cron' '0 0 30 2 *' never fires (no such date comes again)." }));

        details = Details(await Create(new Map { ["appid"] = _demo.Appid, ["name"] = "no-target", ["cron"] = "* * * * *", ["time_zone"] = "W. Europe Standard Time" }));
        Assert.That(details, Has.Count.EqualTo(2), string.Join("\n", details));
        Assert.That(details[0], Does.StartWith("A target is required"));
        Assert.That(details[1], Does.StartWith("'time_zone' 'W. Europe Standard Time' is not an IANA time zone"));

        var both = Task("both");
        both["script"] = 1L;
        Assert.That(Details(await Create(both)), Has.Some.StartsWith("Give 'uri' (a resource of the application) or 'script'"));

        details = Details(await Create(new Map()));
        Assert.That(details, Has.Some.EqualTo("'appid' is required.").And.Some.EqualTo("'name' is required.")
            .And.Some.StartsWith("'cron' is required").And.Some.StartsWith("A target is required"));
    }

    [Test]
    public async Task A_name_taken_in_the_application_is_409()
    {
        await Ok(Create(Task("twice", cron: "0 0 1 1 *")));
        var reply = await Create(Task("twice", cron: "0 0 1 1 *"));
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.Conflict), reply.Body);
        Assert.That(((Map)reply.Data!)["message"], Does.Contain("Task (twice) already exists in application examples/demo."));
    }

    [Test]
    public async Task A_task_is_changed_and_deleted_and_then_no_longer_scheduled()
    {
        var tid = (long)(await Ok(Create(Task("changing", cron: "0 0 1 1 *"))))["tid"]!;
        var triggers = _host.Services.GetRequiredService<TaskTriggers>();
        Assert.That(await Eventually.UntilValue(() => triggers.IsScheduled(tid), s => s), Is.True);
        var changed = await Ok(SendJsonAsync(_host, HttpMethod.Put, $"{Tasks}/{tid}", new Map
        {
            ["cron"] = "30 4 * * 1", ["time_zone"] = "America/New_York", ["uri"] = "echo", ["method"] = "post", ["payload"] = new Map { ["a"] = 1L },
        }, _developer));
        Assert.That((changed["cron"], changed["time_zone"], changed["uri"], changed["method"], changed["version"]),
            Is.EqualTo(("30 4 * * 1", "America/New_York", "echo", "post", 2L)));
        var next = DateTimeOffset.Parse((string)changed["next_run"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.That((next.DayOfWeek, next.Hour, next.Minute), Is.EqualTo((DayOfWeek.Monday, 4, 30)), "Monday 04:30 in New York");
        Assert.That(next.ToUnixTimeMilliseconds(), Is.EqualTo(changed["next_run_at"]));

        var listed = ((List<object?>)(await GetAsync(_host, $"{Tasks}?appid={_demo.Appid}", _developer)).Data!).Cast<Map>();
        Assert.That(listed.Select(t => t["name"]), Does.Contain("changing"));

        var deleted = await SendAsync(_host, new HttpRequestMessage(HttpMethod.Delete, $"{Tasks}/{tid}"), _developer);
        Assert.That(deleted.Body, Is.EqualTo("""{"result":"ok","data":true}"""));
        Assert.That(await Eventually.UntilValue(() => triggers.IsScheduled(tid), s => !s), Is.False);
        Assert.That((await GetAsync(_host, $"{Tasks}/{tid}", _developer)).Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Another_applications_task_and_script_are_out_of_reach()
    {
        var foreign = await Ok(Create(new Map
        {
            ["appid"] = _otherApp, ["name"] = "theirs", ["cron"] = "0 0 1 1 *", ["uri"] = "private",
        }, _admin));
        var tid = (long)foreign["tid"]!;
        foreach (var (method, path) in new[] { ("GET", $"{Tasks}/{tid}"), ("PUT", $"{Tasks}/{tid}"), ("DELETE", $"{Tasks}/{tid}"),
                     ("POST", $"{Tasks}/{tid}/run"), ("POST", $"{Tasks}/{tid}/pause"), ("GET", $"{Tasks}/{tid}/history") })
        {
            var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method is "PUT" or "POST")
            {
                request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            }
            var reply = await SendAsync(_host, request, _developer);
            Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.NotFound), $"{method} {path}: {reply.Body}");
        }
        Assert.That((await GetAsync(_host, $"{Tasks}?appid={_otherApp}", _developer)).Status, Is.EqualTo(HttpStatusCode.NotFound));
        var mine = ((List<object?>)(await GetAsync(_host, Tasks, _developer)).Data!).Cast<Map>();
        Assert.That(mine.Select(t => t["appid"]), Has.None.EqualTo(_otherApp));

        var otherScript = (long)(await Ok(PostJsonAsync(_host, "api/apistudio/core/script", new Map
        {
            ["appid"] = _otherApp, ["name"] = "elsewhere.job.post.queued", ["content"] = "return 1;",
        }, _admin)))["sid"]!;
        var details = Details(await Create(new Map { ["appid"] = _demo.Appid, ["name"] = "steal-script", ["cron"] = "* * * * *", ["script"] = otherScript }));
        Assert.That(details, Is.EqualTo(new[] { $"'script' {otherScript} is not a script of application examples/demo." }));

        details = Details(await Create(Task("steal-uri", uri: "private")));
        Assert.That(details, Is.EqualTo(new[] { "'uri' GET private is not a published resource of application examples/demo." }));
        foreach (var escape in new[] { "../../tasks-other/elsewhere/private", "/api/tasks-other/elsewhere/private", "http://localhost/api/tasks-other/elsewhere/private", "a/./b" })
        {
            details = Details(await Create(Task("escape", uri: escape)));
            Assert.That(details, Has.Count.EqualTo(1).And.Some.StartsWith("'uri' must be a path within the task's application"), escape);
        }
    }

    [Test]
    public async Task A_designer_runs_a_task_only_as_themselves_or_as_a_user_whose_roles_they_may_grant()
    {
        var asAdmin = Task("as-admin", cron: "0 0 1 1 *");
        asAdmin["run_as"] = _adminUid;
        Assert.That(Details(await Create(asAdmin)), Is.EqualTo(new[]
        {
            $"'run_as' {_adminUid} is not a user you may run tasks as: give your own user id, or a user whose every role you may grant.",
        }));
        Assert.That(Details(await Create(asAdmin, _manager)), Has.Count.EqualTo(1), "an application manager cannot name the administrator");
        var asConsumer = Task("as-consumer", cron: "0 0 1 1 *");
        asConsumer["run_as"] = _consumerUid;
        Assert.That(Details(await Create(asConsumer)), Has.Count.EqualTo(1), "a developer cannot name anyone else");
        var missing = Task("as-nobody", cron: "0 0 1 1 *");
        missing["run_as"] = 999_999L;
        Assert.That(Details(await Create(missing, _manager)), Has.Count.EqualTo(1), "an unknown user reads like a forbidden one");

        var created = await Ok(Create(asConsumer, _manager));
        Assert.That(created["run_as"], Is.EqualTo(_consumerUid));

        // A developer may not take over a task running as someone else: changing it checks its run-as user against them.
        var reply = await SendJsonAsync(_host, HttpMethod.Put, $"{Tasks}/{created["tid"]}", new Map { ["uri"] = "echo", ["method"] = "post" }, _developer);
        Assert.That(Details(reply), Has.Count.EqualTo(1).And.Some.StartsWith($"'run_as' {_consumerUid} is not a user you may run tasks as"));
    }

    [Test]
    public async Task A_run_as_user_without_access_to_the_resource_fails_with_its_status()
    {
        var body = Task("note-as-consumer", cron: "0 0 1 1 *", uri: "developer-note");
        body["run_as"] = _consumerUid;
        var tid = (long)(await Ok(Create(body, _manager)))["tid"]!;
        await Ok(Post(tid, "run"));
        var runs = await HistoryUntil(tid, h => h.Count == 1 && Finished(h[0]));
        Assert.That((runs[0]["status"], runs[0]["status_code"]), Is.EqualTo((TaskRunStatuses.Failed, 403L)));
        Assert.That((string)runs[0]["error"]!, Does.StartWith("HTTP 403: "));

        var own = (long)(await Ok(Create(Task("note-as-developer", cron: "0 0 1 1 *", uri: "developer-note"))))["tid"]!;
        await Ok(Post(own, "run"));
        runs = await HistoryUntil(own, h => h.Count == 1 && Finished(h[0]));
        Assert.That((runs[0]["status"], runs[0]["status_code"]), Is.EqualTo((TaskRunStatuses.Succeeded, 200L)));
        Assert.That((string)runs[0]["output"]!, Does.Contain("the deploy window is Friday"));
    }

    [Test]
    public async Task Rights_granted_to_the_run_as_user_later_do_not_reach_a_task_its_author_could_not_make()
    {
        var promoted = await CreateUserAsync(_host, "task_promoted", (Roles.Consumer, _demo.Accid, _demo.Appid));
        var body = Task("promoted", cron: "0 0 1 1 *");
        body["run_as"] = promoted.Uid;
        var tid = (long)(await Ok(Create(body, _manager)))["tid"]!;
        await Ok(Post(tid, "run"));
        Assert.That((await HistoryUntil(tid, h => h.Count == 1 && Finished(h[0])))[0]["status"], Is.EqualTo(TaskRunStatuses.Succeeded));

        await _host.Database.Database.InTransactionAsync(async db =>
            await UserRoleMapper.CreateAsync(db, promoted.Uid, (await RoleMapper.FindByNameAsync(db, Roles.Administrator))!.Rid, null, null));
        await Ok(Post(tid, "run"));
        var runs = await HistoryUntil(tid, h => h.Count == 2 && h.All(Finished));
        Assert.That((runs[0]["status"], runs[0]["status_code"]), Is.EqualTo((TaskRunStatuses.Failed, 403L)));
        Assert.That((string)runs[0]["error"]!, Does.Contain($"may not run it as user {promoted.Uid}"));
    }

    [Test]
    public async Task A_consumer_may_not_manage_tasks()
    {
        await CreateUserAsync(_host, "task_reader", (Roles.Consumer, _demo.Accid, _demo.Appid));
        var token = (string)(await LoginAsync(_host, "task_reader"))["token"]!;
        Assert.That((await Create(Task("by-consumer", cron: "0 0 1 1 *"), token)).Status, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await GetAsync(_host, $"{Tasks}?appid={_demo.Appid}", token)).Status, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await PostJsonAsync(_host, Tasks, Task("anonymous", cron: "0 0 1 1 *"))).Status, Is.EqualTo(HttpStatusCode.Unauthorized));
    }
}
