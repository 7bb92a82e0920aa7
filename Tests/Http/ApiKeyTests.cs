using System.Net;
using ApiStudio.Engine.Http;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static ApiStudio.Tests.Support.SecurityKit;

namespace ApiStudio.Tests.Http;

/// <summary>API keys per application: shown once, stored hashed, accepted by <c>validate_api_key</c>.</summary>
public class ApiKeyTests
{
    private const string KeyedPath = "api/examples/demo/keyed/data";
    private const string ConsumersPath = "api/examples/demo/keyed/consumers";

    private TestHost _host = null!;
    private ApiKeyService _keys = null!;
    private (long Accid, long Appid) _demo;

    [OneTimeSetUp]
    public async Task Start()
    {
        _host = await TestHost.StartAsync();
        _keys = _host.Services.GetRequiredService<ApiKeyService>();
        _demo = Application(_host, "examples", "demo");
        await PublishAsync(_host, """
            name: Keyed data
            description: Answers callers with an API key of the demo application.
            account: examples
            application: demo
            uri: keyed/data
            method: get
            ttl: 0
            security:
              processor: validate_api_key
              id: key_check
            process: keyed answer
            """);
        await PublishAsync(_host, """
            name: Keyed consumers
            description: Answers callers whose API key gives the Consumer role.
            account: examples
            application: demo
            uri: keyed/consumers
            method: get
            ttl: 0
            security:
              processor: validate_api_key
              id: consumer_key
              roles:
                - Consumer
            process: consumer answer
            """);
    }

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    private Task<Reply> WithKey(string path, string key) => GetAsync(_host, path, null, (ApiKeyService.Header, key));

    private async Task SetApiKeyRoleAsync(string? role)
    {
        var app = _host.Registry.Applications[_demo.Appid];
        var settings = app.Settings with { ApiKeyRole = role };
        await _host.Database.Database.InTransactionAsync(db => ApplicationMapper.UpdateAsync(db, app.Appid, app.Accid, app.Name, settings.ToJson()));
        await _host.Registry.ReloadApplicationsAsync();
    }

    [Test]
    public async Task A_key_opens_its_application_by_header_or_query_and_only_its_hash_is_stored()
    {
        var created = await _keys.CreateAsync(_demo.Appid, "mobile app");
        Assert.That(created.Key, Does.StartWith(ApiKeyService.KeyPrefix).And.Length.GreaterThan(40));
        Assert.That((await WithKey(KeyedPath, created.Key)).Body, Is.EqualTo("""{"result":"ok","data":"keyed answer"}"""));
        Assert.That((await GetAsync(_host, $"{KeyedPath}?api_key={Uri.EscapeDataString(created.Key)}")).Status, Is.EqualTo(HttpStatusCode.OK));

        var stored = await _host.Database.Database.ReadAsync(db => ApiKeyMapper.FindByIdAsync(db, created.Row.Kid));
        Assert.That(stored!.KeyHash, Is.EqualTo(Secrets.Hash(created.Key)));
        Assert.That(created.Key, Does.StartWith(stored.Prefix));
        Assert.That(new[] { stored.KeyHash, stored.Prefix, stored.Name }, Has.None.EqualTo(created.Key));
    }

    [Test]
    public async Task A_missing_or_unknown_key_is_401()
    {
        var missing = await GetAsync(_host, KeyedPath);
        Assert.That(missing.Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(((Map)missing.Data!)["message"], Is.EqualTo("An API key is required (header X-ApiStudio-Api-Key or query variable api_key)."));
        var unknown = await WithKey(KeyedPath, ApiKeyService.KeyPrefix + "made-up-key");
        Assert.That(unknown.Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(((Map)unknown.Data!)["message"], Is.EqualTo("The API key is not valid."));
        Assert.That(((Map)unknown.Data!)["id"], Is.EqualTo("key_check"));
    }

    [Test]
    public async Task A_revoked_key_is_401()
    {
        var created = await _keys.CreateAsync(_demo.Appid, "to revoke");
        Assert.That((await WithKey(KeyedPath, created.Key)).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await _keys.RevokeAsync(created.Row.Kid), Is.True);
        Assert.That((await WithKey(KeyedPath, created.Key)).Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await _keys.RevokeAsync(created.Row.Kid), Is.False, "revoking twice");
    }

    [Test]
    public async Task A_key_of_another_application_is_401()
    {
        var core = Application(_host, "apistudio", "core");
        var created = await _keys.CreateAsync(core.Appid, "core key", "Consumer");
        var reply = await WithKey(KeyedPath, created.Key);
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(((Map)reply.Data!)["message"], Is.EqualTo("The API key is not valid."));
    }

    [Test]
    public async Task Roles_come_from_the_key_else_from_the_application_default()
    {
        var plain = await _keys.CreateAsync(_demo.Appid, "no role");
        var developer = await _keys.CreateAsync(_demo.Appid, "developer key", "Developer");
        var consumer = await _keys.CreateAsync(_demo.Appid, "consumer key", "Consumer");
        try
        {
            var denied = await WithKey(ConsumersPath, plain.Key);
            Assert.That(denied.Status, Is.EqualTo(HttpStatusCode.Forbidden), "no role without a default");
            Assert.That(((Map)denied.Data!)["message"], Is.EqualTo("Permission denied: the API key's role is not one this resource permits."));
            Assert.That((await WithKey(ConsumersPath, developer.Key)).Status, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await WithKey(ConsumersPath, consumer.Key)).Status, Is.EqualTo(HttpStatusCode.OK));

            await SetApiKeyRoleAsync("Consumer");
            Assert.That((await WithKey(ConsumersPath, plain.Key)).Status, Is.EqualTo(HttpStatusCode.OK), "the application's default role");
            Assert.That((await WithKey(ConsumersPath, developer.Key)).Status, Is.EqualTo(HttpStatusCode.Forbidden), "the key's own role wins");
        }
        finally
        {
            await SetApiKeyRoleAsync(null);
        }
    }

    [Test]
    public async Task A_key_acting_as_a_deactivated_user_is_401()
    {
        var user = await CreateUserAsync(_host, "key-owner");
        var created = await _keys.CreateAsync(_demo.Appid, "personal key", null, user.Uid);
        Assert.That((await WithKey(KeyedPath, created.Key)).Status, Is.EqualTo(HttpStatusCode.OK));
        await SetActiveAsync(_host, user, false);
        Assert.That((await WithKey(KeyedPath, created.Key)).Status, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public void The_api_key_role_setting_round_trips_through_json()
    {
        var settings = ApplicationSettings.Default with { ApiKeyRole = "Consumer" };
        Assert.That(ApplicationSettings.Parse(settings.ToJson()).ApiKeyRole, Is.EqualTo("Consumer"));
        Assert.That(ApplicationSettings.Parse(ApplicationSettings.Default.ToJson()).ApiKeyRole, Is.Null);
    }
}
