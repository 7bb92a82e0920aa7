using System.Net;
using System.Text;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static ApiStudio.Tests.Support.SecurityKit;

namespace ApiStudio.Tests.Attacks;

/// <summary>
/// Tries to be served someone else's cached answer, on a real host: for every processor that reads the request or the
/// caller, a privileged caller (an administrator, a key holder, a developer) calls a cached GET first, then an
/// anonymous or other caller calls the same URL. The second answer must be its own: no secret of the first, the status
/// the second caller deserves, and <c>X-ApiStudio-Cache: hit</c> only where sharing is safe. The resources have no
/// security section: what they read is found in their plan alone.
/// </summary>
public class ResultCacheAttackTests
{
    private const string CacheHeader = "X-ApiStudio-Cache";
    private const string VarStoreSecret = "var-store-secret-7f3a";

    private TestHost _host = null!;
    private string _admin = null!;
    private string _developer = null!;
    private string _consumer = null!;
    private string _outsider = null!;
    private string _apiKey = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _host = await TestHost.StartAsync();
        var demo = Application(_host, "examples", "demo");
        var core = Application(_host, "apistudio", "core");
        await CreateUserAsync(_host, "atk-developer", (Roles.Developer, demo.Accid, demo.Appid));
        await CreateUserAsync(_host, "atk-consumer", (Roles.Consumer, demo.Accid, demo.Appid));
        await CreateUserAsync(_host, "atk-outsider", (Roles.Developer, core.Accid, core.Appid));
        _admin = (string)(await LoginAsync(_host, "admin", TestHost.AdminPassword))["token"]!;
        _developer = (string)(await LoginAsync(_host, "atk-developer"))["token"]!;
        _consumer = (string)(await LoginAsync(_host, "atk-consumer"))["token"]!;
        _outsider = (string)(await LoginAsync(_host, "atk-outsider"))["token"]!;
        _apiKey = (await _host.Services.GetRequiredService<ApiKeyService>().CreateAsync(demo.Appid, "attack tests")).Key;
        await _host.Database.Database.InTransactionAsync(db =>
            VarStoreMapper.CreateAsync(db, null, demo.Appid, "atk-secret", PlainJson.Serialize(VarStoreSecret)));
    }

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    private Task Publish(string uri, string processYaml, long ttl = 60) =>
        _host.PublishAsync("examples", "demo", "get", $"atk/{uri}", processYaml, ttl);

    /// <summary>A process that runs the credential check <paramref name="check"/> (which sets the caller), then answers <paramref name="answer"/>.</summary>
    private static string AfterCheck(string check, string answer) => $$"""
        processor: sequential
        id: steps
        sequence:
          - {processor: {{check}}, id: check}
          - {{answer}}
        """;

    private Task<Reply> Get(string uri, string? bearer = null, params (string Name, string Value)[] headers) =>
        GetAsync(_host, $"api/examples/demo/atk/{uri}", bearer, headers);

    private Task<Reply> GetWithBody(string uri, string body, string mediaType) =>
        _host.SendAsync(HttpMethod.Get, $"api/examples/demo/atk/{uri}", new StringContent(body, Encoding.UTF8, mediaType));

    /// <summary>Asserts the second caller's answer: its status, none of the first caller's secret, and not a cache hit.</summary>
    private static void AssertOwnAnswer(Reply reply, HttpStatusCode status, string secret)
    {
        Assert.That(reply.Status, Is.EqualTo(status), reply.Body);
        Assert.That(reply.Body, Does.Not.Contain(secret));
        Assert.That(reply.Header(CacheHeader), Is.Not.EqualTo("hit"));
    }

    private static void AssertServed(Reply reply, string secret, string? cache)
    {
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK), reply.Body);
        Assert.That(reply.Body, Does.Contain(secret));
        Assert.That(reply.Header(CacheHeader), Is.EqualTo(cache));
    }

    [Test]
    public async Task Var_header_never_serves_one_header_value_to_another()
    {
        await Publish("tenant", """
            processor: var_header
            id: tenant
            key: X-Tenant
            """);
        AssertServed(await Get("tenant", null, ("X-Tenant", "tenant-secret-1")), "tenant-secret-1", "miss");
        AssertOwnAnswer(await Get("tenant"), HttpStatusCode.BadRequest, "tenant-secret-1");
        var other = await Get("tenant", null, ("X-Tenant", "tenant-other"));
        AssertOwnAnswer(other, HttpStatusCode.OK, "tenant-secret-1");
        Assert.That(other.Data, Is.EqualTo("tenant-other"));
        AssertServed(await Get("tenant", null, ("x-tenant", "tenant-secret-1")), "tenant-secret-1", "hit");
    }

    [Test]
    public async Task Bearer_token_never_echoes_the_admins_token_to_anyone_else()
    {
        await Publish("echo-token", """
            processor: bearer_token
            id: echo
            """);
        AssertServed(await Get("echo-token", _admin), _admin, "miss");
        AssertOwnAnswer(await Get("echo-token"), HttpStatusCode.OK, _admin);
        var consumer = await Get("echo-token", _consumer);
        AssertOwnAnswer(consumer, HttpStatusCode.OK, _admin);
        Assert.That(consumer.Body, Does.Contain(_consumer));
        AssertServed(await Get("echo-token", _admin), _admin, "hit");
    }

    [Test]
    public async Task Validate_token_in_process_never_lets_an_anonymous_caller_have_the_signed_in_answer()
    {
        await Publish("signed-secret", AfterCheck("validate_token", "signed-in-secret"));
        AssertServed(await Get("signed-secret", _admin), "signed-in-secret", "miss");
        AssertOwnAnswer(await Get("signed-secret"), HttpStatusCode.Unauthorized, "signed-in-secret");
        AssertOwnAnswer(await Get("signed-secret", "not-a-token"), HttpStatusCode.Unauthorized, "signed-in-secret");
        AssertServed(await Get("signed-secret", _admin), "signed-in-secret", "hit");
    }

    [Test]
    public async Task Validate_api_key_in_process_never_lets_a_caller_without_the_key_have_the_key_holders_answer()
    {
        await Publish("keyed-secret", AfterCheck("validate_api_key", "key-holder-secret"));
        AssertServed(await Get("keyed-secret", null, (ApiKeyService.Header, _apiKey)), "key-holder-secret", "miss");
        AssertOwnAnswer(await Get("keyed-secret"), HttpStatusCode.Unauthorized, "key-holder-secret");
        AssertOwnAnswer(await Get("keyed-secret", null, (ApiKeyService.Header, _apiKey + "x")), HttpStatusCode.Unauthorized,
            "key-holder-secret");
        AssertServed(await Get("keyed-secret", null, (ApiKeyService.Header, _apiKey)), "key-holder-secret", "hit");
    }

    [Test]
    public async Task Var_store_read_checks_the_roles_of_every_caller_not_only_the_first()
    {
        await Publish("stored", AfterCheck("validate_token", "{processor: var_store_read, id: stored, key: atk-secret}"));
        AssertServed(await Get("stored", _admin), VarStoreSecret, "miss");
        AssertOwnAnswer(await Get("stored", _outsider), HttpStatusCode.Forbidden, VarStoreSecret);
        AssertOwnAnswer(await Get("stored"), HttpStatusCode.Unauthorized, VarStoreSecret);
        // A Consumer may read it, but gets an answer evaluated for them, not the administrator's.
        AssertServed(await Get("stored", _consumer), VarStoreSecret, "miss");
        AssertServed(await Get("stored", _admin), VarStoreSecret, "hit");
    }

    [Test]
    public async Task Resource_call_into_a_secured_resource_never_relays_one_callers_answer_to_another()
    {
        await _host.PublishAsync("examples", "demo", "get", "atk/classified", "developers-only-secret", extra: """
            security:
              processor: validate_token_roles
              id: developers_only
              roles:
                - Developer
            """);
        await Publish("relay", """
            processor: resource_call
            id: relay
            uri: atk/classified
            """);
        AssertServed(await Get("relay", _developer), "developers-only-secret", "miss");
        AssertOwnAnswer(await Get("relay"), HttpStatusCode.Unauthorized, "developers-only-secret");
        AssertOwnAnswer(await Get("relay", _consumer), HttpStatusCode.Forbidden, "developers-only-secret");
        AssertServed(await Get("relay", _developer), "developers-only-secret", "hit");
    }

    [Test]
    public async Task An_admin_read_processor_answers_each_caller_with_what_they_may_see()
    {
        await Publish("users", AfterCheck("validate_token", "{processor: user_read, id: users}"));
        var admin = await Get("users", _admin);
        AssertServed(admin, "atk-outsider", "miss");
        var consumer = await Get("users", _consumer);
        AssertOwnAnswer(consumer, HttpStatusCode.OK, "atk-outsider");
        Assert.That(consumer.Body, Does.Contain("atk-consumer"));
        AssertOwnAnswer(await Get("users"), HttpStatusCode.Unauthorized, "atk-outsider");
        AssertServed(await Get("users", _admin), "atk-outsider", "hit");
    }

    [TestCase("var_body", "", "text/plain", "body-secret-text", "body-secret-text")]
    [TestCase("var_post", "key: field", "application/json", """{"field":"post-secret-field"}""", "post-secret-field")]
    [TestCase("var_request", "key: field", "application/x-www-form-urlencoded", "field=request-secret-field", "request-secret-field")]
    public async Task A_get_that_reads_its_body_is_never_cached(string processor, string inputs, string mediaType, string body, string secret)
    {
        var uri = $"body-{processor}";
        await Publish(uri, $"""
            processor: {processor}
            id: from_body
            nullable: true
            {inputs}
            """);
        var first = await GetWithBody(uri, body, mediaType);
        Assert.That(first.Status, Is.EqualTo(HttpStatusCode.OK), first.Body);
        Assert.That(first.Body, Does.Contain(secret));
        Assert.That(first.Header(CacheHeader), Is.Null);
        var second = await Get(uri);
        AssertOwnAnswer(second, HttpStatusCode.OK, secret);
        Assert.That(second.Header(CacheHeader), Is.Null);
        var third = await GetWithBody(uri, body, mediaType);
        Assert.That((third.Status, third.Header(CacheHeader)), Is.EqualTo((HttpStatusCode.OK, (string?)null)));
    }

    [Test]
    public async Task Two_query_strings_never_share_an_answer_and_the_same_one_does()
    {
        await Publish("query", """
            processor: var_get
            id: q
            key: q
            """);
        AssertServed(await Get("query?q=query-secret"), "query-secret", "miss");
        AssertOwnAnswer(await Get("query?q=other"), HttpStatusCode.OK, "query-secret");
        AssertServed(await Get("query?q=query-secret&x=1"), "query-secret", "miss");
        AssertServed(await Get("query?q=query-secret", _consumer), "query-secret", "hit");
    }

    [Test]
    public async Task A_public_answer_is_still_shared_by_every_caller()
    {
        await Publish("public", "the same for everyone");
        AssertServed(await Get("public", _admin), "the same for everyone", "miss");
        AssertServed(await Get("public"), "the same for everyone", "hit");
        AssertServed(await Get("public", _consumer, ("X-Tenant", "any")), "the same for everyone", "hit");
    }

    [Test]
    public async Task Publishing_a_cached_get_that_reads_the_body_is_accepted_with_a_warning_naming_the_node()
    {
        var document = HostCalls.Document("examples", "demo", "get", "atk/warned", """
            processor: var_body
            id: raw_body
            nullable: true
            """, 60);
        var reply = await _host.SendAsync(HttpMethod.Post, "api/apistudio/core/resource/import",
            new StringContent(document, Encoding.UTF8, "application/yaml"), ("Authorization", $"Bearer {_admin}"));
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK), reply.Body);
        var warnings = (List<object?>)((Map)reply.Data!)["warnings"]!;
        Assert.That(warnings, Has.Count.EqualTo(1));
        Assert.That(warnings[0], Does.Contain("node 'raw_body'").And.Contain("var_body").And.Contain("not cached")
            .And.Contain("request body"));
        var served = await Get("warned");
        Assert.That((served.Status, served.Header(CacheHeader)), Is.EqualTo((HttpStatusCode.OK, (string?)null)));
    }

    [Test]
    public async Task Publishing_a_cacheable_get_answers_without_warnings()
    {
        var document = HostCalls.Document("examples", "demo", "get", "atk/quiet", "quiet", 60);
        var reply = await _host.SendAsync(HttpMethod.Post, "api/apistudio/core/resource/import",
            new StringContent(document, Encoding.UTF8, "application/yaml"), ("Authorization", $"Bearer {_admin}"));
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK), reply.Body);
        Assert.That(((Map)reply.Data!).ContainsKey("warnings"), Is.False);
    }
}
