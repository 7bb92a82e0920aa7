using System.Net;
using ApiStudio.Engine.OpenApi;
using ApiStudio.Engine.Resources;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ApiStudio.Tests.Http;

/// <summary><c>GET /api/{account}/{application}/openapi.json</c> on the real host (SQLite or PostgreSQL).</summary>
public class OpenApiEndpointTests
{
    private TestHost _host = null!;

    [OneTimeSetUp]
    public async Task Start() => _host = await TestHost.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    private async Task<Map> DocumentAsync()
    {
        var response = await _host.Client.GetAsync("api/examples/demo/openapi.json");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/json"));
        return (Map)PlainJson.Parse(await response.Content.ReadAsStringAsync())!;
    }

    [Test]
    public async Task The_example_application_serves_its_document()
    {
        var document = await DocumentAsync();
        Assert.That(((Map)document["paths"]!).Keys, Is.SupersetOf(new[] { "/calculator/quadratic", "/greeting", "/orders/line-total", "/weekday/{day}" }));
        Assert.That(((Map)document["info"]!)["title"], Is.EqualTo("examples/demo"));
    }

    [Test]
    public async Task An_unknown_application_is_404_in_the_error_envelope()
    {
        var response = await _host.Client.GetAsync("api/examples/nothing/openapi.json");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await response.Content.ReadAsStringAsync(),
            Is.EqualTo("""{"result":"error","data":{"id":null,"code":3,"message":"Application 'nothing' does not exist in account 'examples'."}}"""));
    }

    [Test]
    public async Task The_document_is_generated_once_per_route_table_and_follows_a_publish()
    {
        var documents = _host.Services.GetRequiredService<OpenApiDocuments>();
        var first = documents.Json("examples", "demo");
        Assert.That(documents.Json("examples", "demo"), Is.SameAs(first));

        await _host.Registry.SaveAsync(CliDocuments.Literal("published/later", "new"), DocumentFormat.Yaml, "test");
        var after = documents.Json("examples", "demo");
        Assert.That(after, Is.Not.SameAs(first));
        Assert.That(((Map)(await DocumentAsync())["paths"]!).Keys, Has.Member("/published/later"));
    }

    [Test]
    public async Task A_resource_with_a_parameter_uri_does_not_shadow_the_document()
    {
        await _host.Registry.SaveAsync("""
            name: Anything
            description: Echoes any single segment.
            account: examples
            application: demo
            uri: "{word}"
            method: get
            ttl: 0
            process:
              processor: var_uri
              id: word
              key: word
            """, DocumentFormat.Yaml, "test");
        Assert.That(await _host.Client.GetStringAsync("api/examples/demo/hello"), Is.EqualTo("""{"result":"ok","data":"hello"}"""));
        Assert.That(((Map)(await DocumentAsync())["paths"]!).Keys, Has.Member("/{word}"));
    }

    [Test]
    public async Task The_core_application_documents_the_admin_api()
    {
        var response = await _host.Client.GetAsync("api/apistudio/core/openapi.json");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var json = await response.Content.ReadAsStringAsync();
        var parsed = Microsoft.OpenApi.OpenApiDocument.Parse(json, "json");
        Assert.That(parsed.Diagnostic!.Errors.Select(e => e.ToString()), Is.Empty);
        var paths = (Map)((Map)PlainJson.Parse(json)!)["paths"]!;
        string[] Methods(string path) => [.. ((Map)paths[path]!).Keys];
        Assert.That(Methods("/account"), Is.EquivalentTo(new[] { "get", "post" }), "GET account lists, POST account creates");
        Assert.That(Methods("/account/{accid_from_uri}"), Is.EquivalentTo(new[] { "get", "put", "delete" }));
        Assert.That(Methods("/resource/versions/{resid_from_uri}"), Is.EqualTo(new[] { "get" }));
        Assert.That(Methods("/resource/versions/{resid_from_uri}/{version_from_uri}"), Is.EqualTo(new[] { "get" }));
        Assert.That(Methods("/processors"), Is.EqualTo(new[] { "get" }));
        Assert.That(Methods("/var_store"), Is.EquivalentTo(new[] { "get", "post" }));
        Assert.That(Methods("/var_store/{vid_from_uri}"), Is.EquivalentTo(new[] { "get", "put", "delete" }));
        Assert.That(Methods("/api_key"), Is.EquivalentTo(new[] { "get", "post" }));
        Assert.That(Methods("/api_key/{kid_from_uri}"), Is.EqualTo(new[] { "delete" }));
        Assert.That(Methods("/openapi/{appid_from_uri}"), Is.EqualTo(new[] { "get" }));
        Assert.That(Methods("/auth/token"), Is.EqualTo(new[] { "post" }));
        var operations = paths.Values.Cast<Map>().SelectMany(item => item.Values.Cast<Map>()).ToList();
        Assert.That(operations.Select(o => o["operationId"]), Is.Unique);
        Assert.That(((Map)paths["/auth/token"]!)["post"] is Map signIn && !signIn.ContainsKey("security"), "signing in needs no token");
        Assert.That(((Map)((Map)paths["/user"]!)["post"]!)["security"], Is.EqualTo(new List<object?> { new Map { ["bearer"] = new List<object?>() } }));
        var import = (Map)((Map)paths["/resource/import"]!)["post"]!;
        var content = (Map)((Map)import["requestBody"]!)["content"]!;
        Assert.That(content.Keys, Is.EquivalentTo(new[] { "application/yaml", "application/json", "text/plain", "multipart/form-data" }));
        Assert.That(((Map)((Map)((Map)content["multipart/form-data"]!)["schema"]!)["properties"]!).Keys, Is.EqualTo(new[] { "resource_file" }));
        Assert.That(((Map)((Map)paths["/resource/{resid_from_uri}"]!)["put"]!).ContainsKey("requestBody"), "the new document of an update");
    }

    [Test]
    public async Task The_admin_api_serves_an_applications_document_to_those_holding_a_role_in_it()
    {
        var demo = SecurityKit.Application(_host, "examples", "demo");
        var admin = (string)(await SecurityKit.LoginAsync(_host, "admin", TestHost.AdminPassword))["token"]!;
        var reply = await SecurityKit.GetAsync(_host, $"api/apistudio/core/openapi/{demo.Appid}", admin);
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK), reply.Body);
        Assert.That(reply.Json["result"], Is.EqualTo("ok"));
        Assert.That(reply.Data, Is.EqualTo(await DocumentAsync()), "the same document as the public openapi.json");
        Assert.That((await SecurityKit.GetAsync(_host, $"api/apistudio/core/openapi/{demo.Appid}")).Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        var unknown = await SecurityKit.GetAsync(_host, "api/apistudio/core/openapi/987654", admin);
        Assert.That((unknown.Status, ((Map)unknown.Data!)["id"]), Is.EqualTo((HttpStatusCode.NotFound, "read_openapi")));
    }
}
