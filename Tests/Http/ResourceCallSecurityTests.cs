using System.Net;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.SecurityKit;

namespace ApiStudio.Tests.Http;

/// <summary>
/// resource_call to a resource secured by <c>validate_token_roles</c>, over HTTP with real access tokens: the caller's
/// token flows through to the called resource's security, which refuses a caller lacking the role.
/// </summary>
public class ResourceCallSecurityTests
{
    private TestHost _host = null!;
    private string _developer = null!;
    private string _consumer = null!;
    private string _otherDeveloper = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _host = await TestHost.StartAsync();
        var demo = Application(_host, "examples", "demo");
        var core = Application(_host, "apistudio", "core");
        await CreateUserAsync(_host, "rcs-developer", (Roles.Developer, demo.Accid, demo.Appid));
        await CreateUserAsync(_host, "rcs-consumer", (Roles.Consumer, demo.Accid, demo.Appid));
        await CreateUserAsync(_host, "rcs-core-developer", (Roles.Developer, core.Accid, core.Appid));
        _developer = (string)(await LoginAsync(_host, "rcs-developer"))["token"]!;
        _consumer = (string)(await LoginAsync(_host, "rcs-consumer"))["token"]!;
        _otherDeveloper = (string)(await LoginAsync(_host, "rcs-core-developer"))["token"]!;

        await _host.PublishAsync("examples", "demo", "get", "rcs/secret", """
            processor: concatenate
            id: answer
            items:
              - "classified for "
              - processor: var_get
                id: who
                key: who
            """, extra: """
            security:
              processor: validate_token_roles
              id: developers_only
              roles:
                - Developer
            """);
        await _host.PublishAsync("examples", "demo", "get", "rcs/relay", """
            processor: resource_call
            id: relay
            uri: rcs/secret
            query:
              who: relay
            """);
        await _host.PublishAsync("examples", "demo", "get", "rcs/signed-relay", """
            processor: resource_call
            id: signed_relay
            uri: rcs/secret
            query:
              who: signed
            """, extra: """
            security:
              processor: validate_token
              id: signed_in
            """);
        await _host.PublishAsync("apistudio", "core", "get", "rcs/cross", """
            processor: resource_call
            id: cross
            uri: rcs/secret
            account: examples
            application: demo
            query:
              who: core
            """);
    }

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    private static void AssertRefused(Reply reply, HttpStatusCode status, string id, string message)
    {
        Assert.That(reply.Status, Is.EqualTo(status), reply.Body);
        var data = (Map)reply.Data!;
        Assert.That((data["id"], data["code"], data["message"]), Is.EqualTo((id, 4L, message)));
    }

    [Test]
    public async Task A_caller_holding_the_role_gets_the_secured_resource_through_the_call()
    {
        var reply = await GetAsync(_host, "api/examples/demo/rcs/relay", _developer);
        Assert.That((reply.Status, reply.Body), Is.EqualTo((HttpStatusCode.OK, """{"result":"ok","data":"classified for relay"}""")));
    }

    [Test]
    public async Task The_token_checked_by_the_calling_resource_flows_through_to_the_called_resource()
    {
        var reply = await GetAsync(_host, "api/examples/demo/rcs/signed-relay", _developer);
        Assert.That((reply.Status, reply.Body), Is.EqualTo((HttpStatusCode.OK, """{"result":"ok","data":"classified for signed"}""")));
    }

    [Test]
    public async Task A_caller_lacking_the_role_is_refused_by_the_called_resource_with_403_naming_the_call()
    {
        AssertRefused(await GetAsync(_host, "api/examples/demo/rcs/relay", _consumer), HttpStatusCode.Forbidden, "relay",
            "Resource call GET examples/demo/rcs/secret failed: Permission denied: the caller holds none of the roles this resource requires.");
    }

    [Test]
    public async Task A_caller_admitted_by_the_calling_resource_but_lacking_the_role_is_refused()
    {
        AssertRefused(await GetAsync(_host, "api/examples/demo/rcs/signed-relay", _consumer), HttpStatusCode.Forbidden, "signed_relay",
            "Resource call GET examples/demo/rcs/secret failed: Permission denied: the caller holds none of the roles this resource requires.");
    }

    [Test]
    public async Task The_role_must_be_held_in_the_called_application_not_in_the_calling_one()
    {
        AssertRefused(await GetAsync(_host, "api/apistudio/core/rcs/cross", _otherDeveloper), HttpStatusCode.Forbidden, "cross",
            "Resource call GET examples/demo/rcs/secret failed: Permission denied: the caller holds none of the roles this resource requires.");
        var allowed = await GetAsync(_host, "api/apistudio/core/rcs/cross", _developer);
        Assert.That((allowed.Status, allowed.Body), Is.EqualTo((HttpStatusCode.OK, """{"result":"ok","data":"classified for core"}""")));
    }

    [Test]
    public async Task Without_a_token_the_called_resource_answers_401()
    {
        AssertRefused(await GetAsync(_host, "api/examples/demo/rcs/relay"), HttpStatusCode.Unauthorized, "relay",
            "Resource call GET examples/demo/rcs/secret failed: An access token is required (Authorization: Bearer <token>).");
    }

    [Test]
    public async Task An_invalid_token_is_refused_by_the_called_resource_with_401()
    {
        AssertRefused(await GetAsync(_host, "api/examples/demo/rcs/relay", _developer + "x"), HttpStatusCode.Unauthorized, "relay",
            "Resource call GET examples/demo/rcs/secret failed: The access token is not valid.");
    }
}
