using System.Net;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.SecurityKit;

namespace ApiStudio.Tests.Http;

/// <summary>
/// API keys through the admin API, end to end on a real host: the demo application's manager creates a key (shown once),
/// a resource secured by <c>validate_api_key</c> accepts it with its role, lists never show it, revoking it closes the door.
/// </summary>
public class AdminApiKeyFlowTests
{
    private const string Keys = "api/apistudio/core/api_key";
    private const string Open = "api/examples/demo/flow/open";
    private const string ConsumersOnly = "api/examples/demo/flow/consumers";

    private TestHost _host = null!;
    private string _manager = null!;
    private long _demo;

    [OneTimeSetUp]
    public async Task Start()
    {
        _host = await TestHost.StartAsync();
        var demo = Application(_host, "examples", "demo");
        _demo = demo.Appid;
        await CreateUserAsync(_host, "demo_boss", (Roles.ApplicationManager, demo.Accid, demo.Appid));
        _manager = (string)(await LoginAsync(_host, "demo_boss"))["token"]!;
        foreach (var (uri, roles) in new[] { ("flow/open", ""), ("flow/consumers", "\n  roles:\n    - Consumer") })
        {
            await PublishAsync(_host, $"""
                name: Keyed {uri}
                description: Answers callers with an API key of the demo application.
                account: examples
                application: demo
                uri: {uri}
                method: get
                ttl: 0
                security:
                  processor: validate_api_key
                  id: key_check{roles}
                process: keyed answer
                """);
        }
    }

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    private Task<Reply> WithKey(string path, string key) => GetAsync(_host, path, null, (ApiKeyService.Header, key));

    private async Task<Map> CreateKey(string name, string? role = null)
    {
        var body = new Map { ["appid"] = _demo, ["name"] = name };
        if (role is not null)
        {
            body["role"] = role;
        }
        var reply = await PostJsonAsync(_host, Keys, body, _manager);
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK), reply.Body);
        return (Map)reply.Data!;
    }

    [Test]
    public async Task A_key_created_through_the_admin_api_opens_its_resource_until_it_is_revoked()
    {
        var created = await CreateKey("partner", "Consumer");
        var key = (string)created["key"]!;
        Assert.That((await WithKey(Open, key)).Body, Is.EqualTo("""{"result":"ok","data":"keyed answer"}"""));
        Assert.That((await WithKey(ConsumersOnly, key)).Status, Is.EqualTo(HttpStatusCode.OK), "the key's role is the one given");

        var revoke = await SendAsync(_host, new HttpRequestMessage(HttpMethod.Delete, $"{Keys}/{created["kid"]}"), _manager);
        Assert.That(revoke.Body, Is.EqualTo("""{"result":"ok","data":true}"""));
        var refused = await WithKey(Open, key);
        Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.Unauthorized), refused.Body);
        Assert.That(((Map)refused.Data!)["message"], Is.EqualTo("The API key is not valid."));
    }

    [Test]
    public async Task The_key_is_shown_once_and_lists_show_only_its_prefix()
    {
        var created = await CreateKey("listed");
        var key = (string)created["key"]!;
        var list = await GetAsync(_host, $"{Keys}?appid={_demo}", _manager);
        Assert.That(list.Status, Is.EqualTo(HttpStatusCode.OK), list.Body);
        Assert.That(list.Body, Does.Not.Contain(key).And.Not.Contain(Secrets.Hash(key)).And.Not.Contain("key_hash"));
        var listed = ((List<object?>)list.Data!).Cast<Map>().Single(k => Equals(k["kid"], created["kid"]));
        Assert.That((listed["prefix"], listed["name"], listed.ContainsKey("key")), Is.EqualTo((created["prefix"], "listed", false)));
        Assert.That(key, Does.StartWith((string)listed["prefix"]!));
    }

    [Test]
    public async Task A_key_without_a_role_gets_the_applications_default_and_is_refused_where_a_role_is_needed()
    {
        var key = (string)(await CreateKey("no role"))["key"]!;
        Assert.That((await WithKey(Open, key)).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await WithKey(ConsumersOnly, key)).Status, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Every_problem_of_a_new_key_is_listed()
    {
        var reply = await PostJsonAsync(_host, Keys, new Map { ["role"] = "Wizard" }, _manager);
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.BadRequest), reply.Body);
        var data = (Map)reply.Data!;
        Assert.That(data["id"], Is.EqualTo("create_api_key"));
        Assert.That(data["details"], Is.EqualTo(new List<object?>
        {
            "'appid' is required.",
            "'name' is required.",
            "'role' must be one of the roles Administrator, Account manager, Application manager, Developer, Consumer; got 'Wizard'.",
        }));
    }
}
