using System.Net;
using ApiStudio.Engine.Http;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Resources;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace ApiStudio.Tests.Http;

/// <summary>
/// GET results with ttl &gt; 0 are cached per request (uri, arguments, query, format, and whatever of the
/// headers and the caller the plan reads); ttl 0 and POST never are; a new version of the resource is never answered
/// from the old one's cache. The <c>call_counter</c> test processor counts real evaluations.
/// </summary>
public class ResultCacheTests
{
    private TestHost _host = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _host = await HostCalls.StartWithTestPluginsAsync();
        await _host.CreateApplicationAsync("caching", "app");
    }

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    private static string Counter(string name) => $"processor: call_counter\nid: counter\nname: {name}";

    private Task Publish(string method, string uri, string counter, long ttl, string extra = "") =>
        _host.PublishAsync("caching", "app", method, uri, Counter(counter), ttl, extra);

    private async Task<(string Data, string? Cache)> Call(string path, params (string Name, string Value)[] headers)
    {
        var reply = await _host.GetAsync($"api/caching/app/{path}", headers);
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK), reply.Body);
        return (reply.Body, reply.Header("X-ApiStudio-Cache"));
    }

    private static string Count(long n) => $$"""{"result":"ok","data":{{n}}}""";

    [Test]
    public async Task A_get_with_a_ttl_is_answered_from_the_cache_the_second_time()
    {
        await Publish("get", "cached", "cached", 60);
        Assert.That(await Call("cached"), Is.EqualTo((Count(1), "miss")));
        Assert.That(await Call("cached"), Is.EqualTo((Count(1), "hit")));
    }

    [Test]
    public async Task A_ttl_of_zero_is_never_cached()
    {
        await Publish("get", "uncached", "uncached", 0);
        Assert.That(await Call("uncached"), Is.EqualTo((Count(1), (string?)null)));
        Assert.That(await Call("uncached"), Is.EqualTo((Count(2), (string?)null)));
    }

    [Test]
    public async Task A_post_is_never_cached()
    {
        await Publish("post", "posted", "posted", 60);
        var first = await _host.SendAsync(HttpMethod.Post, "api/caching/app/posted");
        var second = await _host.SendAsync(HttpMethod.Post, "api/caching/app/posted");
        Assert.That((first.Body, second.Body), Is.EqualTo((Count(1), Count(2))));
        Assert.That(second.Header("X-ApiStudio-Cache"), Is.Null);
    }

    [Test]
    public async Task Query_strings_never_share_an_answer()
    {
        await Publish("get", "query", "query", 60);
        Assert.That((await Call("query?a=1")).Data, Is.EqualTo(Count(1)));
        Assert.That((await Call("query?a=2")).Data, Is.EqualTo(Count(2)));
        Assert.That((await Call("query")).Data, Is.EqualTo(Count(3)));
        Assert.That(await Call("query?a=1"), Is.EqualTo((Count(1), "hit")));
    }

    [Test]
    public async Task Named_segments_and_positional_arguments_never_share_an_answer()
    {
        await Publish("get", "users/{id}", "users", 60);
        Assert.That((await Call("users/1")).Data, Is.EqualTo(Count(1)));
        Assert.That((await Call("users/2")).Data, Is.EqualTo(Count(2)));
        Assert.That((await Call("users/2/extra")).Data, Is.EqualTo(Count(3)));
        Assert.That((await Call("users/2/other")).Data, Is.EqualTo(Count(4)));
        Assert.That(await Call("users/1"), Is.EqualTo((Count(1), "hit")));
        Assert.That(await Call("users/2/extra"), Is.EqualTo((Count(3), "hit")));
    }

    [Test]
    public async Task Formats_never_share_an_answer()
    {
        await Publish("get", "formats", "formats", 60);
        Assert.That((await Call("formats")).Data, Is.EqualTo(Count(1)));
        var xml = await Call("formats", ("Accept", "application/xml"));
        Assert.That(xml.Data, Does.Contain("<data>2</data>"));
        Assert.That((await Call("formats", ("Accept", "application/xml"))).Cache, Is.EqualTo("hit"));
    }

    [Test]
    public async Task Two_callers_of_a_secured_resource_never_share_an_answer()
    {
        await Publish("get", "secured", "secured", 60, "security:\n  processor: header_caller\n  id: guard");
        Assert.That((await Call("secured", ("Authorization", "Bearer alice"))).Data, Is.EqualTo(Count(1)));
        Assert.That((await Call("secured", ("Authorization", "Bearer bob"))).Data, Is.EqualTo(Count(2)));
        Assert.That(await Call("secured", ("Authorization", "Bearer alice")), Is.EqualTo((Count(1), "hit")));
        Assert.That(await Call("secured", ("Authorization", "Bearer bob")), Is.EqualTo((Count(2), "hit")));
    }

    [Test]
    public async Task Security_runs_before_the_cache_so_a_cached_answer_never_reaches_a_refused_caller()
    {
        await Publish("get", "guarded", "guarded", 60, "security:\n  processor: header_caller\n  id: guard");
        Assert.That((await Call("guarded", ("Authorization", "Bearer alice"))).Data, Is.EqualTo(Count(1)));
        var refused = await _host.GetAsync("api/caching/app/guarded");
        Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(refused.Body, Does.Not.Contain("\"data\":1"));
    }

    [Test]
    public async Task A_new_version_of_the_resource_is_not_answered_from_the_old_cache()
    {
        var row = await _host.PublishAsync("caching", "app", "get", "versioned", Counter("versioned"), 60);
        Assert.That((await Call("versioned")).Data, Is.EqualTo(Count(1)));
        Assert.That((await Call("versioned")).Cache, Is.EqualTo("hit"));
        await _host.Registry.SaveAsync(HostCalls.Document("caching", "app", "get", "versioned", Counter("versioned-v2"), 60),
            DocumentFormat.Yaml, "versioned.yaml", row.Resid);
        Assert.That(await Call("versioned"), Is.EqualTo((Count(1), "miss")));
        Assert.That(await Call("versioned"), Is.EqualTo((Count(1), "hit")));
    }

    [Test]
    public async Task Errors_are_not_cached()
    {
        await _host.PublishAsync("caching", "app", "get", "failing", """
            processor: concatenate
            id: both
            items:
              - processor: call_counter
                id: counter
                name: failing
              - processor: var_get
                id: q
                key: q
            """, 60);
        Assert.That((await _host.GetAsync("api/caching/app/failing")).Status, Is.EqualTo(HttpStatusCode.BadRequest));
        var second = await _host.GetAsync("api/caching/app/failing");
        Assert.That((second.Status, second.Header("X-ApiStudio-Cache")), Is.EqualTo((HttpStatusCode.BadRequest, (string?)null)));
    }

    [Test]
    public void The_key_is_a_digest_that_holds_no_credential_or_query_in_clear()
    {
        var resource = Published(TestEngine.Resource("x", "security:\n  processor: validate_token\n  id: guard").Replace("ttl: 0", "ttl: 60"));
        var http = new DefaultHttpContext();
        http.Request.Headers.Authorization = "Bearer secret-token";
        http.Request.QueryString = new QueryString("?api_key=secret-key");
        var key = ResultCache.KeyOf(resource, ["a"], http.Request, OutputFormat.Json, null);
        Assert.That(key, Does.Match("^[0-9A-F]{64}$"));

        http.Request.Headers.Authorization = "Bearer other-token";
        Assert.That(ResultCache.KeyOf(resource, ["a"], http.Request, OutputFormat.Json, null), Is.Not.EqualTo(key));
    }

    [Test]
    public void Segment_lists_that_join_to_the_same_text_have_different_keys()
    {
        var resource = new PublishedResource(1, 1, 1, new PreparedResource(
            new ResourceDocument { Source = "test", Ttl = 60 }, "caching", "app", "get", "u",
            null, new Dictionary<string, PlanElement>(), new LiteralPlan(DataContainer.Text("x")), [OutputTarget.Response]));
        var request = new DefaultHttpContext().Request;
        Assert.That(ResultCache.KeyOf(resource, ["a/b"], request, OutputFormat.Json, null),
            Is.Not.EqualTo(ResultCache.KeyOf(resource, ["a", "b"], request, OutputFormat.Json, null)));
    }

    [Test]
    public void A_plan_that_reads_nothing_of_the_request_shares_its_answer_whatever_the_headers()
    {
        var resource = Cached("plain");
        Assert.That(KeyOf(resource, ("Authorization", "Bearer a"), ("X-Any", "1")), Is.EqualTo(KeyOf(resource)).And.Not.Null);
    }

    [Test]
    public void A_named_header_keys_by_its_values_and_nothing_else()
    {
        var resource = Cached("processor: var_header\nid: tenant\nkey: X-Tenant");
        var acme = KeyOf(resource, ("X-Tenant", "acme"));
        Assert.That(KeyOf(resource, ("x-tenant", "acme"), ("X-Other", "1"), ("Authorization", "Bearer a")), Is.EqualTo(acme));
        Assert.That(KeyOf(resource, ("X-Tenant", "globex")), Is.Not.EqualTo(acme));
        Assert.That(KeyOf(resource), Is.Not.EqualTo(acme));
        Assert.That(KeyOf(resource, ("X-Tenant", "a"), ("X-Tenant", "b")), Is.Not.EqualTo(KeyOf(resource, ("X-Tenant", "a,b"))));
    }

    [Test]
    public void Every_header_keys_a_plan_that_may_read_any_header()
    {
        var resource = Cached("processor: var_header\nid: chosen\nkey:\n  processor: var_get\n  id: which\n  key: h");
        var first = KeyOf(resource, ("X-A", "1"), ("X-B", "2"));
        Assert.That(KeyOf(resource, ("x-b", "2"), ("x-a", "1")), Is.EqualTo(first));
        Assert.That(KeyOf(resource, ("X-A", "1"), ("X-B", "3")), Is.Not.EqualTo(first));
        Assert.That(KeyOf(resource, ("X-A", "1")), Is.Not.EqualTo(first));
    }

    [Test]
    public void A_plan_that_reads_the_caller_keys_by_every_credential_header_and_the_identity_found()
    {
        var resource = Cached("processor: var_store_read\nid: stored\nkey: k");
        var anonymous = KeyOf(resource);
        var credentialed = new[]
        {
            KeyOf(resource, ("Authorization", "Bearer a")),
            KeyOf(resource, ("X-ApiStudio-Api-Key", "key")),
            KeyOf(resource, ("Cookie", "session=1")),
        };
        Assert.That(credentialed, Is.All.Not.EqualTo(anonymous));
        Assert.That(credentialed, Is.Unique);
        var request = Request();
        Assert.That(ResultCache.KeyOf(resource, [], request, OutputFormat.Json, new Caller(1, "admin", [])),
            Is.Not.EqualTo(ResultCache.KeyOf(resource, [], request, OutputFormat.Json, new Caller(2, "other", []))));
    }

    [TestCase("processor: var_body\nid: raw")]
    [TestCase("processor: var_post\nid: field\nkey: f")]
    [TestCase("processor: var_request\nid: either\nkey: f")]
    [TestCase("processor: logout\nid: out\nrefresh_token:\n  processor: var_get\n  id: r\n  key: r")]
    public void A_plan_that_reads_what_no_key_covers_has_no_key(string processYaml) =>
        Assert.That(KeyOf(Cached(processYaml), ("Authorization", "Bearer a")), Is.Null);

    private static PublishedResource Published(string documentYaml) => new(1, 1, 1, TestEngine.Prepare(documentYaml));

    private static PublishedResource Cached(string processYaml) =>
        Published(TestEngine.Resource(processYaml).Replace("ttl: 0", "ttl: 60"));

    private static HttpRequest Request(params (string Name, string Value)[] headers)
    {
        var request = new DefaultHttpContext().Request;
        foreach (var (name, value) in headers)
        {
            request.Headers.Append(name, value);
        }
        return request;
    }

    private static string? KeyOf(PublishedResource resource, params (string Name, string Value)[] headers) =>
        ResultCache.KeyOf(resource, [], Request(headers), OutputFormat.Json, null);
}
