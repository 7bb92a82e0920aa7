using System.Net;
using System.Text;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.SecurityKit;

namespace ApiStudio.Tests.Http;

/// <summary>
/// Var store variables through the admin API on a real host: what the admin API writes, a resource of the application
/// reads with <c>var_store_read</c>, and what a resource writes, the admin API lists.
/// </summary>
public class AdminVarStoreHttpTests
{
    private const string Admin = "api/apistudio/core/var_store";

    private TestHost _host = null!;
    private string _developer = null!;
    private string _accountManager = null!;
    private (long Accid, long Appid) _demo;

    [OneTimeSetUp]
    public async Task Start()
    {
        _host = await TestHost.StartAsync();
        _demo = Application(_host, "examples", "demo");
        await CreateUserAsync(_host, "demo_dev", (Roles.Developer, _demo.Accid, _demo.Appid));
        await CreateUserAsync(_host, "examples_boss", (Roles.AccountManager, _demo.Accid, null));
        _developer = (string)(await LoginAsync(_host, "demo_dev"))["token"]!;
        _accountManager = (string)(await LoginAsync(_host, "examples_boss"))["token"]!;
        foreach (var scope in new[] { "application", "account" })
        {
            await _host.PublishAsync("examples", "demo", "get", $"stored/{scope}/{{key}}", $"""
                processor: var_store_read
                id: read
                scope: {scope}
                key:
                  processor: var_uri
                  id: key
                  key: key
                """);
        }
        await _host.PublishAsync("examples", "demo", "post", "stored/{key}", """
            processor: var_store_create
            id: add
            key:
              processor: var_uri
              id: key
              key: key
            val:
              processor: var_post
              id: val
              key: val
            """);
    }

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    private static HttpRequestMessage Json(HttpMethod method, string path, Map body) =>
        new(method, path) { Content = new StringContent(PlainJson.Serialize(body), Encoding.UTF8, "application/json") };

    private async Task<Map> Ok(HttpRequestMessage request, string token)
    {
        var reply = await SendAsync(_host, request, token);
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK), reply.Body);
        return reply.Json;
    }

    [Test]
    public async Task A_variable_created_through_the_admin_api_is_read_by_a_resource_of_its_application()
    {
        var created = (Map)(await Ok(Json(HttpMethod.Post, Admin, new Map
        {
            ["appid"] = _demo.Appid, ["key"] = "motd", ["val"] = new Map { ["text"] = "Hello", ["lines"] = 2L },
        }), _developer))["data"]!;
        Assert.That((await GetAsync(_host, "api/examples/demo/stored/application/motd")).Body,
            Is.EqualTo("""{"result":"ok","data":{"text":"Hello","lines":2}}"""));

        await Ok(Json(HttpMethod.Put, $"{Admin}/{created["vid"]}", new Map { ["val"] = "changed" }), _developer);
        Assert.That((await GetAsync(_host, "api/examples/demo/stored/application/motd")).Body, Is.EqualTo("""{"result":"ok","data":"changed"}"""));

        await Ok(new HttpRequestMessage(HttpMethod.Delete, $"{Admin}/{created["vid"]}"), _developer);
        Assert.That((await GetAsync(_host, "api/examples/demo/stored/application/motd")).Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task An_account_variable_from_the_admin_api_is_read_by_the_accounts_applications()
    {
        await Ok(Json(HttpMethod.Post, Admin, new Map { ["accid"] = _demo.Accid, ["key"] = "currency", ["val"] = "EUR" }), _accountManager);
        Assert.That((await GetAsync(_host, "api/examples/demo/stored/account/currency")).Body, Is.EqualTo("""{"result":"ok","data":"EUR"}"""));
        var developer = await SendAsync(_host, Json(HttpMethod.Post, Admin, new Map { ["accid"] = _demo.Accid, ["key"] = "nope", ["val"] = 1L }), _developer);
        Assert.That(developer.Status, Is.EqualTo(HttpStatusCode.Forbidden), developer.Body);
    }

    [Test]
    public async Task What_a_resource_stores_the_admin_api_lists_and_filters()
    {
        var stored = await SendAsync(_host, new HttpRequestMessage(HttpMethod.Post, "api/examples/demo/stored/visitor-count")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["val"] = "41" }),
        });
        Assert.That(stored.Status, Is.EqualTo(HttpStatusCode.OK), stored.Body);
        var listed = (List<object?>)(await Ok(new HttpRequestMessage(HttpMethod.Get, $"{Admin}?appid={_demo.Appid}&keyword=visitor"), _developer))["data"]!;
        var variable = (Map)listed.Single()!;
        Assert.That((variable["key"], variable["val"], variable["appid"], variable["accid"]), Is.EqualTo(("visitor-count", "41", _demo.Appid, (object?)null)));
        Assert.That((List<object?>)(await Ok(new HttpRequestMessage(HttpMethod.Get, $"{Admin}?key=visitor"), _developer))["data"]!, Is.Empty);
    }

    [Test]
    public async Task A_400_lists_every_problem_and_names_the_node()
    {
        var reply = await SendAsync(_host, Json(HttpMethod.Post, Admin, new Map { ["appid"] = _demo.Appid, ["accid"] = _demo.Accid }), _developer);
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.BadRequest), reply.Body);
        var data = (Map)reply.Data!;
        Assert.That((data["id"], data["code"]), Is.EqualTo(("create_variable", 6L)));
        Assert.That(data["details"], Is.EqualTo(new List<object?>
        {
            "Give 'appid' or 'accid', not both: a variable belongs to an application or to an account.",
            "'key' is required.",
        }));
        var vid = ((Map)(await Ok(Json(HttpMethod.Post, Admin, new Map { ["appid"] = _demo.Appid, ["key"] = "kept" }), _developer))["data"]!)["vid"];
        var change = await SendAsync(_host, Json(HttpMethod.Put, $"{Admin}/{vid}", new Map()), _developer);
        Assert.That(change.Status, Is.EqualTo(HttpStatusCode.BadRequest), change.Body);
        Assert.That(((Map)change.Data!)["details"], Is.EqualTo(new List<object?> { "'val' is required." }));
    }
}
