using System.Net;
using System.Text;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Storage;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.SecurityKit;

namespace ApiStudio.Tests.Queue;

/// <summary>
/// <c>.queued</c> event scripts on a real host: they run after the response is sent (a slow one, sleeping in Node.js,
/// never holds the answer up) — for a queued call, after its job has answered —, see the request without its
/// credentials and the response as sent, call platform.api as the caller, run on their queue after their delay, are
/// retried per their tries and end in failed_jobs, run the script as it is saved when the job runs, run after an error
/// answer but not after a call security refused, and fail saying so when their caller was deleted, their script
/// deleted or the event too large for a job.
/// </summary>
public class QueuedScriptTests
{
    private TestHost _host = null!;
    private Database _database = null!;
    private long _appid;
    private UserRow _alice = null!;
    private string _aliceToken = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _host = await TestHost.StartAsync(new Dictionary<string, string?> { ["ApiStudio:Queue:Workers:0:Queues"] = "default,low" });
        _database = _host.Database.Database;
        await _host.CreateApplicationAsync("scripted", "shop");
        (_, _appid) = Application(_host, "scripted", "shop");
        _alice = await CreateUserAsync(_host, "alice", (Roles.Consumer, null, _appid));
        _aliceToken = (string)(await LoginAsync(_host, "alice"))["token"]!;
        const string Order = """
            processor: concatenate
            id: order
            items:
              - "order "
              - processor: var_post
                id: item
                key: item
            """;
        await _host.PublishAsync("scripted", "shop", "post", "orders", Order);
        await _host.PublishAsync("scripted", "shop", "post", "secure-orders", Order, extra: "security:\n  processor: validate_token\n  id: signed_in");
        await _host.PublishAsync("scripted", "shop", "get", "whoami", """
            processor: script
            id: who
            code: "return platform.session.user.name;"
            """, extra: "security:\n  processor: validate_token\n  id: signed_in");
    }

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    [TearDown]
    public Task RemoveScripts() => _host.RemoveScriptsAsync(_appid);

    [Test]
    public async Task A_slow_queued_script_runs_after_the_response_and_sees_the_request_without_credentials_and_the_response_as_sent()
    {
        await ScriptAsync("shop.orders.post.queued", """
            await new Promise((resolve) => setTimeout(resolve, 1500));
            return {
              method: event.request.method,
              item: event.request.payload.item,
              x: event.request.parameters.x,
              authorization: event.request.headers.authorization === undefined ? 'absent' : 'present',
              status: event.response.status_code,
              content: event.response.content,
              uri: event.request.uri,
              finished: Date.now(),
            };
            """, engine: "nodejs");
        var before = await LastJobAsync();
        var reply = await PostJsonAsync(_host, "api/scripted/shop/orders?x=1", new Map { ["item"] = "tea" }, _aliceToken);
        var answeredAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Assert.That(reply.Body, Is.EqualTo("""{"result":"ok","data":"order tea"}"""));
        var job = await CompletedScriptJobAsync(before);
        var result = (Map)((Map)PlainJson.Parse(job.Result!)!)["result"]!;
        Assert.That((long)result["finished"]!, Is.GreaterThan(answeredAt), "the response did not wait for the queued script");
        Assert.That(job.FinishedAt - job.StartedAt, Is.GreaterThanOrEqualTo(1500));
        result.Remove("finished");
        Assert.That(result, Is.EqualTo(new Map
        {
            ["method"] = "POST",
            ["item"] = "tea",
            ["x"] = "1",
            ["authorization"] = "absent",
            ["status"] = 200L,
            ["content"] = "order tea",
            ["uri"] = "orders",
        }));
        Assert.That((job.Queue, job.CreatedBy), Is.EqualTo(("default", (long?)_alice.Uid)));
        Assert.That(job.Payload, Does.Not.Contain(_aliceToken));
    }

    [Test]
    public async Task A_queued_script_calls_platform_api_as_the_caller_who_made_the_call()
    {
        await ScriptAsync("shop.orders.post.queued", """
            const who = platform.api.get('shop/whoami');
            return [who.status_code, who.content.data, platform.session.user ? platform.session.user.name : null, platform.session.session_token];
            """);
        var before = await LastJobAsync();
        await PostJsonAsync(_host, "api/scripted/shop/orders", new Map { ["item"] = "tea" }, _aliceToken);
        var signedIn = await CompletedScriptJobAsync(before);
        Assert.That(signedIn.Result, Is.EqualTo("""{"result":[200,"alice","alice",null]}"""));
        before = await LastJobAsync();
        await PostJsonAsync(_host, "api/scripted/shop/orders", new Map { ["item"] = "tea" });
        var anonymous = await CompletedScriptJobAsync(before);
        Assert.That(anonymous.Result, Does.StartWith("""{"result":[401,"""));
    }

    [Test]
    public async Task A_queued_call_queues_its_queued_scripts_when_its_job_has_answered()
    {
        await ScriptAsync("shop.orders.post.queued", "return [event.response.status_code, event.response.content, platform.session.user.name];");
        var before = await LastJobAsync();
        var accepted = await PostJsonAsync(_host, "api/scripted/shop/orders?queue=1", new Map { ["item"] = "jam" }, _aliceToken);
        Assert.That(accepted.Status, Is.EqualTo(HttpStatusCode.Accepted), accepted.Body);
        var script = await CompletedScriptJobAsync(before);
        Assert.That(script.Result, Is.EqualTo("""{"result":[200,"order jam","alice"]}"""));
        var call = await StoredJobs.FindAsync(_database, (long)((Map)accepted.Data!)["job_id"]!);
        Assert.That((call!.Kind, call.Status), Is.EqualTo(("resource", JobStatus.Completed)));
        Assert.That(script.Id, Is.GreaterThan(call.Id));
    }

    [Test]
    public async Task A_queued_script_runs_on_its_queue_after_its_delay()
    {
        await ScriptAsync("shop.*.post.queued", "return event.request.uri;", queue: "low", delay: 1);
        var before = await LastJobAsync();
        await PostJsonAsync(_host, "api/scripted/shop/orders", new Map { ["item"] = "tea" });
        var job = await CompletedScriptJobAsync(before);
        Assert.That((job.Queue, job.Result), Is.EqualTo(("low", """{"result":"orders"}""")));
        Assert.That(job.StartedAt - job.CreatedAt, Is.GreaterThanOrEqualTo(1000));
    }

    [Test]
    public async Task A_queued_script_that_keeps_throwing_is_retried_per_its_tries_then_kept_in_failed_jobs()
    {
        await ScriptAsync("shop.orders.post.queued", "throw new ServiceUnavailableException('stock service is down');", tries: 3);
        var before = await LastJobAsync();
        await PostJsonAsync(_host, "api/scripted/shop/orders", new Map { ["item"] = "tea" });
        var job = await ScriptJobAsync(before, JobStatus.Failed);
        Assert.That((job.Status, job.Attempts, job.Tries, job.Error), Is.EqualTo((JobStatus.Failed, 3L, 3L, "stock service is down")));
        var failure = await StoredJobs.FailureAsync(_database, job.Id);
        Assert.That((failure!.Kind, failure.Attempts), Is.EqualTo(("script", 3L)));
        Assert.That(failure.Exception, Does.Contain("stock service is down"));
    }

    [Test]
    public async Task Queued_scripts_run_after_an_error_answer_but_not_after_a_call_security_refused()
    {
        await ScriptAsync("shop.orders.post.pre_process", "if (event.request.payload.item === 'bad') { throw new BadRequestException('no such item'); }");
        await ScriptAsync("shop.*.post.queued", "return [event.response.status_code, event.response.content];");
        var before = await LastJobAsync();
        var refused = await PostJsonAsync(_host, "api/scripted/shop/orders", new Map { ["item"] = "bad" });
        Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        var afterError = await CompletedScriptJobAsync(before);
        Assert.That(afterError.Result, Does.StartWith("""{"result":[400,{"result":"error","data":{""").And.Contain("no such item"));

        before = await LastJobAsync();
        var denied = await PostJsonAsync(_host, "api/scripted/shop/secure-orders", new Map { ["item"] = "tea" });
        Assert.That(denied.Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        var allowed = await PostJsonAsync(_host, "api/scripted/shop/secure-orders", new Map { ["item"] = "tea" }, _aliceToken);
        Assert.That(allowed.Status, Is.EqualTo(HttpStatusCode.OK));
        var only = await CompletedScriptJobAsync(before);
        Assert.That(only.Result, Is.EqualTo("""{"result":[200,"order tea"]}"""));
        Assert.That((await ScriptJobsAsync(before)).Select(j => j.Id), Is.EqualTo(new[] { only.Id }));
    }

    [Test]
    public async Task A_queued_script_runs_as_saved_when_its_job_runs_and_a_deleted_one_fails_its_job_saying_so()
    {
        var sid = await ScriptAsync("shop.orders.post.queued", "return 'v1';", delay: 1);
        var before = await LastJobAsync();
        await PostJsonAsync(_host, "api/scripted/shop/orders", new Map { ["item"] = "tea" });
        await _database.InTransactionAsync(db => ScriptMapper.UpdateAsync(db, sid,
            new ScriptData("shop.orders.post.queued", "javascript", "return 'v2';", true, false, null, 1, null, null), null));
        Assert.That((await CompletedScriptJobAsync(before)).Result, Is.EqualTo("""{"result":"v2"}"""));

        before = await LastJobAsync();
        await PostJsonAsync(_host, "api/scripted/shop/orders", new Map { ["item"] = "tea" });
        await _database.InTransactionAsync(db => ScriptMapper.DeleteAsync(db, sid));
        var failed = await ScriptJobAsync(before, JobStatus.Failed);
        Assert.That(failed.Error, Is.EqualTo($"Script {sid} was deleted: the queued script does not run."));
    }

    [Test]
    public async Task A_queued_script_of_a_caller_deleted_before_it_runs_fails_saying_so()
    {
        var dan = await CreateUserAsync(_host, "dan", (Roles.Consumer, null, _appid));
        var token = (string)(await LoginAsync(_host, "dan"))["token"]!;
        await ScriptAsync("shop.orders.post.queued", "return platform.api.get('shop/whoami').content;", delay: 2);
        var before = await LastJobAsync();
        var reply = await PostJsonAsync(_host, "api/scripted/shop/orders", new Map { ["item"] = "tea" }, token);
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK));
        await _database.InTransactionAsync(db => UserMapper.DeleteAsync(db, dan.Uid));
        var failed = await ScriptJobAsync(before, JobStatus.Failed);
        Assert.That(failed.Error, Is.EqualTo($"User {dan.Uid}, who queued this job, was deleted or deactivated: the job does not run."));
    }

    [Test]
    public async Task An_event_larger_than_a_job_holds_fails_its_job_saying_so_and_the_call_is_answered()
    {
        await ScriptAsync("shop.orders.post.queued", "return 'ran';");
        var before = await LastJobAsync();
        var big = PlainJson.Serialize(new Map { ["item"] = new string('z', 1024 * 1024 + 10) });
        var reply = await _host.SendAsync(HttpMethod.Post, "api/scripted/shop/orders", new StringContent(big, Encoding.UTF8, "application/json"));
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK));
        var failed = await ScriptJobAsync(before, JobStatus.Failed);
        Assert.That(failed.Error, Does.Contain("larger than a job holds").And.Contain("shop.orders.post.queued did not run"));
        Assert.That(failed.Payload.Length, Is.LessThan(1000));
    }

    private Task<long> ScriptAsync(string name, string content, string? queue = null, long? delay = null, long? tries = null,
        string engine = "javascript") =>
        _host.AddScriptAsync(_appid, new ScriptData(name, engine, content, true, false, queue, delay, tries, null));

    private async Task<long> LastJobAsync() =>
        (await _database.ReadAsync(db => JobMapper.ListAsync(db, new JobFilter(null, Limit: 1)))).FirstOrDefault()?.Id ?? 0;

    private async Task<List<JobRow>> ScriptJobsAsync(long after) =>
        (await _database.ReadAsync(db => JobMapper.ListAsync(db, new JobFilter([_appid], Limit: 100))))
        .Where(j => j.Id > after && j.Kind == "script").OrderBy(j => j.Id).ToList();

    /// <summary>The first script job queued after job <paramref name="after"/>, once it has <paramref name="status"/>.</summary>
    private async Task<JobRow> ScriptJobAsync(long after, string status)
    {
        var jobs = await Eventually.Until(() => ScriptJobsAsync(after), found => found.Count > 0 && found[0].Status == status);
        Assert.That(jobs, Is.Not.Empty, "no script job was queued");
        Assert.That(jobs[0].Status, Is.EqualTo(status), jobs[0].Error);
        return jobs[0];
    }

    private Task<JobRow> CompletedScriptJobAsync(long after) => ScriptJobAsync(after, JobStatus.Completed);
}
