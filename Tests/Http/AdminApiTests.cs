using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.SecurityKit;

namespace ApiStudio.Tests.Http;

/// <summary>
/// The core admin endpoints over HTTP, as the administrator, on a real host: exact paths, methods and
/// response shapes; imports from uploads and raw bodies; bad documents answered with a clear 4xx while the host keeps
/// serving.
/// </summary>
public class AdminApiTests
{
    private const string Base = "api/apistudio/core/";

    private TestHost _host = null!;
    private string _token = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _host = await TestHost.StartAsync();
        _token = (string)(await LoginAsync(_host, "admin", TestHost.AdminPassword))["token"]!;
    }

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    private Task<Reply> Send(HttpMethod method, string path, object? json = null)
    {
        var request = new HttpRequestMessage(method, Base + path);
        if (json is not null)
        {
            request.Content = new StringContent(PlainJson.Serialize(json), Encoding.UTF8, "application/json");
        }
        return SendAsync(_host, request, _token);
    }

    private Task<Reply> SendText(HttpMethod method, string path, string text, string mediaType) =>
        SendAsync(_host, new HttpRequestMessage(method, Base + path) { Content = new StringContent(text, Encoding.UTF8, mediaType) }, _token);

    private static Map Ok(Reply reply)
    {
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK), reply.Body);
        return reply.Json;
    }

    private static Map Data(Reply reply) => (Map)Ok(reply)["data"]!;

    private static Map Error(Reply reply, HttpStatusCode status)
    {
        Assert.That(reply.Status, Is.EqualTo(status), reply.Body);
        Assert.That(reply.Json["result"], Is.EqualTo("error"));
        return (Map)reply.Data!;
    }

    [Test]
    public async Task Accounts_are_created_read_renamed_and_deleted()
    {
        var created = await Send(HttpMethod.Post, "account", new Map { ["name"] = "initech" });
        var accid = (long)Data(created)["accid"]!;
        Assert.That(created.Body, Is.EqualTo($$$"""{"result":"ok","data":{"accid":{{{accid}}},"name":"initech"}}"""));
        Assert.That(Data(await Send(HttpMethod.Get, $"account/{accid}"))["name"], Is.EqualTo("initech"));
        var all = (List<object?>)Ok(await Send(HttpMethod.Get, "account"))["data"]!;
        Assert.That(all.Select(a => ((Map)a!)["name"]), Is.SupersetOf(new[] { "apistudio", "examples", "initech" }));
        Assert.That(Data(await Send(HttpMethod.Put, $"account/{accid}", new Map { ["name"] = "initrode" }))["name"], Is.EqualTo("initrode"));
        Assert.That((await Send(HttpMethod.Delete, $"account/{accid}")).Body, Is.EqualTo("""{"result":"ok","data":true}"""));
        Assert.That((await Send(HttpMethod.Get, $"account/{accid}")).Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task A_form_body_works_like_json()
    {
        var reply = await SendAsync(_host, new HttpRequestMessage(HttpMethod.Post, Base + "account")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "formed" }),
        }, _token);
        Assert.That(Data(reply)["name"], Is.EqualTo("formed"));
    }

    [Test]
    public async Task An_application_is_created_with_settings_that_take_effect_at_once()
    {
        var accid = (long)Data(await Send(HttpMethod.Post, "account", new Map { ["name"] = "rawco" }))["accid"]!;
        var app = Data(await Send(HttpMethod.Post, "application", new Map { ["accid"] = accid, ["name"] = "plain", ["wrap"] = false }));
        Assert.That(app.Keys, Is.EqualTo(new[] { "appid", "accid", "name", "settings" }));
        Assert.That((app["accid"], app["name"], ((Map)app["settings"]!)["wrap"]), Is.EqualTo((accid, "plain", false)));
        Ok(await SendText(HttpMethod.Post, "resource/import",
            "name: n\ndescription: d\naccount: rawco\napplication: plain\nuri: answer\nmethod: get\nttl: 0\nprocess: 42\n", "application/yaml"));
        Assert.That((await GetAsync(_host, "api/rawco/plain/answer")).Body, Is.EqualTo("42"));

        var appid = (long)app["appid"]!;
        Data(await Send(HttpMethod.Put, $"application/{appid}", new Map { ["wrap"] = true }));
        Assert.That((await GetAsync(_host, "api/rawco/plain/answer")).Body, Is.EqualTo("""{"result":"ok","data":42}"""));
        var listed = (List<object?>)Ok(await Send(HttpMethod.Get, $"application?accid={accid}"))["data"]!;
        Assert.That(listed.Select(a => ((Map)a!)["name"]), Is.EqualTo(new[] { "plain" }));
        Assert.That(Data(await Send(HttpMethod.Get, $"application/{appid}"))["name"], Is.EqualTo("plain"));
    }

    [Test]
    public async Task Users_roles_and_grants_have_their_shapes_and_no_password_comes_back()
    {
        var user = await Send(HttpMethod.Post, "user", new Map { ["username"] = "grace", ["password"] = "Compiler-1952", ["email"] = "grace@example.com" });
        var uid = (long)Data(user)["uid"]!;
        Assert.That(user.Body, Is.EqualTo($$$"""{"result":"ok","data":{"uid":{{{uid}}},"username":"grace","email":"grace@example.com","active":true}}"""));
        Assert.That((await Send(HttpMethod.Get, "user")).Body, Does.Not.Contain("password").And.Not.Contain("AQAAAA"));
        var role = Data(await Send(HttpMethod.Post, "role", new Map { ["name"] = "Reviewer" }));
        Assert.That(role.Keys, Is.EqualTo(new[] { "rid", "name" }));
        var (accid, appid) = Application(_host, "examples", "demo");
        var grant = Data(await Send(HttpMethod.Post, "user_role", new Map { ["uid"] = uid, ["rid"] = 4L, ["accid"] = accid, ["appid"] = appid }));
        Assert.That((grant["uid"], grant["rid"], grant["role"], grant["accid"], grant["appid"]), Is.EqualTo((uid, 4L, "Developer", accid, appid)));
        var grants = (List<object?>)Ok(await Send(HttpMethod.Get, $"user_role?uid={uid}"))["data"]!;
        Assert.That(grants, Has.Count.EqualTo(1));

        var token = (string)(await LoginAsync(_host, "grace", "Compiler-1952"))["token"]!;
        var own = await SendAsync(_host, new HttpRequestMessage(HttpMethod.Get, Base + $"user/{uid}"), token);
        Assert.That(((Map)own.Data!)["username"], Is.EqualTo("grace"));

        Assert.That((await Send(HttpMethod.Delete, $"user_role/{grant["urid"]}")).Body, Is.EqualTo("""{"result":"ok","data":true}"""));
        Assert.That(Data(await Send(HttpMethod.Put, $"user/{uid}", new Map { ["active"] = false }))["active"], Is.EqualTo(false));
        Assert.That(Data(await Send(HttpMethod.Put, $"role/{role["rid"]}", new Map { ["name"] = "Auditor" }))["name"], Is.EqualTo("Auditor"));
        Ok(await Send(HttpMethod.Delete, $"role/{role["rid"]}"));
        Ok(await Send(HttpMethod.Delete, $"user/{uid}"));
        Assert.That(((List<object?>)Ok(await Send(HttpMethod.Get, "role"))["data"]!).Select(r => ((Map)r!)["name"]), Has.None.EqualTo("Auditor"));
    }

    [Test]
    public async Task A_400_lists_every_problem_in_details()
    {
        var data = Error(await Send(HttpMethod.Post, "user", new Map { ["username"] = "ab", ["password"] = "short", ["email"] = "nope" }),
            HttpStatusCode.BadRequest);
        var details = ((List<object?>)data["details"]!).Cast<string>().ToList();
        Assert.That(details, Has.Count.EqualTo(5));
        Assert.That(data["message"], Is.EqualTo(string.Join(" ", details)));
        Assert.That((data["id"], data["code"]), Is.EqualTo(("create_user", 6L)));
        var missing = Error(await Send(HttpMethod.Post, "user", new Map()), HttpStatusCode.BadRequest);
        Assert.That(missing["details"], Is.EqualTo(new List<object?> { "'username' is required.", "'password' is required." }));
    }

    [Test]
    public async Task A_raw_application_gets_every_problem_in_the_error_context_through_a_resource_call()
    {
        await _host.CreateApplicationAsync("rawadmin", "relay", new ApiStudio.Engine.Http.ApplicationSettings { Wrap = false });
        await _host.PublishAsync("rawadmin", "relay", "post", "new-user", """
            processor: resource_call
            id: relay_user
            method: post
            uri: user
            account: apistudio
            application: core
            body:
              processor: var_body
              id: body
            """);
        var reply = await SendAsync(_host, new HttpRequestMessage(HttpMethod.Post, "api/rawadmin/relay/new-user")
        {
            Content = new StringContent("{}", Encoding.UTF8, "application/json"),
        }, _token);
        Assert.That((reply.Status, reply.Body), Is.EqualTo((HttpStatusCode.BadRequest,
            """{"error":{"code":6,"context":{"errors":["'username' is required.","'password' is required."]},"message":"Resource call POST apistudio/core/user failed: 'username' is required. 'password' is required.","status_code":400}}""")));
    }

    [Test]
    public async Task A_method_an_admin_uri_does_not_serve_is_405_with_its_methods_and_options()
    {
        var reply = await Send(HttpMethod.Patch, "account/1");
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.MethodNotAllowed), reply.Body);
        Assert.That(reply.Header("Allow")!.Split(", "), Is.EquivalentTo(new[] { "GET", "POST", "PUT", "DELETE", "OPTIONS" }));
        var options = await SendAsync(_host, new HttpRequestMessage(HttpMethod.Options, Base + "user_role/1"));
        Assert.That(options.Status, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(options.Header("Allow")!.Split(", "), Is.EquivalentTo(new[] { "GET", "POST", "DELETE", "OPTIONS" }));
    }

    [Test]
    public async Task Resources_are_imported_listed_read_updated_exported_versioned_reverted_and_deleted()
    {
        const string Document = "name: Ping\ndescription: Answers pong.\naccount: examples\napplication: demo\nuri: ping\nmethod: get\nttl: 0\nprocess: pong\n";
        var upload = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(Document));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/x-yaml");
        upload.Add(file, "resource_file", "ping.yaml");
        var imported = Data(await SendAsync(_host, new HttpRequestMessage(HttpMethod.Post, Base + "resource/import") { Content = upload }, _token));
        var resid = (long)imported["resid"]!;
        Assert.That((imported["account"], imported["application"], imported["uri"], imported["version"]), Is.EqualTo(("examples", "demo", "ping", 1L)));
        Assert.That((await GetAsync(_host, "api/examples/demo/ping")).Body, Is.EqualTo("""{"result":"ok","data":"pong"}"""));

        var (_, demo) = Application(_host, "examples", "demo");
        var found = (List<object?>)Ok(await Send(HttpMethod.Get, $"resource?appid={demo}&method=get&uri=ping"))["data"]!;
        Assert.That(found.Select(r => ((Map)r!)["resid"]), Is.EqualTo(new object?[] { resid }));
        Assert.That(Data(await Send(HttpMethod.Get, $"resource/{resid}"))["document"], Is.EqualTo(Document));

        Assert.That(Data(await SendText(HttpMethod.Put, $"resource/{resid}", Document.Replace("process: pong", "process: PONG"), "text/yaml"))["version"],
            Is.EqualTo(2L));
        Assert.That((await GetAsync(_host, "api/examples/demo/ping")).Body, Is.EqualTo("""{"result":"ok","data":"PONG"}"""));

        var yaml = await SendAsync(_host, new HttpRequestMessage(HttpMethod.Get, Base + $"resource/export/{resid}?format=yaml")
        {
            Headers = { Accept = { new MediaTypeWithQualityHeaderValue("text/plain") } },
        }, _token);
        Assert.That(yaml.Body, Is.EqualTo(Document.Replace("process: pong", "process: PONG")));
        var json = (Map)Ok(await Send(HttpMethod.Get, $"resource/export/{resid}?format=json"))["data"]!;
        Assert.That((json["uri"], json["process"]), Is.EqualTo(("ping", "PONG")));

        var versions = (List<object?>)Ok(await Send(HttpMethod.Get, $"resource/versions/{resid}"))["data"]!;
        Assert.That(versions.Select(v => ((Map)v!)["version"]), Is.EqualTo(new object?[] { 2L, 1L }));
        Assert.That(Data(await Send(HttpMethod.Get, $"resource/versions/{resid}/1"))["document"], Is.EqualTo(Document));
        Assert.That(Data(await Send(HttpMethod.Post, $"resource/revert/{resid}", new Map { ["version"] = 1L }))["version"], Is.EqualTo(3L));
        Assert.That((await GetAsync(_host, "api/examples/demo/ping")).Body, Is.EqualTo("""{"result":"ok","data":"pong"}"""));

        Assert.That((await Send(HttpMethod.Delete, $"resource/{resid}")).Body, Is.EqualTo("""{"result":"ok","data":true}"""));
        Assert.That((await GetAsync(_host, "api/examples/demo/ping")).Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task An_apiopenstudio_json_document_with_appid_imports_from_the_raw_body()
    {
        var (_, demo) = Application(_host, "examples", "demo");
        var document = $$"""
            {"name": "Legacy", "description": "From ApiOpenStudio.", "appid": {{demo}}, "uri": "legacy", "method": "get", "ttl": 0,
             "process": {"processor": "concatenate", "id": "c", "items": ["Hello ", {"processor": "var_get", "id": "who", "key": "who"}]}
            }
            """;
        var stored = Data(await SendText(HttpMethod.Post, "resource/import", document, "application/json"));
        Assert.That((stored["format"], stored["application"]), Is.EqualTo(("json", "demo")));
        Assert.That((await GetAsync(_host, "api/examples/demo/legacy?who=Ada")).Body, Is.EqualTo("""{"result":"ok","data":"Hello Ada"}"""));
    }

    [TestCase("name: [unclosed", "cannot be read")]
    [TestCase("a: &a [*a, *a]", "cannot be read")]
    [TestCase("name: x\ndescription: d\naccount: examples\napplication: demo\nuri: bad\nmethod: fetch\nttl: -1\nprocess: {processor: nope, id: n}\n", "'method' must be one of")]
    public async Task A_bad_document_is_a_clear_400_and_the_host_keeps_serving(string document, string problem)
    {
        var data = Error(await SendText(HttpMethod.Post, "resource/import", document, "application/yaml"), HttpStatusCode.BadRequest);
        Assert.That(data["message"], Does.Contain(problem));
        Assert.That((await GetAsync(_host, "api/examples/demo/greeting?name=Ada")).Status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Every_problem_of_a_document_is_listed()
    {
        var data = Error(await SendText(HttpMethod.Post, "resource/import",
            "name: x\ndescription: d\naccount: examples\napplication: demo\nuri: bad\nmethod: fetch\nttl: -1\nprocess: {processor: nope, id: n}\n",
            "application/yaml"), HttpStatusCode.BadRequest);
        var details = ((List<object?>)data["details"]!).Cast<string>().ToList();
        Assert.That(details, Has.Some.Contains("'method'").And.Some.Contains("'ttl'").And.Some.Contains("nope"));
    }

    [Test]
    public async Task The_processor_catalogue_is_served()
    {
        var all = (List<object?>)Ok(await Send(HttpMethod.Get, "processors/all"))["data"]!;
        Assert.That(all.Select(p => ((Map)p!)["machineName"]), Does.Contain("resource_import").And.Contain("var_get"));
        Assert.That(Data(await Send(HttpMethod.Get, "processors/var_get"))["menu"], Is.EqualTo("Request"));
        Assert.That(Error(await Send(HttpMethod.Get, "processors/nothing_like_it"), HttpStatusCode.NotFound)["id"], Is.EqualTo("catalogue"));
        Assert.That((await GetAsync(_host, Base + "processors/all")).Status, Is.EqualTo(HttpStatusCode.Unauthorized));
    }
}
