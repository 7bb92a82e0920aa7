using System.Net;
using ApiStudio.Engine.Http;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static ApiStudio.Tests.Support.SecurityKit;

namespace ApiStudio.Tests.Attacks;

/// <summary>
/// <c>X-ApiStudio-Trace: 1</c> on resources without security, on a real host: the request's own bearer token or API
/// key decides who sees the trace, everyone else is told why not, secrets stay redacted, and the credentials checked
/// for the trace never become the evaluation's caller.
/// </summary>
public class TraceAttackTests
{
    private const string Unsecured = "api/examples/demo/attack/trace";
    private const string Whoami = "api/examples/demo/attack/trace-caller";
    private const string Plain = "api/examples/demo/attack/trace-plain";
    private static readonly (string, string) AskForTrace = (RequestTrace.Header, "1");

    private TestHost _host = null!;
    private string _developer = null!;
    private string _consumer = null!;
    private string _elsewhere = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _host = await TestHost.StartAsync();
        var demo = Application(_host, "examples", "demo");
        var core = Application(_host, "apistudio", "core");
        await CreateUserAsync(_host, "trace-dev", (Roles.Developer, demo.Accid, demo.Appid));
        await CreateUserAsync(_host, "trace-consumer", (Roles.Consumer, demo.Accid, demo.Appid));
        await CreateUserAsync(_host, "trace-core-dev", (Roles.Developer, core.Accid, core.Appid));
        _developer = (string)(await LoginAsync(_host, "trace-dev"))["token"]!;
        _consumer = (string)(await LoginAsync(_host, "trace-consumer"))["token"]!;
        _elsewhere = (string)(await LoginAsync(_host, "trace-core-dev"))["token"]!;
        await PublishAsync(_host, """
            name: Unsecured trace
            description: A public answer that also reads the bearer token (a secret for the trace).
            account: examples
            application: demo
            uri: attack/trace
            method: get
            ttl: 0
            process:
              processor: concatenate
              id: joined
              items:
                - "open "
                - processor: bearer_token
                  id: the_token
            """);
        await PublishAsync(_host, """
            name: Plain
            description: A public answer.
            account: examples
            application: demo
            uri: attack/trace-plain
            method: get
            ttl: 0
            process: plain
            """);
        await PublishAsync(_host, """
            name: Caller check
            description: >-
              Public: writes an account variable, which a caller verified as Developer could not (account variables
              need Account manager) but the application's own scope can.
            account: examples
            application: demo
            uri: attack/trace-caller
            method: get
            ttl: 0
            process:
              processor: var_store_create
              id: probe
              scope: account
              key: trace-probe
              val: written
            """);
    }

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    private Task<Reply> Traced(string path, string? bearer = null, params (string, string)[] more) =>
        GetAsync(_host, path, bearer, [AskForTrace, .. more]);

    [Test]
    public async Task A_developers_bearer_token_gets_the_trace_of_an_unsecured_resource_with_secrets_redacted()
    {
        var reply = await Traced(Unsecured, _developer);
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK), reply.Body);
        Assert.That(reply.Header(RequestTrace.RefusedHeader), Is.Null);
        var trace = ((List<object?>)reply.Json["trace"]!).Cast<Map>().ToList();
        Assert.That(trace.Select(e => e["id"]), Is.EquivalentTo(new[] { "the_token", "joined" }));
        Assert.That(trace.Single(e => (string)e["id"]! == "the_token")["output"], Is.EqualTo(RequestTrace.Redacted));
    }

    [TestCase(null, "no credentials")]
    [TestCase("not-a-token", "invalid token")]
    public async Task Without_a_valid_token_the_trace_is_refused_with_the_reason(string? bearer, string reason)
    {
        var reply = await Traced(Plain, bearer);
        Assert.That((reply.Status, reply.Body), Is.EqualTo((HttpStatusCode.OK, """{"result":"ok","data":"plain"}""")));
        Assert.That(reply.Header(RequestTrace.RefusedHeader), Is.EqualTo(reason));
    }

    [Test]
    public async Task A_consumer_or_a_developer_of_another_application_is_refused_the_trace()
    {
        foreach (var token in new[] { _consumer, _elsewhere })
        {
            var reply = await Traced(Plain, token);
            Assert.That((reply.Status, reply.Body), Is.EqualTo((HttpStatusCode.OK, """{"result":"ok","data":"plain"}""")));
            Assert.That(reply.Header(RequestTrace.RefusedHeader), Is.EqualTo("needs Developer or above on this application"));
        }
    }

    [Test]
    public async Task An_api_key_with_a_developer_role_gets_the_trace_and_a_bad_key_is_named()
    {
        var keys = _host.Services.GetRequiredService<ApiKeyService>();
        var demo = Application(_host, "examples", "demo");
        var developerKey = (await keys.CreateAsync(demo.Appid, "trace developer", Roles.Developer)).Key;
        var consumerKey = (await keys.CreateAsync(demo.Appid, "trace consumer", Roles.Consumer)).Key;

        var allowed = await Traced(Plain, null, (ApiKeyService.Header, developerKey));
        Assert.That(allowed.Json.ContainsKey("trace"), Is.True, allowed.Body);
        var weak = await Traced(Plain, null, (ApiKeyService.Header, consumerKey));
        Assert.That(weak.Header(RequestTrace.RefusedHeader), Is.EqualTo("needs Developer or above on this application"));
        var bad = await Traced(Plain, null, (ApiKeyService.Header, "ask_made-up"));
        Assert.That(bad.Header(RequestTrace.RefusedHeader), Is.EqualTo("invalid API key"));
    }

    [Test]
    public async Task The_token_checked_for_the_trace_is_not_the_callers_identity_in_the_evaluation()
    {
        var traced = await Traced(Whoami, _developer);
        Assert.That(traced.Status, Is.EqualTo(HttpStatusCode.OK),
            "as a caller the developer could not write an account variable: the resource ran without one. " + traced.Body);
        Assert.That(traced.Json.ContainsKey("trace"), Is.True, "and the developer sees the trace");
    }

    [Test]
    public async Task A_refused_trace_on_a_secured_resource_says_why_too()
    {
        await PublishAsync(_host, """
            name: Members
            description: Any member of the demo application.
            account: examples
            application: demo
            uri: attack/trace-members
            method: get
            ttl: 0
            security:
              processor: validate_token_roles
              id: members
              roles: [Consumer, Developer]
            process: members
            """);
        var reply = await Traced("api/examples/demo/attack/trace-members", _consumer);
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK), reply.Body);
        Assert.That(reply.Header(RequestTrace.RefusedHeader), Is.EqualTo("needs Developer or above on this application"));
    }
}
