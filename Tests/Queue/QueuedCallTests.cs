using System.Net;
using System.Text;
using ApiStudio.Engine.Http;
using ApiStudio.Engine.Queue;
using ApiStudio.Engine.Resources;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Storage;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static ApiStudio.Tests.Support.SecurityKit;

namespace ApiStudio.Tests.Queue;

/// <summary>
/// Queued calls on a real host: <c>?queue=1</c> and <c>queued: true</c> answer 202 with the job, security runs when
/// the call is queued (and nothing is queued when it refuses), the job runs the resource once as the caller, its
/// status and result are read at status_url by that caller only, <c>platform.api</c> queues with <c>options.queue</c>
/// (JavaScript and Node.js), an API key caller's job acts with that key and no further, and a job whose application,
/// resource or caller is gone fails saying so. Jobs put on the queue <c>parked</c>, which no worker of the host works,
/// wait until a test runs them.
/// </summary>
public class QueuedCallTests
{
    private const string Parked = "parked";

    private TestHost _host = null!;
    private Database _database = null!;
    private long _appid;
    private long _otherAppid;
    private UserRow _alice = null!;
    private UserRow _bob = null!;
    private string _aliceToken = null!;
    private string _bobToken = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _host = await TestHost.StartAsync();
        _database = _host.Database.Database;
        await _host.CreateApplicationAsync("queueing", "jobs");
        await _host.CreateApplicationAsync("queueing", "other");
        (_, _appid) = Application(_host, "queueing", "jobs");
        (_, _otherAppid) = Application(_host, "queueing", "other");
        _alice = await CreateUserAsync(_host, "alice", (Roles.Consumer, null, _appid));
        _bob = await CreateUserAsync(_host, "bob", (Roles.Consumer, null, _appid));
        _aliceToken = (string)(await LoginAsync(_host, "alice"))["token"]!;
        _bobToken = (string)(await LoginAsync(_host, "bob"))["token"]!;
        const string Echo = """
            processor: concatenate
            id: echo
            items:
              - processor: var_post
                id: name
                key: name
              - /
              - processor: var_get
                id: x
                key: x
                nullable: true
            """;
        await _host.PublishAsync("queueing", "jobs", "post", "echo", Echo);
        await _host.PublishAsync("queueing", "jobs", "post", "secure-echo", Echo, extra: "security:\n  processor: validate_token\n  id: signed_in");
        await _host.PublishAsync("queueing", "jobs", "get", "report", "report ready", extra: "queued: true");
        await _host.PublishAsync("queueing", "jobs", "get", "keyed-inner", "inner", extra: "security:\n  processor: validate_api_key\n  id: key");
        await _host.PublishAsync("queueing", "jobs", "post", "keyed-post", "keyed post", extra: "security:\n  processor: validate_api_key\n  id: key");
        await _host.PublishAsync("queueing", "other", "get", "keyed-inner", "other inner", extra: "security:\n  processor: validate_api_key\n  id: key");
        await _host.PublishAsync("queueing", "jobs", "get", "keyed", """
            processor: script
            id: both
            code: |
              const mine = platform.api.get('jobs/keyed-inner');
              const theirs = platform.api.get('other/keyed-inner');
              return [mine.status_code, mine.content.data, theirs.status_code];
            """, extra: "security:\n  processor: validate_api_key\n  id: key");
        await _host.PublishAsync("queueing", "jobs", "post", "enqueue", """
            processor: script
            id: enqueue
            vars:
              queue:
                processor: var_get
                id: queue_name
                key: q
                nullable: true
              target:
                processor: var_get
                id: target
                key: target
                nullable: true
            code: |
              return platform.api.post('jobs/' + (target || 'secure-echo') + '?x=7', event.request.payload, { queue: queue || true });
            """);
    }

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    [Test]
    public async Task A_call_with_queue_1_answers_202_and_its_job_runs_the_resource_once_as_the_caller_with_body_and_query()
    {
        var accepted = await PostJsonAsync(_host, "api/queueing/jobs/secure-echo?x=7&queue=1", new Map { ["name"] = "ada" }, _aliceToken);
        Assert.That(accepted.Status, Is.EqualTo(HttpStatusCode.Accepted), accepted.Body);
        var job = (Map)accepted.Data!;
        var id = (long)job["job_id"]!;
        var statusUrl = (string)job["status_url"]!;
        Assert.That(job.Keys, Is.EquivalentTo(new[] { "job_id", "status_url" }));
        Assert.That(statusUrl, Does.StartWith($"/api/queueing/jobs/$jobs/{id}?token="));
        Assert.That(accepted.Header("Location"), Is.EqualTo(statusUrl));
        var row = await StoredJobs.UntilAsync(_database, id, JobStatus.Completed);
        Assert.That((row!.Kind, row.Queue, row.Appid, row.CreatedBy, row.Attempts), Is.EqualTo(("resource", "default", (long?)_appid, (long?)_alice.Uid, 1L)));
        Assert.That(row.Payload, Does.Not.Contain(_aliceToken).And.Not.Contain("Bearer"));
        var status = await GetAsync(_host, statusUrl.TrimStart('/'), _aliceToken);
        Assert.That(status.Status, Is.EqualTo(HttpStatusCode.OK), status.Body);
        var data = (Map)status.Data!;
        Assert.That((data["id"], data["status"], data["attempts"]), Is.EqualTo((id, "completed", 1L)));
        var result = (Map)data["result"]!;
        Assert.That((result["status"], result["content"]), Is.EqualTo((200L, new Map { ["result"] = "ok", ["data"] = "ada/7" })));
        Assert.That(status.Header("Cache-Control"), Is.EqualTo("no-store"));
    }

    [Test]
    public async Task A_multipart_body_with_a_binary_file_survives_into_the_job_and_a_binary_answer_is_kept_as_base64()
    {
        await _host.PublishAsync("queueing", "jobs", "post", "upload", "processor: var_file\nid: doc\nfilename: doc");
        var bytes = new byte[] { 0x00, 0xFF, 0xFE, 0x10, 0x80, 0x7F };
        var form = new MultipartFormDataContent
        {
            { new StringContent("quarterly"), "title" },
            { new ByteArrayContent(bytes) { Headers = { ContentType = new("application/octet-stream") } }, "doc", "q.bin" },
        };
        // The Accept header is kept too: the job's answer is the file itself, not JSON.
        var accepted = await _host.SendAsync(HttpMethod.Post, "api/queueing/jobs/upload?queue=1", form, ("Accept", "application/octet-stream"));
        Assert.That(accepted.Status, Is.EqualTo(HttpStatusCode.Accepted), accepted.Body);
        var id = long.Parse(accepted.Header("Location")!.Split('/')[^1].Split('?')[0], System.Globalization.CultureInfo.InvariantCulture);
        var row = await StoredJobs.UntilAsync(_database, id, JobStatus.Completed);
        Assert.That(row!.Payload, Does.Contain("\"body_base64\""));
        var result = (Map)PlainJson.Parse(row.Result!)!;
        Assert.That((result["status"], result["content_type"], result.GetValueOrDefault("content_encoding")),
            Is.EqualTo((200L, "application/octet-stream", "base64")), row.Result);
        Assert.That(Convert.FromBase64String((string)result["content"]!), Is.EqualTo(bytes));
    }

    [Test]
    public async Task The_status_url_is_read_by_the_caller_who_queued_the_call_and_by_nobody_else()
    {
        var accepted = await PostJsonAsync(_host, "api/queueing/jobs/secure-echo?queue=1", new Map { ["name"] = "bea" }, _aliceToken);
        var job = (Map)accepted.Data!;
        var id = (long)job["job_id"]!;
        var statusUrl = ((string)job["status_url"]!).TrimStart('/');
        await StoredJobs.UntilAsync(_database, id, JobStatus.Completed);
        var token = statusUrl[(statusUrl.IndexOf("token=", StringComparison.Ordinal) + 6)..];
        Assert.That((await GetAsync(_host, statusUrl, _aliceToken)).Status, Is.EqualTo(HttpStatusCode.OK));
        var otherUser = await GetAsync(_host, statusUrl, _bobToken);
        Assert.That(otherUser.Status, Is.EqualTo(HttpStatusCode.Forbidden), otherUser.Body);
        Assert.That(otherUser.Body, Does.Not.Contain("bea"));
        var anonymous = await GetAsync(_host, statusUrl);
        Assert.That(anonymous.Status, Is.EqualTo(HttpStatusCode.Unauthorized), anonymous.Body);
        Assert.That(anonymous.Body, Does.Not.Contain("bea"));
        // Guessing: the next id with this token, this id with another token or none, this job under another application.
        Assert.That((await GetAsync(_host, $"api/queueing/jobs/$jobs/{id + 1}?token={token}", _aliceToken)).Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await GetAsync(_host, $"api/queueing/jobs/$jobs/{id}?token={token[..^2]}xx", _aliceToken)).Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await GetAsync(_host, $"api/queueing/jobs/$jobs/{id}", _aliceToken)).Status, Is.EqualTo(HttpStatusCode.NotFound));
        var elsewhere = await GetAsync(_host, $"api/queueing/other/$jobs/{id}?token={token}", _aliceToken);
        Assert.That(elsewhere.Status, Is.EqualTo(HttpStatusCode.NotFound), elsewhere.Body);
        Assert.That(elsewhere.Body, Does.Not.Contain("bea"));
    }

    [Test]
    public async Task A_protected_resource_refuses_an_anonymous_queued_call_and_nothing_is_queued()
    {
        var before = await JobCountAsync();
        var refused = await PostJsonAsync(_host, "api/queueing/jobs/secure-echo?queue=1", new Map { ["name"] = "eve" });
        Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.Unauthorized), refused.Body);
        Assert.That(await JobCountAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task A_resource_declared_queued_answers_202_to_every_call_and_an_anonymous_caller_reads_its_job_with_the_url_alone()
    {
        var accepted = await GetAsync(_host, "api/queueing/jobs/report");
        Assert.That(accepted.Status, Is.EqualTo(HttpStatusCode.Accepted), accepted.Body);
        var job = (Map)accepted.Data!;
        var id = (long)job["job_id"]!;
        var row = await StoredJobs.UntilAsync(_database, id, JobStatus.Completed);
        Assert.That(row!.CreatedBy, Is.Null);
        var status = await GetAsync(_host, ((string)job["status_url"]!).TrimStart('/'));
        Assert.That(status.Status, Is.EqualTo(HttpStatusCode.OK), status.Body);
        var result = (Map)((Map)status.Data!)["result"]!;
        Assert.That(result["content"], Is.EqualTo(new Map { ["result"] = "ok", ["data"] = "report ready" }));
        Assert.That((await GetAsync(_host, $"api/queueing/jobs/$jobs/{id}?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")).Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task A_body_larger_than_a_job_holds_is_refused_with_413_and_nothing_is_queued()
    {
        var before = await JobCountAsync();
        var huge = new string('x', 1024 * 1024 + 10);
        var refused = await _host.SendAsync(HttpMethod.Post, "api/queueing/jobs/echo?queue=1", new StringContent(huge, Encoding.UTF8, "text/plain"));
        Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge), refused.Body);
        Assert.That(refused.Body, Does.Contain("larger than 1048576 bytes"));
        var nearly = await _host.SendAsync(HttpMethod.Post, "api/queueing/jobs/echo?queue=1",
            new StringContent(PlainJson.Serialize(new Map { ["name"] = new string('y', 1024 * 1024 - 100) }), Encoding.UTF8, "application/json"));
        Assert.That(nearly.Status, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge), nearly.Body);
        Assert.That(nearly.Body, Does.Contain("too large to queue").And.Contain("ApiStudio:Queue:MaxPayloadBytes"));
        Assert.That(await JobCountAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task The_admin_api_is_never_queued_so_no_job_keeps_a_password()
    {
        var before = await _database.ReadAsync(db => JobMapper.ListAsync(db, new JobFilter(null, Limit: 10_000)));
        var refused = await PostJsonAsync(_host, "api/apistudio/core/auth/token?queue=1",
            new Dictionary<string, string> { ["username"] = "alice", ["password"] = UserPassword });
        Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.BadRequest), refused.Body);
        Assert.That(refused.Body, Does.Contain("admin API (apistudio/core) are not queued"));
        var after = await _database.ReadAsync(db => JobMapper.ListAsync(db, new JobFilter(null, Limit: 10_000)));
        Assert.That(after.Count, Is.EqualTo(before.Count));
    }

    [TestCase("javascript")]
    [TestCase("nodejs")]
    public async Task Platform_api_with_options_queue_queues_the_call_as_the_caller(string engine)
    {
        var code = engine == "nodejs"
            ? "return await platform.api.post('jobs/secure-echo?x=9', { name: 'cy' }, { queue: true });"
            : "return platform.api.post('jobs/secure-echo?x=9', { name: 'cy' }, { queue: true });";
        await _host.PublishAsync("queueing", "jobs", "get", "enqueue-" + engine,
            $"processor: script\nid: enqueue\nengine: {engine}\ncode: \"{code}\"");
        var reply = await GetAsync(_host, $"api/queueing/jobs/enqueue-{engine}", _aliceToken);
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK), reply.Body);
        var answer = (Map)reply.Data!;
        Assert.That(answer["status_code"], Is.EqualTo(202L), reply.Body);
        var job = (Map)answer["content"]!;
        var id = (long)job["job_id"]!;
        var row = await StoredJobs.UntilAsync(_database, id, JobStatus.Completed);
        Assert.That((row!.CreatedBy, row.Result), Is.EqualTo(((long?)_alice.Uid,
            """{"status":200,"content_type":"application/json; charset=utf-8","content":{"result":"ok","data":"cy/9"}}""")));
        Assert.That((await GetAsync(_host, ((string)job["status_url"]!).TrimStart('/'), _aliceToken)).Status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Platform_api_queues_on_the_named_queue_and_refuses_a_malformed_queue_name()
    {
        var parked = await ParkAsync(new Map { ["name"] = "dee" });
        Assert.That((await StoredJobs.FindAsync(_database, parked))!.Queue, Is.EqualTo(Parked));
        var refused = await PostJsonAsync(_host, "api/queueing/jobs/enqueue?q=bad%20queue", new Map { ["name"] = "dee" }, _aliceToken);
        Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.BadRequest), refused.Body);
        Assert.That(refused.Body, Does.Contain("options.queue must be true or a queue name"));
        await RunParkedAsync(parked);
    }

    [Test]
    public async Task A_queued_call_whose_resource_was_deleted_or_moved_fails_saying_so()
    {
        var temporary = await _host.PublishAsync("queueing", "jobs", "post", "temporary", "temporary");
        var deleted = await ParkAsync(new Map(), "temporary");
        await _host.Registry.DeleteAsync(temporary.Resid);
        var row = await RunParkedAsync(deleted);
        Assert.That(row.Status, Is.EqualTo(JobStatus.Failed));
        Assert.That(row.Error, Does.Contain($"Resource {temporary.Resid}").And.Contain("was deleted"));
        Assert.That((await StoredJobs.FailureAsync(_database, deleted))!.Exception, Does.Contain("was deleted"));

        var moving = await _host.PublishAsync("queueing", "jobs", "post", "moving", "moving");
        var moved = await ParkAsync(new Map(), "moving");
        await _host.Registry.SaveAsync(HostCalls.Document("queueing", "jobs", "post", "moved-away", "moving"), DocumentFormat.Yaml, "moved.yaml", moving.Resid);
        row = await RunParkedAsync(moved);
        Assert.That(row.Error, Does.Contain("changed its method or uri").And.Contain("POST moved-away"));
    }

    [Test]
    public async Task A_queued_call_of_a_deactivated_user_fails_saying_so()
    {
        var carol = await CreateUserAsync(_host, "carol", (Roles.Consumer, null, _appid));
        var token = (string)(await LoginAsync(_host, "carol"))["token"]!;
        var reply = await PostJsonAsync(_host, $"api/queueing/jobs/enqueue?q={Parked}", new Map { ["name"] = "carol" }, token);
        var id = (long)((Map)((Map)reply.Data!)["content"]!)["job_id"]!;
        await SetActiveAsync(_host, carol, false);
        var row = await RunParkedAsync(id);
        Assert.That((row.Status, row.Error), Is.EqualTo((JobStatus.Failed, $"User {carol.Uid}, who queued this job, was deleted or deactivated: the job does not run.")));
    }

    [Test]
    public void A_job_of_a_deleted_application_fails_saying_so()
    {
        var handler = _host.Services.GetServices<IJobHandler>().Single(h => h.Kind == "resource");
        var payload = """{"resid":1,"method":"get","path":"x","caller":{"uid":null,"kid":null}}""";
        var error = Assert.ThrowsAsync<InvalidOperationException>(() => handler.RunAsync(new JobContext(1, "default", "resource", payload, 1, 987654, null), default))!;
        Assert.That(error.Message, Is.EqualTo("The application 987654 of job 1 no longer exists: the job does not run."));
    }

    [Test]
    public async Task An_api_key_caller_queues_and_the_job_acts_with_that_key_in_its_application_only_until_the_key_is_revoked()
    {
        var keys = _host.Services.GetRequiredService<ApiKeyService>();
        var key = await keys.CreateAsync(_appid, "queue key", Roles.Consumer);
        var otherKey = await keys.CreateAsync(_appid, "another key", Roles.Consumer);
        var accepted = await GetAsync(_host, "api/queueing/jobs/keyed?queue=1", null, (ApiKeyService.Header, key.Key));
        Assert.That(accepted.Status, Is.EqualTo(HttpStatusCode.Accepted), accepted.Body);
        var job = (Map)accepted.Data!;
        var row = await StoredJobs.UntilAsync(_database, (long)job["job_id"]!, JobStatus.Completed);
        Assert.That(row!.Payload, Does.Not.Contain(key.Key).And.Contain($"\"kid\":{key.Row.Kid}"));
        // Its own application's key check passes again; another application's refuses it, as it would refuse the key.
        Assert.That(PlainJson.Parse(row.Result!), Is.EqualTo(new Map
        {
            ["status"] = 200L,
            ["content_type"] = "application/json; charset=utf-8",
            ["content"] = new Map { ["result"] = "ok", ["data"] = new List<object?> { 200L, "inner", 401L } },
        }));
        var statusUrl = ((string)job["status_url"]!).TrimStart('/');
        Assert.That((await GetAsync(_host, statusUrl, null, (ApiKeyService.Header, key.Key))).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await GetAsync(_host, statusUrl, null, (ApiKeyService.Header, otherKey.Key))).Status, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await GetAsync(_host, statusUrl, _aliceToken)).Status, Is.EqualTo(HttpStatusCode.Forbidden));

        var reply = await SendAsync(_host, new HttpRequestMessage(HttpMethod.Post, $"api/queueing/jobs/enqueue?q={Parked}&target=keyed-post")
        {
            Content = new StringContent("{}", Encoding.UTF8, "application/json"),
            Headers = { { ApiKeyService.Header, key.Key } },
        });
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK), reply.Body);
        await keys.RevokeAsync(key.Row.Kid);
        var revoked = await RunParkedAsync((long)((Map)((Map)reply.Data!)["content"]!)["job_id"]!);
        Assert.That(revoked.Error, Does.Contain($"The API key {key.Row.Kid} this job was queued with is revoked"));
    }

    /// <summary>Queues a POST of <paramref name="target"/> as alice on the parked queue through platform.api; returns the job's id.</summary>
    private async Task<long> ParkAsync(Map body, string target = "secure-echo")
    {
        var reply = await PostJsonAsync(_host, $"api/queueing/jobs/enqueue?q={Parked}&target={target}", body, _aliceToken);
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK), reply.Body);
        var answer = (Map)reply.Data!;
        Assert.That(answer["status_code"], Is.EqualTo(202L), reply.Body);
        return (long)((Map)answer["content"]!)["job_id"]!;
    }

    /// <summary>Runs the parked job <paramref name="id"/> (the only one parked) once; returns its row.</summary>
    private async Task<JobRow> RunParkedAsync(long id)
    {
        Assert.That((await StoredJobs.FindAsync(_database, id))!.Status, Is.EqualTo(JobStatus.Queued));
        var runner = _host.Services.GetRequiredService<JobRunner>();
        Assert.That(await runner.RunOnceAsync("test", new WorkerSettings([Parked]), CancellationToken.None), Is.True);
        return (await StoredJobs.FindAsync(_database, id))!;
    }

    private async Task<int> JobCountAsync() =>
        (await _database.ReadAsync(db => JobMapper.ListAsync(db, new JobFilter([_appid], Limit: 10_000)))).Count;
}
