using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.SecurityKit;

namespace ApiStudio.Tests.Http;

/// <summary>
/// The var store's role rules over HTTP with real access tokens: resources secured by <c>validate_token</c> (any signed-in
/// caller), so the var store's own checks decide — Developer may change application variables, Consumer may only read,
/// account variables need Account manager, a role in another application counts for nothing, and
/// <c>validate_access: false</c> leaves the decision to the resource's security.
/// </summary>
public class VarStoreRolesHttpTests
{
    private const string Signed = """
        security:
          processor: validate_token
          id: signed_in
        """;

    private TestHost _host = null!;
    private string _developer = null!;
    private string _consumer = null!;
    private string _accountManager = null!;
    private string _outsider = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _host = await TestHost.StartAsync();
        var demo = Application(_host, "examples", "demo");
        var core = Application(_host, "apistudio", "core");
        await CreateUserAsync(_host, "vs-developer", (Roles.Developer, demo.Accid, demo.Appid));
        await CreateUserAsync(_host, "vs-consumer", (Roles.Consumer, demo.Accid, demo.Appid));
        await CreateUserAsync(_host, "vs-account-manager", (Roles.AccountManager, demo.Accid, null));
        await CreateUserAsync(_host, "vs-outsider", (Roles.Developer, core.Accid, core.Appid));
        _developer = await TokenOf("vs-developer");
        _consumer = await TokenOf("vs-consumer");
        _accountManager = await TokenOf("vs-account-manager");
        _outsider = await TokenOf("vs-outsider");

        foreach (var (scope, prefix) in new[] { ("application", "vs"), ("account", "vs-account") })
        {
            await Publish("post", $"{prefix}/{{key}}", $"""
                processor: var_store_create
                id: add
                scope: {scope}
                key: {KeyNode}
                val: {TextNode}
                """);
            await Publish("get", $"{prefix}/{{key}}", $"""
                processor: var_store_read
                id: read
                scope: {scope}
                key: {KeyNode}
                """);
            await Publish("put", $"{prefix}/{{key}}", $"""
                processor: var_store_update
                id: change
                scope: {scope}
                key: {KeyNode}
                val: {TextNode}
                """);
            await Publish("delete", $"{prefix}/{{key}}", $"""
                processor: var_store_delete
                id: remove
                scope: {scope}
                key: {KeyNode}
                """);
        }
        await _host.PublishAsync("examples", "demo", "post", "vs-open/{key}", $"""
            processor: var_store_create
            id: add_open
            validate_access: false
            key: {KeyNode}
            val: {TextNode}
            """, extra: """
            security:
              processor: validate_token_roles
              id: consumers
              roles:
                - Consumer
            """);
    }

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    private const string KeyNode = "{processor: var_uri, id: key, key: key}";
    private const string TextNode = "{processor: var_post, id: text, key: text}";

    private async Task<string> TokenOf(string username) => (string)(await LoginAsync(_host, username))["token"]!;

    private Task Publish(string method, string uri, string process) =>
        _host.PublishAsync("examples", "demo", method, uri, process, extra: Signed);

    private Task<Reply> Send(HttpMethod method, string path, string token, string? text = null)
    {
        var request = new HttpRequestMessage(method, "api/examples/demo/" + path);
        if (text is not null)
        {
            request.Content = new StringContent(PlainJson.Serialize(new Map { ["text"] = text }), Encoding.UTF8, "application/json");
        }
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return SendAsync(_host, request);
    }

    private static void AssertOk(Reply reply, object? data)
    {
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK), reply.Body);
        Assert.That(reply.Data, Is.EqualTo(data));
    }

    private static void AssertDenied(Reply reply, string id, string message)
    {
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.Forbidden), reply.Body);
        var data = (Map)reply.Data!;
        Assert.That((data["id"], data["code"], data["message"]), Is.EqualTo((id, 4L, message)));
    }

    private const string ApplicationWriters = "Access denied: changing variables of application examples/demo needs the role "
        + "Administrator, Account manager, Application manager or Developer.";

    [Test]
    public async Task A_developer_creates_updates_reads_and_deletes_application_variables()
    {
        AssertOk(await Send(HttpMethod.Post, "vs/dev-1", _developer, "one"), "one");
        AssertOk(await Send(HttpMethod.Put, "vs/dev-1", _developer, "two"), "two");
        AssertOk(await Send(HttpMethod.Get, "vs/dev-1", _developer), "two");
        AssertOk(await Send(HttpMethod.Delete, "vs/dev-1", _developer), true);
        Assert.That((await Send(HttpMethod.Get, "vs/dev-1", _developer)).Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task A_consumer_reads_but_may_not_create_update_or_delete()
    {
        AssertOk(await Send(HttpMethod.Post, "vs/shared", _developer, "from a developer"), "from a developer");
        AssertOk(await Send(HttpMethod.Get, "vs/shared", _consumer), "from a developer");
        AssertDenied(await Send(HttpMethod.Post, "vs/consumer-1", _consumer, "x"), "add", ApplicationWriters);
        AssertDenied(await Send(HttpMethod.Put, "vs/shared", _consumer, "changed"), "change", ApplicationWriters);
        AssertDenied(await Send(HttpMethod.Delete, "vs/shared", _consumer), "remove", ApplicationWriters);
        AssertOk(await Send(HttpMethod.Get, "vs/shared", _developer), "from a developer");
        Assert.That((await Send(HttpMethod.Get, "vs/consumer-1", _developer)).Status, Is.EqualTo(HttpStatusCode.NotFound),
            "nothing was stored by the refused create");
    }

    [Test]
    public async Task A_developer_of_another_application_may_not_even_read()
    {
        AssertOk(await Send(HttpMethod.Post, "vs/private", _developer, "secret"), "secret");
        AssertDenied(await Send(HttpMethod.Get, "vs/private", _outsider), "read",
            "Access denied: reading variables of application examples/demo needs the role "
            + "Administrator, Account manager, Application manager, Developer or Consumer.");
        AssertDenied(await Send(HttpMethod.Post, "vs/outsider-1", _outsider, "x"), "add", ApplicationWriters);
    }

    [Test]
    public async Task Account_variables_are_changed_by_an_account_manager_only()
    {
        const string AccountWriters = "Access denied: changing variables of account examples needs the role Administrator or Account manager.";
        AssertDenied(await Send(HttpMethod.Post, "vs-account/acc-1", _developer, "x"), "add", AccountWriters);
        AssertOk(await Send(HttpMethod.Post, "vs-account/acc-1", _accountManager, "account wide"), "account wide");
        AssertOk(await Send(HttpMethod.Get, "vs-account/acc-1", _developer), "account wide");
        AssertOk(await Send(HttpMethod.Get, "vs-account/acc-1", _consumer), "account wide");
        AssertDenied(await Send(HttpMethod.Put, "vs-account/acc-1", _developer, "y"), "change", AccountWriters);
        AssertOk(await Send(HttpMethod.Delete, "vs-account/acc-1", _accountManager), true);
    }

    [Test]
    public async Task The_administrator_may_change_any_variable()
    {
        var admin = (string)(await LoginAsync(_host, "admin", TestHost.AdminPassword))["token"]!;
        Assert.That(admin, Is.Not.Empty);
        AssertOk(await Send(HttpMethod.Post, "vs/admin-1", admin, "by admin"), "by admin");
        AssertOk(await Send(HttpMethod.Post, "vs-account/admin-1", admin, "by admin"), "by admin");
    }

    [Test]
    public async Task Without_validate_access_the_resource_security_decides()
    {
        AssertOk(await Send(HttpMethod.Post, "vs-open/todo-1", _consumer, "a consumer's item"), "a consumer's item");
        AssertOk(await Send(HttpMethod.Get, "vs/todo-1", _consumer), "a consumer's item");
        var refused = await Send(HttpMethod.Post, "vs-open/todo-2", _outsider, "x");
        Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.Forbidden), refused.Body);
        Assert.That(((Map)refused.Data!)["id"], Is.EqualTo("consumers"));
    }

    [Test]
    public async Task Without_a_token_the_resource_security_refuses_before_the_var_store()
    {
        var reply = await SendAsync(_host, new HttpRequestMessage(HttpMethod.Get, "api/examples/demo/vs/shared"));
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.Unauthorized), reply.Body);
        Assert.That(((Map)reply.Data!)["id"], Is.EqualTo("signed_in"));
    }
}
