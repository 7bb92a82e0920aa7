using System.Net;
using System.Text;
using ApiStudio.Engine.Queue;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static ApiStudio.Tests.Support.SecurityKit;

namespace ApiStudio.Tests.Http;

/// <summary>
/// Who may do what through the admin API, over HTTP with real sign-ins: the Administrator, the
/// Account manager of <c>acme</c>, the Application manager, a Developer and a Consumer of <c>acme/shop</c>,
/// anonymous, and a Developer of another account (<c>globex</c>) — for accounts, applications, users, resources, var
/// store variables, API keys, OpenAPI documents, event scripts, scheduled tasks and queued jobs.
/// A caller holding no role where the object lives gets 404, one holding too weak a role 403, anonymous 401.
/// </summary>
public class AdminPermissionMatrixTests
{
    private const string Base = "api/apistudio/core/";
    private const string ShopDocument = "name: Shop hello\ndescription: d\naccount: acme\napplication: shop\nuri: hello\nmethod: get\nttl: 0\nprocess: hi\n";

    private static readonly string[] Everyone = ["admin", "account_manager", "application_manager", "developer", "consumer", "anonymous", "other"];

    private TestHost _host = null!;
    private readonly Dictionary<string, string?> _tokens = [];
    private readonly Dictionary<string, string> _ids = [];

    [OneTimeSetUp]
    public async Task Start()
    {
        _host = await TestHost.StartAsync();
        var admin = (string)(await LoginAsync(_host, "admin", TestHost.AdminPassword))["token"]!;
        async Task<long> Create(string path, Map body, string id) =>
            (long)((Map)(await SendJson(HttpMethod.Post, path, body, admin)).Data!)[id]!;
        var acme = await Create("account", new Map { ["name"] = "acme" }, "accid");
        var globex = await Create("account", new Map { ["name"] = "globex" }, "accid");
        var shop = await Create("application", new Map { ["accid"] = acme, ["name"] = "shop" }, "appid");
        var blog = await Create("application", new Map { ["accid"] = acme, ["name"] = "blog" }, "appid");
        var portal = await Create("application", new Map { ["accid"] = globex, ["name"] = "portal" }, "appid");
        var hello = (await PublishAsync(_host, ShopDocument)).Resid;
        var secret = (await PublishAsync(_host, ShopDocument.Replace("acme", "globex").Replace("shop", "portal").Replace("hello", "secret"))).Resid;
        await CreateUserAsync(_host, "acme_boss", (Roles.AccountManager, acme, null));
        await CreateUserAsync(_host, "shop_boss", (Roles.ApplicationManager, acme, shop));
        await CreateUserAsync(_host, "shop_dev", (Roles.Developer, acme, shop));
        var consumer = await CreateUserAsync(_host, "shop_user", (Roles.Consumer, acme, shop));
        await CreateUserAsync(_host, "globex_dev", (Roles.Developer, globex, portal));
        _tokens["admin"] = admin;
        _tokens["anonymous"] = null;
        foreach (var (who, user) in new[] { ("account_manager", "acme_boss"), ("application_manager", "shop_boss"), ("developer", "shop_dev"), ("consumer", "shop_user"), ("other", "globex_dev") })
        {
            _tokens[who] = (string)(await LoginAsync(_host, user))["token"]!;
        }
        var shopVariable = await Create("var_store", new Map { ["appid"] = shop, ["key"] = "colour", ["val"] = "teal" }, "vid");
        var acmeVariable = await Create("var_store", new Map { ["accid"] = acme, ["key"] = "region", ["val"] = "eu" }, "vid");
        var shopScript = await Create("script", new Map { ["appid"] = shop, ["name"] = "shop.hello.get.pre_process", ["content"] = "return 1;" }, "sid");
        // Made by the developer, so it runs as them: every role allowed to change it may name them.
        var shopTask = (long)((Map)(await SendJson(HttpMethod.Post, "task",
            new Map { ["appid"] = shop, ["name"] = "nightly", ["cron"] = "0 0 1 1 *", ["uri"] = "hello" }, _tokens["developer"])).Data!)["tid"]!;
        var shopJob = await FailedJobAsync(shop);
        var systemJob = await FailedJobAsync(null);
        foreach (var (key, value) in new[]
        {
            ("acme", acme), ("globex", globex), ("shop", shop), ("blog", blog), ("portal", portal), ("hello", hello), ("secret", secret),
            ("consumer", consumer.Uid), ("shopvar", shopVariable), ("acmevar", acmeVariable),
            ("shopscript", shopScript), ("shoptask", shopTask), ("shopjob", shopJob), ("systemjob", systemJob),
        })
        {
            _ids[key] = value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    private Task<Reply> SendJson(HttpMethod method, string path, Map? body, string? token)
    {
        var request = new HttpRequestMessage(method, Base + path);
        if (body is not null)
        {
            request.Content = new StringContent(PlainJson.Serialize(body), Encoding.UTF8, "application/json");
        }
        return SendAsync(_host, request, token);
    }

    private string Fill(string template, string who)
    {
        foreach (var (key, value) in _ids)
        {
            template = template.Replace("{" + key + "}", value, StringComparison.Ordinal);
        }
        return template.Replace("{who}", who.Replace("_", "-"), StringComparison.Ordinal);
    }

    /// <summary>
    /// One operation for every caller: the expected status of each, in the order of <see cref="Everyone"/> (0: not
    /// run, when the allowed operation would destroy the shared world; a row on a fresh object proves it instead).
    /// </summary>
    private static IEnumerable<TestCaseData> Row(string what, string method, string path, string? body, params int[] statuses)
    {
        for (var i = 0; i < Everyone.Length; i++)
        {
            if (statuses[i] != 0)
            {
                yield return new TestCaseData(Everyone[i], method, path, body, statuses[i]).SetName($"{what} as {Everyone[i]} is {statuses[i]}");
            }
        }
    }

    private static IEnumerable<TestCaseData> Matrix() =>
    [
        //                                                                              admin acc  app  dev  cons anon other
        .. Row("Read account", "GET", "account/{acme}", null, 200, 200, 200, 200, 200, 401, 404),
        .. Row("Create account", "POST", "account", """{"name": "made-by-{who}"}""", 200, 403, 403, 403, 403, 401, 403),
        .. Row("Rename account holding resources", "PUT", "account/{acme}", """{"name": "renamed-{who}"}""", 409, 403, 403, 403, 403, 401, 404),
        .. Row("Rename account", "PUT", "account/{fresh-account}", """{"name": "renamed-{who}"}""", 200, 404, 404, 404, 404, 401, 404),
        .. Row("Delete account", "DELETE", "account/{acme}", null, 0, 403, 403, 403, 403, 401, 404),
        .. Row("Delete fresh account", "DELETE", "account/{fresh-account}", null, 200, 404, 404, 404, 404, 401, 404),
        .. Row("Read application", "GET", "application/{shop}", null, 200, 200, 200, 200, 200, 401, 404),
        .. Row("Create application", "POST", "application", """{"accid": {acme}, "name": "app-{who}"}""", 200, 200, 403, 403, 403, 401, 404),
        .. Row("Change application", "PUT", "application/{shop}", """{"wrap": true}""", 200, 200, 200, 403, 403, 401, 404),
        .. Row("Delete application", "DELETE", "application/{shop}", null, 0, 0, 403, 403, 403, 401, 404),
        .. Row("Delete fresh application", "DELETE", "application/{fresh-app}", null, 200, 200, 404, 404, 404, 401, 404),
        .. Row("Read user", "GET", "user/{consumer}", null, 200, 200, 200, 404, 200, 401, 404),
        .. Row("Create user", "POST", "user", """{"username": "user-{who}", "password": "Matrix-Pass-77"}""", 200, 200, 403, 403, 403, 401, 403),
        .. Row("Change user", "PUT", "user/{consumer}", """{"email": "{who}@example.com"}""", 200, 200, 403, 404, 200, 401, 404),
        .. Row("Delete user", "DELETE", "user/{fresh-user}", null, 200, 200, 403, 404, 404, 401, 404),
        .. Row("List resources of an application", "GET", "resource?appid={shop}", null, 200, 200, 200, 200, 403, 401, 404),
        .. Row("Read resource", "GET", "resource/{hello}", null, 200, 200, 200, 200, 403, 401, 404),
        .. Row("Export resource", "GET", "resource/export/{hello}", null, 200, 200, 200, 200, 403, 401, 404),
        .. Row("Update resource", "PUT", "resource/{hello}", ShopDocument, 200, 200, 200, 200, 403, 401, 404),
        .. Row("Import resource", "POST", "resource/import", ShopDocument.Replace("uri: hello", "uri: by-{who}"), 200, 200, 200, 200, 403, 401, 404),
        .. Row("Delete resource", "DELETE", "resource/{fresh-resource}", null, 200, 200, 200, 200, 403, 401, 404),
        .. Row("List variables of an application", "GET", "var_store?appid={shop}", null, 200, 200, 200, 200, 200, 401, 404),
        .. Row("Read application variable", "GET", "var_store/{shopvar}", null, 200, 200, 200, 200, 200, 401, 404),
        .. Row("Read account variable", "GET", "var_store/{acmevar}", null, 200, 200, 200, 200, 200, 401, 404),
        .. Row("Create application variable", "POST", "var_store", """{"appid": {shop}, "key": "key-{who}", "val": 1}""", 200, 200, 200, 200, 403, 401, 404),
        .. Row("Create account variable", "POST", "var_store", """{"accid": {acme}, "key": "key-{who}", "val": 1}""", 200, 200, 403, 403, 403, 401, 404),
        .. Row("Change application variable", "PUT", "var_store/{shopvar}", """{"val": "{who}"}""", 200, 200, 200, 200, 403, 401, 404),
        .. Row("Change account variable", "PUT", "var_store/{acmevar}", """{"val": "{who}"}""", 200, 200, 403, 403, 403, 401, 404),
        .. Row("Delete application variable", "DELETE", "var_store/{fresh-var}", null, 200, 200, 200, 200, 403, 401, 404),
        .. Row("List API keys of an application", "GET", "api_key?appid={shop}", null, 200, 200, 200, 403, 403, 401, 404),
        .. Row("Create API key", "POST", "api_key", """{"appid": {shop}, "name": "key-{who}"}""", 200, 200, 200, 403, 403, 401, 404),
        .. Row("Revoke API key", "DELETE", "api_key/{fresh-key}", null, 200, 200, 200, 403, 403, 401, 404),
        .. Row("Read OpenAPI document", "GET", "openapi/{shop}", null, 200, 200, 200, 200, 200, 401, 404),
        .. Row("List scripts of an application", "GET", "script?appid={shop}", null, 200, 200, 200, 200, 403, 401, 404),
        .. Row("Read script", "GET", "script/{shopscript}", null, 200, 200, 200, 200, 403, 401, 404),
        .. Row("Create script", "POST", "script", """{"appid": {shop}, "name": "shop.by-{who}.get.pre_process", "content": "return 1;"}""", 200, 200, 200, 200, 403, 401, 404),
        .. Row("Change script", "PUT", "script/{shopscript}", """{"content": "return '{who}';"}""", 200, 200, 200, 200, 403, 401, 404),
        .. Row("Delete script", "DELETE", "script/{fresh-script}", null, 200, 200, 200, 200, 403, 401, 404),
        .. Row("List tasks of an application", "GET", "task?appid={shop}", null, 200, 200, 200, 200, 403, 401, 404),
        .. Row("Read task", "GET", "task/{shoptask}", null, 200, 200, 200, 200, 403, 401, 404),
        .. Row("Create task", "POST", "task", """{"appid": {shop}, "name": "task-{who}", "cron": "0 0 1 1 *", "uri": "hello"}""", 200, 200, 200, 200, 403, 401, 404),
        .. Row("Change task", "PUT", "task/{shoptask}", """{"cron": "0 0 2 1 *"}""", 200, 200, 200, 200, 403, 401, 404),
        .. Row("Pause task", "POST", "task/{shoptask}/pause", "{}", 200, 200, 200, 200, 403, 401, 404),
        .. Row("Resume task", "POST", "task/{shoptask}/resume", "{}", 200, 200, 200, 200, 403, 401, 404),
        .. Row("Run task now", "POST", "task/{shoptask}/run", "{}", 200, 200, 200, 200, 403, 401, 404),
        .. Row("Read task history", "GET", "task/{shoptask}/history", null, 200, 200, 200, 200, 403, 401, 404),
        .. Row("Delete task", "DELETE", "task/{fresh-task}", null, 200, 200, 200, 200, 403, 401, 404),
        .. Row("Read OpenAPI document of another account", "GET", "openapi/{portal}", null, 200, 404, 404, 404, 404, 401, 200),
        .. Row("Read job", "GET", "job/{shopjob}", null, 200, 200, 200, 200, 403, 401, 404),
        .. Row("List jobs of an application", "GET", "job?appid={shop}", null, 200, 200, 200, 200, 403, 401, 404),
        .. Row("Read system job", "GET", "job/{systemjob}", null, 200, 404, 404, 404, 404, 401, 404),
        .. Row("Read failed job", "GET", "job/failed/{shopjob}", null, 200, 200, 200, 200, 403, 401, 404),
        .. Row("Retry failed job", "POST", "job/failed/{fresh-failed}/retry", null, 200, 200, 200, 200, 403, 401, 404),
        .. Row("Forget failed job", "DELETE", "job/failed/{fresh-failed}", null, 200, 200, 200, 200, 403, 401, 404),
        .. Row("Forget system failed job", "DELETE", "job/failed/{systemjob}", null, 0, 404, 404, 404, 404, 401, 404),
    ];

    /// <summary>A job of the application (null: a system job) whose kind no handler runs: it fails at once, into failed_jobs.</summary>
    private async Task<long> FailedJobAsync(long? appid)
    {
        var id = await _host.Services.GetRequiredService<IJobQueue>().EnqueueAsync(new JobRequest("matrix.unknown", "{}") { Appid = appid });
        Assert.That(await Eventually.Until(() => StoredJobs.FailureAsync(_host.Database.Database, id), f => f is not null), Is.Not.Null);
        return id;
    }

    /// <summary>Creates, as the administrator, the fresh object a path asks for, so that an allowed delete destroys only it.</summary>
    private async Task<string> Fresh(string path, string who)
    {
        var admin = _tokens["admin"];
        var suffix = who.Replace("_", "-") + "-" + Guid.NewGuid().ToString("N")[..8];
        string? id = null;
        if (path.Contains("{fresh-account}", StringComparison.Ordinal))
        {
            id = Id(await SendJson(HttpMethod.Post, "account", new Map { ["name"] = "fresh-" + suffix }, admin), "accid");
        }
        else if (path.Contains("{fresh-app}", StringComparison.Ordinal))
        {
            id = Id(await SendJson(HttpMethod.Post, "application", new Map { ["accid"] = long.Parse(_ids["acme"], System.Globalization.CultureInfo.InvariantCulture), ["name"] = "fresh-" + suffix }, admin), "appid");
        }
        else if (path.Contains("{fresh-user}", StringComparison.Ordinal))
        {
            id = (await CreateUserAsync(_host, "fresh-" + suffix, (Roles.Consumer, long.Parse(_ids["acme"], System.Globalization.CultureInfo.InvariantCulture), Shop))).Uid
                .ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        else if (path.Contains("{fresh-var}", StringComparison.Ordinal))
        {
            id = Id(await SendJson(HttpMethod.Post, "var_store", new Map { ["appid"] = Shop, ["key"] = "fresh-" + suffix, ["val"] = true }, admin), "vid");
        }
        else if (path.Contains("{fresh-key}", StringComparison.Ordinal))
        {
            id = Id(await SendJson(HttpMethod.Post, "api_key", new Map { ["appid"] = Shop, ["name"] = "fresh-" + suffix }, admin), "kid");
        }
        else if (path.Contains("{fresh-script}", StringComparison.Ordinal))
        {
            id = Id(await SendJson(HttpMethod.Post, "script", new Map { ["appid"] = Shop, ["name"] = $"shop.fresh-{suffix}.get.pre_process", ["content"] = "return 0;" }, admin), "sid");
        }
        else if (path.Contains("{fresh-task}", StringComparison.Ordinal))
        {
            id = Id(await SendJson(HttpMethod.Post, "task", new Map { ["appid"] = Shop, ["name"] = "fresh-" + suffix, ["cron"] = "0 0 1 1 *", ["uri"] = "hello" }, admin), "tid");
        }
        else if (path.Contains("{fresh-failed}", StringComparison.Ordinal))
        {
            id = (await FailedJobAsync(Shop)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        else if (path.Contains("{fresh-resource}", StringComparison.Ordinal))
        {
            id = (await PublishAsync(_host, ShopDocument.Replace("uri: hello", "uri: fresh-" + suffix))).Resid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return id is null ? path : System.Text.RegularExpressions.Regex.Replace(path, "\\{fresh-[a-z]+\\}", id);
    }

    private long Shop => long.Parse(_ids["shop"], System.Globalization.CultureInfo.InvariantCulture);

    private static string Id(Reply reply, string key)
    {
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK), reply.Body);
        return Convert.ToString(((Map)reply.Data!)[key], System.Globalization.CultureInfo.InvariantCulture)!;
    }

    [TestCaseSource(nameof(Matrix))]
    public async Task Permission(string who, string method, string path, string? body, int expected)
    {
        var target = Fill(await Fresh(path, who), who);
        var request = new HttpRequestMessage(new HttpMethod(method), Base + target);
        if (body is not null)
        {
            var text = Fill(body, who);
            var yaml = !text.TrimStart().StartsWith('{');
            request.Content = new StringContent(text, Encoding.UTF8, yaml ? "application/yaml" : "application/json");
        }
        var reply = await SendAsync(_host, request, _tokens[who]);
        Assert.That((int)reply.Status, Is.EqualTo(expected), $"{who} {method} {target}: {reply.Body}");
        if (expected >= 400)
        {
            var data = (Map)reply.Data!;
            Assert.That(data["code"], Is.EqualTo(expected is 401 or 403 ? 4L : 6L), reply.Body);
            Assert.That(data["id"], Is.Not.Null, "the error names the node");
        }
    }

    [TestCase("admin", new[] { "acme", "globex", "apistudio", "examples" })]
    [TestCase("account_manager", new[] { "acme" })]
    [TestCase("consumer", new[] { "acme" })]
    [TestCase("other", new[] { "globex" })]
    public async Task Account_lists_hold_only_what_the_caller_holds_a_role_in(string who, string[] visible)
    {
        var names = ((List<object?>)(await SendJson(HttpMethod.Get, "account", null, _tokens[who])).Data!).Select(a => (string)((Map)a!)["name"]!);
        Assert.That(names, who == "admin" ? Is.SupersetOf(visible) : Is.EquivalentTo(visible));
    }

    [TestCase("admin", true, true)]
    [TestCase("developer", true, false)]
    [TestCase("other", false, true)]
    public async Task Resource_lists_never_show_another_accounts_resources(string who, bool seesShop, bool seesPortal)
    {
        var uris = ((List<object?>)(await SendJson(HttpMethod.Get, "resource", null, _tokens[who])).Data!)
            .Select(r => $"{((Map)r!)["account"]}/{((Map)r!)["uri"]}").ToList();
        Assert.That((uris.Contains("acme/hello"), uris.Contains("globex/secret")), Is.EqualTo((seesShop, seesPortal)));
    }

    [Test]
    public async Task User_lists_never_show_users_of_another_account()
    {
        var names = ((List<object?>)(await SendJson(HttpMethod.Get, "user", null, _tokens["other"])).Data!).Select(u => ((Map)u!)["username"]);
        Assert.That(names, Is.EqualTo(new[] { "globex_dev" }));
    }
}
