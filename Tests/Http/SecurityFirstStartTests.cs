using System.Net;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.SecurityKit;

namespace ApiStudio.Tests.Http;

/// <summary>What the first start sets up for security: the signing key and the core auth resources.</summary>
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
        Assert.That(reply.Message.Content.Headers.Allow, Is.EquivalentTo(new[] { "POST" }));
    }
}
