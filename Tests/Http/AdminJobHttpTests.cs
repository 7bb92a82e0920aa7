using System.Net;
using ApiStudio.Engine.Queue;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static ApiStudio.Tests.Support.SecurityKit;

namespace ApiStudio.Tests.Http;

/// <summary>
/// Queued jobs through the admin API on a real host with real workers (<c>GET job</c>, <c>GET job/failed</c>,
/// <c>POST job/failed/{id|all}/retry</c>, <c>DELETE job/failed[/{id}]</c>): a job's status and result, filtered lists,
/// the life of a failed job (retried, forgotten, flushed), bad filters and ids — and one application's developer never
/// sees, retries, forgets or flushes another application's jobs, nor system jobs.
/// </summary>
public class AdminJobHttpTests
{
    private const string Jobs = "api/apistudio/core/job";

    private readonly TestJobs _jobs = new();
    private TestHost _host = null!;
    private IJobQueue _queue = null!;
    private string _admin = null!;
    private string _shopDeveloper = null!;
    private string _shopConsumer = null!;
    private long _shop;
    private long _portal;

    [OneTimeSetUp]
    public async Task Start()
    {
        _host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["ApiStudio:Queue:Workers:0:Queues"] = "default,mail,lists,life",
        }, services: _jobs.AddTo);
        _queue = _host.Services.GetRequiredService<IJobQueue>();
        _admin = (string)(await LoginAsync(_host, "admin", TestHost.AdminPassword))["token"]!;
        var acme = await Create("account", new Map { ["name"] = "acme" }, "accid");
        var globex = await Create("account", new Map { ["name"] = "globex" }, "accid");
        _shop = await Create("application", new Map { ["accid"] = acme, ["name"] = "shop" }, "appid");
        _portal = await Create("application", new Map { ["accid"] = globex, ["name"] = "portal" }, "appid");
        await CreateUserAsync(_host, "shop_dev", (Roles.Developer, acme, _shop));
        await CreateUserAsync(_host, "shop_user", (Roles.Consumer, acme, _shop));
        _shopDeveloper = (string)(await LoginAsync(_host, "shop_dev"))["token"]!;
        _shopConsumer = (string)(await LoginAsync(_host, "shop_user"))["token"]!;
    }

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    private async Task<long> Create(string path, Map body, string id)
    {
        var reply = await PostJsonAsync(_host, "api/apistudio/core/" + path, body, _admin);
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK), reply.Body);
        return (long)((Map)reply.Data!)[id]!;
    }

    private static object? Ok(Reply reply)
    {
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK), reply.Body);
        return reply.Data;
    }

    private static void Refused(Reply reply, HttpStatusCode status, string? message = null)
    {
        Assert.That(reply.Status, Is.EqualTo(status), reply.Body);
        if (message is not null)
        {
            Assert.That(((Map)reply.Data!)["message"], Is.EqualTo(message), reply.Body);
        }
    }

    private Task<Reply> Delete(string path, string token) => SendAsync(_host, new HttpRequestMessage(HttpMethod.Delete, path), token);

    private Task<Reply> Post(string path, string token) => SendAsync(_host, new HttpRequestMessage(HttpMethod.Post, path), token);

    /// <summary>Queues a job and waits until it has the status.</summary>
    private async Task<long> Settled(JobRequest request, string status)
    {
        var id = await _queue.EnqueueAsync(request);
        Assert.That((await StoredJobs.UntilAsync(_host.Database.Database, id, status))?.Status, Is.EqualTo(status));
        return id;
    }

    private static List<long> Ids(object? data) => ((List<object?>)data!).Cast<Map>().Select(j => (long)j["id"]!).ToList();

    [Test]
    public async Task A_developer_reads_a_job_of_the_application_with_its_status_and_result()
    {
        var id = await Settled(new JobRequest("test.ok", "{}") { Appid = _shop, Queue = "mail" }, JobStatus.Completed);
        var job = (Map)Ok(await GetAsync(_host, $"{Jobs}/{id}", _shopDeveloper))!;
        Assert.That((job["id"], job["queue"], job["status"], job["attempts"], job["error"], job["kind"], job["appid"], job["tries"]),
            Is.EqualTo((id, "mail", "completed", 1L, (object?)null, "test.ok", _shop, 1L)));
        Assert.That(job["result"], Is.EqualTo(new Map { ["ok"] = true }));
        Assert.That((long)job["finished_at"]!, Is.GreaterThanOrEqualTo((long)job["started_at"]!));
        Assert.That((long)job["started_at"]!, Is.GreaterThanOrEqualTo((long)job["created_at"]!));
    }

    [Test]
    public async Task Lists_hold_only_the_jobs_the_caller_administers_filtered_by_queue_and_status()
    {
        var shopJob = await Settled(new JobRequest("test.ok", "{}") { Appid = _shop, Queue = "lists" }, JobStatus.Completed);
        var waiting = await _queue.EnqueueAsync(new JobRequest("test.ok", "{}") { Appid = _shop, Queue = "lists", Delay = TimeSpan.FromHours(1) });
        var portalJob = await Settled(new JobRequest("test.ok", "{}") { Appid = _portal, Queue = "lists" }, JobStatus.Completed);
        var systemJob = await Settled(new JobRequest("test.ok", "{}") { Queue = "lists" }, JobStatus.Completed);

        Assert.That(Ids(Ok(await GetAsync(_host, $"{Jobs}?queue=lists", _shopDeveloper))), Is.EqualTo(new[] { waiting, shopJob }));
        Assert.That(Ids(Ok(await GetAsync(_host, $"{Jobs}?queue=lists&status=queued", _shopDeveloper))), Is.EqualTo(new[] { waiting }));
        Assert.That(Ids(Ok(await GetAsync(_host, $"{Jobs}?queue=lists", _admin))), Is.EqualTo(new[] { systemJob, portalJob, waiting, shopJob }));
        Assert.That(Ids(Ok(await GetAsync(_host, $"{Jobs}?queue=lists&appid={_portal}", _admin))), Is.EqualTo(new[] { portalJob }));
        Assert.That(Ids(Ok(await GetAsync(_host, $"{Jobs}?queue=lists&limit=1", _admin))), Is.EqualTo(new[] { systemJob }));
        Assert.That(Ids(Ok(await GetAsync(_host, $"{Jobs}?queue=lists&limit=2&before={systemJob}", _admin))), Is.EqualTo(new[] { portalJob, waiting }));

        Refused(await GetAsync(_host, $"{Jobs}?appid={_portal}", _shopDeveloper), HttpStatusCode.NotFound);
        Refused(await GetAsync(_host, $"{Jobs}?appid={_shop}", _shopConsumer), HttpStatusCode.Forbidden);
        Assert.That(Ids(Ok(await GetAsync(_host, $"{Jobs}?queue=lists", _shopConsumer))), Is.Empty);
    }

    [Test]
    public async Task One_application_never_reaches_another_applications_jobs_nor_system_jobs()
    {
        var portalFailed = await Settled(new JobRequest("test.fail", "{}") { Appid = _portal }, JobStatus.Failed);
        var systemFailed = await Settled(new JobRequest("test.fail", "{}"), JobStatus.Failed);
        var shopFailed = await Settled(new JobRequest("test.fail", "{}") { Appid = _shop }, JobStatus.Failed);
        foreach (var other in new[] { portalFailed, systemFailed })
        {
            Refused(await GetAsync(_host, $"{Jobs}/{other}", _shopDeveloper), HttpStatusCode.NotFound, $"Job {other} does not exist.");
            Refused(await GetAsync(_host, $"{Jobs}/failed/{other}", _shopDeveloper), HttpStatusCode.NotFound);
            Refused(await Post($"{Jobs}/failed/{other}/retry", _shopDeveloper), HttpStatusCode.NotFound);
            Refused(await Delete($"{Jobs}/failed/{other}", _shopDeveloper), HttpStatusCode.NotFound);
        }
        Refused(await GetAsync(_host, $"{Jobs}/{shopFailed}", _shopConsumer), HttpStatusCode.Forbidden);
        Refused(await Delete($"{Jobs}/failed/{shopFailed}", _shopConsumer), HttpStatusCode.Forbidden);
        Refused(await GetAsync(_host, $"{Jobs}/{shopFailed}", null!), HttpStatusCode.Unauthorized);

        var failed = Ids(Ok(await GetAsync(_host, $"{Jobs}/failed", _shopDeveloper)));
        Assert.That(failed, Does.Contain(shopFailed).And.No.Member(portalFailed).And.No.Member(systemFailed));
        // The consumer's "all" covers nothing; the developer's only the shop's failures.
        Assert.That(Ok(await Post($"{Jobs}/failed/all/retry", _shopConsumer)), Is.EqualTo(new Map { ["retried"] = 0L }));
        Assert.That(Ok(await Delete($"{Jobs}/failed", _shopConsumer)), Is.EqualTo(new Map { ["deleted"] = 0L }));
        var flushed = (Map)Ok(await Delete($"{Jobs}/failed", _shopDeveloper))!;
        Assert.That((long)flushed["deleted"]!, Is.GreaterThanOrEqualTo(1));
        Assert.That(await StoredJobs.FailureAsync(_host.Database.Database, shopFailed), Is.Null);
        Assert.That(await StoredJobs.FailureAsync(_host.Database.Database, portalFailed), Is.Not.Null);
        Assert.That(await StoredJobs.FailureAsync(_host.Database.Database, systemFailed), Is.Not.Null);
        Assert.That(Ids(Ok(await GetAsync(_host, $"{Jobs}/failed", _admin))), Does.Contain(portalFailed).And.Contain(systemFailed));
    }

    [Test]
    public async Task A_failed_job_is_listed_with_its_exception_retried_forgotten_and_flushed()
    {
        // Fails its first run (one try), succeeds when retried.
        var recovers = await Settled(new JobRequest("test.fail", """{"failures": 1}""") { Appid = _shop, Queue = "life" }, JobStatus.Failed);
        var forgotten = await Settled(new JobRequest("test.fail", "{}") { Appid = _shop, Queue = "life" }, JobStatus.Failed);

        var failure = (Map)Ok(await GetAsync(_host, $"{Jobs}/failed/{recovers}", _shopDeveloper))!;
        Assert.That((failure["id"], failure["queue"], failure["kind"], failure["appid"], failure["payload"], failure["attempts"]),
            Is.EqualTo((recovers, "life", "test.fail", _shop, """{"failures": 1}""", 1L)));
        Assert.That((string)failure["exception"]!, Does.StartWith($"System.InvalidOperationException: boom {recovers} run 1"));
        var job = (Map)Ok(await GetAsync(_host, $"{Jobs}/{recovers}", _shopDeveloper))!;
        Assert.That((job["status"], job["error"]), Is.EqualTo(("failed", $"boom {recovers} run 1")));

        var retried = (Map)Ok(await Post($"{Jobs}/failed/{recovers}/retry", _shopDeveloper))!;
        Assert.That((retried["id"], retried["status"], retried["attempts"], retried["error"]), Is.EqualTo((recovers, "queued", 0L, (object?)null)));
        Assert.That((await StoredJobs.UntilAsync(_host.Database.Database, recovers, JobStatus.Completed))!.Result,
            Is.EqualTo("""{"recovered_after":1}"""));
        Refused(await GetAsync(_host, $"{Jobs}/failed/{recovers}", _shopDeveloper), HttpStatusCode.NotFound);
        Refused(await Post($"{Jobs}/failed/{recovers}/retry", _shopDeveloper), HttpStatusCode.NotFound);

        Assert.That(Ok(await Delete($"{Jobs}/failed/{forgotten}", _shopDeveloper)), Is.True);
        Refused(await GetAsync(_host, $"{Jobs}/{forgotten}", _shopDeveloper), HttpStatusCode.NotFound);
        Refused(await Delete($"{Jobs}/failed/{forgotten}", _shopDeveloper), HttpStatusCode.NotFound, $"Failed job {forgotten} does not exist.");

        var again = new[]
        {
            await Settled(new JobRequest("test.fail", "{}") { Appid = _shop, Queue = "life" }, JobStatus.Failed),
            await Settled(new JobRequest("test.fail", "{}") { Appid = _shop, Queue = "life" }, JobStatus.Failed),
        };
        var all = (Map)Ok(await Post($"{Jobs}/failed/all/retry", _shopDeveloper))!;
        Assert.That((long)all["retried"]!, Is.GreaterThanOrEqualTo(2));
        foreach (var id in again)
        {
            // Retried: run again (and failed again, this kind always fails).
            await Eventually.UntilValue(() => _jobs.Runs.GetValueOrDefault(id), runs => runs == 2);
            Assert.That(_jobs.Runs[id], Is.EqualTo(2));
            Assert.That((await StoredJobs.UntilAsync(_host.Database.Database, id, JobStatus.Failed))!.Error, Is.EqualTo($"boom {id} run 2"));
        }
        var flushed = (Map)Ok(await Delete($"{Jobs}/failed", _shopDeveloper))!;
        Assert.That((long)flushed["deleted"]!, Is.GreaterThanOrEqualTo(2));
        Assert.That(Ids(Ok(await GetAsync(_host, $"{Jobs}/failed?appid={_shop}", _shopDeveloper))), Is.Empty);
        Assert.That(Ids(Ok(await GetAsync(_host, $"{Jobs}?appid={_shop}&status=failed", _shopDeveloper))), Is.Empty);
    }

    [Test]
    public async Task Bad_filters_and_ids_are_refused_clearly()
    {
        var reply = await GetAsync(_host, $"{Jobs}?status=done&queue=no%20such&limit=0&appid=-3&before=0", _admin);
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.BadRequest), reply.Body);
        Assert.That(((List<object?>)((Map)reply.Data!)["details"]!).Cast<string>(), Is.EqualTo(new[]
        {
            "'appid' must be a positive id.",
            "'queue' must be 1 to 64 letters, digits, '_', '-' or '.', starting with a letter or digit.",
            "'status' must be one of queued, running, completed, failed; got 'done'.",
            "'limit' must be between 1 and 1000.",
            "'before' must be a positive id.",
        }));
        Refused(await Post($"{Jobs}/failed/everything/retry", _admin), HttpStatusCode.BadRequest, "'job_id' must be a job id or 'all'; got 'everything'.");
        Refused(await Post($"{Jobs}/failed/-4/retry", _admin), HttpStatusCode.BadRequest, "'job_id' must be a job id or 'all'; got '-4'.");
        Refused(await GetAsync(_host, $"{Jobs}/abc", _admin), HttpStatusCode.BadRequest);
        Refused(await Delete($"{Jobs}/failed/abc", _admin), HttpStatusCode.BadRequest);
        Refused(await GetAsync(_host, $"{Jobs}/987654", _admin), HttpStatusCode.NotFound, "Job 987654 does not exist.");
        Refused(await Post($"{Jobs}/failed/987654/retry", _admin), HttpStatusCode.NotFound, "Failed job 987654 does not exist.");
        Refused(await Delete($"{Jobs}/failed/987654", _admin), HttpStatusCode.NotFound, "Failed job 987654 does not exist.");
    }
}
