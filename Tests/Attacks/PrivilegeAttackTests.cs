using System.Net;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.SecurityKit;

namespace ApiStudio.Tests.Attacks;

/// <summary>
/// Privilege escalation through the grant paths on a real host: API keys with a role above their creator's, keys that
/// outlive their creator's grants, keys minting keys, and role grants above the granter's own.
/// </summary>
public class PrivilegeAttackTests
{
    private const string Keys = "api/apistudio/core/api_key";
    private const string Grants = "api/apistudio/core/user_role";
    private const string AnyKey = "api/examples/demo/attack/any-key";
    private const string ManagersOnly = "api/examples/demo/attack/managers";
    private const string ConsumersOnly = "api/examples/demo/attack/consumers";
    private const string MintWithKey = "api/examples/demo/attack/mint";

    private TestHost _host = null!;
    private (long Accid, long Appid) _demo;
    private (long Accid, long Appid) _core;
    private string _admin = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _host = await TestHost.StartAsync();
        _demo = Application(_host, "examples", "demo");
        _core = Application(_host, "apistudio", "core");
        _admin = (string)(await LoginAsync(_host, "admin", TestHost.AdminPassword))["token"]!;
        foreach (var (uri, roles) in new[]
        {
            ("attack/any-key", ""),
            ("attack/managers", "\n  roles:\n    - Account manager"),
            ("attack/consumers", "\n  roles:\n    - Consumer"),
        })
        {
            await PublishAsync(_host, $"""
                name: Attack {uri}
                description: Answers callers with an API key of the demo application.
                account: examples
                application: demo
                uri: {uri}
                method: get
                ttl: 0
                security:
                  processor: validate_api_key
                  id: key_check{roles}
                process: inside
                """);
        }
        await PublishAsync(_host, """
            name: Mint with a key
            description: Lets a key-only caller create API keys.
            account: examples
            application: demo
            uri: attack/mint
            method: post
            ttl: 0
            security:
              processor: validate_api_key
              id: minter
            process:
              processor: api_key_create
              id: mint
              appid:
                processor: var_post
                id: appid
                key: appid
                expected_type: integer
              name: minted
              role:
                processor: var_post
                id: role
                key: role
            """);
    }

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    private async Task<(UserRow User, string Token)> Member(string username, params (string Role, long? Accid, long? Appid)[] grants)
    {
        var user = await CreateUserAsync(_host, username, grants);
        return (user, (string)(await LoginAsync(_host, username))["token"]!);
    }

    private Task<Reply> CreateKey(string token, string? role, long? appid = null)
    {
        var body = new Map { ["appid"] = appid ?? _demo.Appid, ["name"] = "attack" };
        if (role is not null)
        {
            body["role"] = role;
        }
        return PostJsonAsync(_host, Keys, body, token);
    }

    private async Task<string> KeyOf(Task<Reply> creation)
    {
        var reply = await creation;
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK), reply.Body);
        return (string)((Map)reply.Data!)["key"]!;
    }

    private Task<Reply> WithKey(string path, string key) => GetAsync(_host, path, null, (ApiKeyService.Header, key));

    private async Task<long> Rid(string role) =>
        (await _host.Database.Database.ReadAsync(db => RoleMapper.FindByNameAsync(db, role)))!.Rid;

    private async Task<long> GrantId(UserRow user, string role) =>
        (await _host.Database.Database.ReadAsync(db => UserRoleMapper.ForUserAsync(db, user.Uid))).Single(g => g.RoleName == role).Urid;

    [TestCase(Roles.AccountManager)]
    [TestCase(Roles.Administrator)]
    public async Task An_application_manager_cannot_mint_a_key_above_their_role(string role)
    {
        var (_, token) = await Member($"appmgr-mint-{role.Replace(' ', '-')}", (Roles.ApplicationManager, _demo.Accid, _demo.Appid));
        var reply = await CreateKey(token, role);
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.Forbidden), reply.Body);
        Assert.That(((Map)reply.Data!)["message"], Is.EqualTo($"Permission denied: your roles do not allow you to create API keys with the role '{role}'."));
    }

    [Test]
    public async Task An_application_manager_mints_keys_up_to_their_own_role_and_an_account_manager_up_to_theirs()
    {
        var (_, appManager) = await Member("appmgr-within", (Roles.ApplicationManager, _demo.Accid, _demo.Appid));
        foreach (var role in new[] { Roles.ApplicationManager, Roles.Developer, Roles.Consumer })
        {
            Assert.That((await CreateKey(appManager, role)).Status, Is.EqualTo(HttpStatusCode.OK), role);
        }
        var (_, accountManager) = await Member("accmgr-within", (Roles.AccountManager, _demo.Accid, null));
        var key = await KeyOf(CreateKey(accountManager, Roles.AccountManager));
        Assert.That((await WithKey(ManagersOnly, key)).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await CreateKey(accountManager, Roles.Administrator)).Status, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task A_key_stops_working_when_its_creator_loses_the_role_and_works_again_when_it_is_given_back()
    {
        var (user, token) = await Member("appmgr-demoted", (Roles.ApplicationManager, _demo.Accid, _demo.Appid));
        var key = await KeyOf(CreateKey(token, Roles.Consumer));
        Assert.That((await WithKey(ConsumersOnly, key)).Status, Is.EqualTo(HttpStatusCode.OK));

        var urid = await GrantId(user, Roles.ApplicationManager);
        Assert.That((await SendAsync(_host, new HttpRequestMessage(HttpMethod.Delete, $"{Grants}/{urid}"), _admin)).Status, Is.EqualTo(HttpStatusCode.OK));
        var refused = await WithKey(AnyKey, key);
        Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.Unauthorized), refused.Body);
        Assert.That(((Map)refused.Data!)["message"], Is.EqualTo("The API key is not valid."));

        var regrant = await PostJsonAsync(_host, Grants,
            new Map { ["uid"] = user.Uid, ["rid"] = await Rid(Roles.ApplicationManager), ["appid"] = _demo.Appid }, _admin);
        Assert.That(regrant.Status, Is.EqualTo(HttpStatusCode.OK), regrant.Body);
        Assert.That((await WithKey(AnyKey, key)).Status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_key_above_what_its_creator_now_holds_stops_while_their_lower_keys_keep_working()
    {
        var (user, token) = await Member("accmgr-demoted", (Roles.AccountManager, _demo.Accid, null));
        var managerKey = await KeyOf(CreateKey(token, Roles.AccountManager));
        var consumerKey = await KeyOf(CreateKey(token, Roles.Consumer));
        // Demoted to Application manager of the demo application.
        var regrant = await PostJsonAsync(_host, Grants,
            new Map { ["uid"] = user.Uid, ["rid"] = await Rid(Roles.ApplicationManager), ["appid"] = _demo.Appid }, _admin);
        Assert.That(regrant.Status, Is.EqualTo(HttpStatusCode.OK), regrant.Body);
        var urid = await GrantId(user, Roles.AccountManager);
        Assert.That((await SendAsync(_host, new HttpRequestMessage(HttpMethod.Delete, $"{Grants}/{urid}"), _admin)).Status, Is.EqualTo(HttpStatusCode.OK));

        Assert.That((await WithKey(ManagersOnly, managerKey)).Status, Is.EqualTo(HttpStatusCode.Unauthorized), "no longer granted");
        Assert.That((await WithKey(AnyKey, managerKey)).Status, Is.EqualTo(HttpStatusCode.Unauthorized), "not even as a plain key");
        Assert.That((await WithKey(ConsumersOnly, consumerKey)).Status, Is.EqualTo(HttpStatusCode.OK), "still within the creator's role");
    }

    [Test]
    public async Task A_key_stops_working_when_its_creator_is_deactivated_or_deleted()
    {
        var (deactivated, first) = await Member("appmgr-deactivated", (Roles.ApplicationManager, _demo.Accid, _demo.Appid));
        var (deleted, second) = await Member("appmgr-deleted", (Roles.ApplicationManager, _demo.Accid, _demo.Appid));
        var firstKey = await KeyOf(CreateKey(first, Roles.Consumer));
        var secondKey = await KeyOf(CreateKey(second, null));
        Assert.That((await WithKey(AnyKey, firstKey)).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await WithKey(AnyKey, secondKey)).Status, Is.EqualTo(HttpStatusCode.OK));

        var put = await SendJsonAsync(_host, HttpMethod.Put, $"api/apistudio/core/user/{deactivated.Uid}", new Map { ["active"] = false }, _admin);
        Assert.That(put.Status, Is.EqualTo(HttpStatusCode.OK), put.Body);
        var delete = await SendAsync(_host, new HttpRequestMessage(HttpMethod.Delete, $"api/apistudio/core/user/{deleted.Uid}"), _admin);
        Assert.That(delete.Status, Is.EqualTo(HttpStatusCode.OK), delete.Body);

        Assert.That((await WithKey(AnyKey, firstKey)).Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await WithKey(AnyKey, secondKey)).Status, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task A_key_only_caller_cannot_mint_keys_that_would_outlive_its_creator()
    {
        var (_, token) = await Member("appmgr-minter", (Roles.ApplicationManager, _demo.Accid, _demo.Appid));
        var key = await KeyOf(CreateKey(token, Roles.ApplicationManager));
        var request = new HttpRequestMessage(HttpMethod.Post, MintWithKey)
        {
            Content = new StringContent($$"""{"appid": {{_demo.Appid}}, "role": "Consumer"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(ApiKeyService.Header, key);
        var reply = await SendAsync(_host, request);
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.Forbidden), reply.Body);
    }

    [Test]
    public async Task A_key_of_one_application_is_capped_by_its_creators_role_there_not_elsewhere()
    {
        var (_, token) = await Member("two-apps", (Roles.ApplicationManager, _core.Accid, _core.Appid), (Roles.Developer, _demo.Accid, _demo.Appid));
        var reply = await CreateKey(token, Roles.Consumer);
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.Forbidden), "managing another application does not count");
    }

    [Test]
    public async Task An_application_manager_cannot_grant_account_manager_or_administrator_in_any_shape()
    {
        var (_, token) = await Member("appmgr-granter", (Roles.ApplicationManager, _demo.Accid, _demo.Appid));
        var target = await CreateUserAsync(_host, "grant-target", (Roles.Consumer, _demo.Accid, _demo.Appid));
        var accountManager = await Rid(Roles.AccountManager);
        var administrator = await Rid(Roles.Administrator);
        var attempts = new[]
        {
            new Map { ["uid"] = target.Uid, ["rid"] = accountManager, ["accid"] = _demo.Accid },
            new Map { ["uid"] = target.Uid, ["rid"] = accountManager, ["appid"] = _demo.Appid },
            new Map { ["uid"] = target.Uid, ["rid"] = accountManager, ["accid"] = _demo.Accid, ["appid"] = _demo.Appid },
            new Map { ["uid"] = target.Uid, ["rid"] = administrator },
            new Map { ["uid"] = target.Uid, ["rid"] = administrator, ["appid"] = _demo.Appid },
        };
        foreach (var body in attempts)
        {
            var reply = await PostJsonAsync(_host, Grants, body, token);
            Assert.That(reply.Status, Is.AnyOf(HttpStatusCode.BadRequest, HttpStatusCode.Forbidden, HttpStatusCode.NotFound),
                PlainJson.Serialize(body) + " → " + reply.Body);
        }
        var grants = await _host.Database.Database.ReadAsync(db => UserRoleMapper.ForUserAsync(db, target.Uid));
        Assert.That(grants.Select(g => g.RoleName), Is.EqualTo(new[] { Roles.Consumer }), "nothing was granted");

        var within = await PostJsonAsync(_host, Grants,
            new Map { ["uid"] = target.Uid, ["rid"] = await Rid(Roles.ApplicationManager), ["appid"] = _demo.Appid }, token);
        Assert.That(within.Status, Is.EqualTo(HttpStatusCode.OK), "their own role in their own application they may grant");
    }

    [Test]
    public async Task An_application_manager_cannot_rename_roles_to_borrow_a_built_in_name()
    {
        var (_, token) = await Member("appmgr-renamer", (Roles.ApplicationManager, _demo.Accid, _demo.Appid));
        var custom = await PostJsonAsync(_host, "api/apistudio/core/role", new Map { ["name"] = "Auditor" }, _admin);
        Assert.That(custom.Status, Is.EqualTo(HttpStatusCode.OK), custom.Body);
        var rid = ((Map)custom.Data!)["rid"];
        var borrowed = new Map { ["name"] = Roles.AccountManager };
        Assert.That((await SendJsonAsync(_host, HttpMethod.Put, $"api/apistudio/core/role/{rid}", borrowed, token)).Status,
            Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await SendJsonAsync(_host, HttpMethod.Put, $"api/apistudio/core/role/{rid}", borrowed, _admin)).Status,
            Is.EqualTo(HttpStatusCode.Conflict), "a built-in name is taken");
    }
}
