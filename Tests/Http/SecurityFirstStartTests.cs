using System.Net;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.SecurityKit;

namespace ApiStudio.Tests.Http;

/// <summary>What the first start sets up for security: the signing key, the core auth resources and the admin API.</summary>
public class SecurityFirstStartTests
{
    private TestHost _host = null!;

    [OneTimeSetUp]
    public async Task Start() => _host = await TestHost.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    [Test]
    public async Task The_signing_key_is_generated_and_stored_at_start()
    {
        var stored = await _host.Database.Database.ReadAsync(db => SettingMapper.GetAsync(db, SigningKeySource.SettingKey));
        Assert.That(Convert.FromBase64String(stored!), Has.Length.EqualTo(64));
    }

    [TestCase("auth/token")]
    [TestCase("auth/token/refresh")]
    [TestCase("auth/logout")]
    public async Task The_core_auth_resources_are_imported_and_answer_post_only(string uri)
    {
        var reply = await GetAsync(_host, "api/apistudio/core/" + uri);
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
        // OPTIONS is answered by the host for every published uri, so it is allowed beside the resource's method.
        Assert.That(reply.Response.Content.Headers.Allow, Is.EquivalentTo(new[] { "POST", "OPTIONS" }));
    }

    [Test]
    public void Every_shipped_core_resource_is_published_in_the_core_application()
    {
        var files = Directory.GetFiles(TestHost.RepositoryFolder(Path.Combine("resources", "core")), "*.yaml");
        var core = _host.Registry.Routes.Resources
            .Where(r => r.Resource.Account == "apistudio" && r.Resource.Application == "core")
            .Select(r => $"{r.Resource.Method} {r.Resource.Uri}")
            .ToList();
        Assert.That(core, Has.Count.EqualTo(files.Length));
        Assert.That(core, Is.SupersetOf(new[]
        {
            "post auth/token", "post account", "get account", "put user", "post user_role", "post resource/import",
            "get resource/versions", "post resource/revert", "get processors", "get var_store", "post var_store",
            "put var_store", "delete var_store", "post api_key", "get api_key", "delete api_key", "get openapi",
        }));
    }

    [TestCase("account")]
    [TestCase("user")]
    [TestCase("resource/import")]
    public async Task The_admin_resources_need_an_access_token(string uri)
    {
        var reply = await SendAsync(_host, new HttpRequestMessage(HttpMethod.Post, "api/apistudio/core/" + uri));
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.Unauthorized), reply.Body);
    }
}
