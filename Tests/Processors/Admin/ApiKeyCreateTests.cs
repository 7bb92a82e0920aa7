using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Admin;

public class ApiKeyCreateTests : AdminWorld
{
    [Test]
    public async Task The_application_manager_gets_the_key_once_and_only_its_hash_is_stored()
    {
        var created = MapOf(await Run(Node("api_key_create", ("appid", Shop), ("name", "mobile"), ("role", "Consumer")), ShopManager));
        Assert.That(created.Keys, Is.EqualTo(new[] { "kid", "appid", "name", "prefix", "role", "created_at", "revoked_at", "key" }));
        var key = (string)created["key"]!;
        Assert.That((created["appid"], created["name"], created["role"], created["revoked_at"]), Is.EqualTo((Shop, "mobile", "Consumer", (object?)null)));
        Assert.That(key, Does.StartWith((string)created["prefix"]!).And.StartWith(ApiKeyService.KeyPrefix));
        var stored = await Database.ReadAsync(db => ApiKeyMapper.FindByIdAsync(db, (long)created["kid"]!));
        Assert.That(stored!.KeyHash, Is.EqualTo(Secrets.Hash(key)).And.Not.Contains(key));
        var caller = await Services.GetRequiredService<ApiKeyService>().VerifyAsync(key, new ResourceScope(Acme, Shop, "acme", "shop"));
        Assert.That(caller!.Roles.Single(), Is.EqualTo(new RoleGrant("Consumer", Acme, Shop)));
    }

    [Test]
    public async Task Account_managers_and_administrators_create_keys_without_a_role()
    {
        Assert.That(MapOf(await Run(Node("api_key_create", ("appid", Blog), ("name", "blog feed")), AcmeManager))["role"], Is.Null);
        Assert.That(MapOf(await Run(Node("api_key_create", ("appid", Portal), ("name", "portal feed")), Admin))["appid"], Is.EqualTo(Portal));
    }

    [Test]
    public async Task Developers_consumers_strangers_and_anonymous_are_refused()
    {
        var developer = await Fails(Node("api_key_create", ("appid", Shop), ("name", "dev key")), ShopDeveloper);
        AssertError(developer, 403, ErrorCodes.Authentication);
        Assert.That(developer.Message, Is.EqualTo("Permission denied: your roles do not allow you to create API keys for this application."));
        AssertError(await Fails(Node("api_key_create", ("appid", Shop), ("name", "k")), ShopConsumer), 403, ErrorCodes.Authentication);
        AssertError(await Fails(Node("api_key_create", ("appid", Blog), ("name", "k")), ShopManager), 404, ErrorCodes.InvalidInput);
        AssertError(await Fails(Node("api_key_create", ("appid", Shop), ("name", "k")), GlobexDeveloper), 404, ErrorCodes.InvalidInput);
        AssertError(await Fails(Node("api_key_create", ("appid", Shop), ("name", "k")), null), 401, ErrorCodes.Authentication);
    }

    [Test]
    public async Task A_key_role_must_be_one_the_caller_could_grant()
    {
        var error = await Fails(Node("api_key_create", ("appid", Shop), ("name", "too strong"), ("role", "Administrator")), ShopManager);
        AssertError(error, 403, ErrorCodes.Authentication);
        Assert.That(error.Message, Does.Contain("create API keys with the role 'Administrator'"));
    }

    [Test]
    public async Task Every_problem_is_listed_at_once()
    {
        var error = await Fails("""
            {"processor": "api_key_create", "id": "admin", "appid": {"processor": "var_post", "id": "appid", "key": "appid", "nullable": true},
             "name": " ", "role": "Wizard"}
            """, Admin);
        AssertError(error, 400, ErrorCodes.InvalidInput);
        Assert.That(error.Details, Is.EqualTo(new[]
        {
            "'appid' is required.",
            "'name' must not be empty.",
            "'role' must be one of the roles Administrator, Account manager, Application manager, Developer, Consumer; got 'Wizard'.",
        }));
    }

    [Test]
    public void Appid_and_name_are_required_at_publish() =>
        Assert.That(PublishFails(Node("api_key_create")).Errors.Select(e => e.Input), Is.SupersetOf(new[] { "appid", "name" }));
}
