using System.Net;
using System.Security.Cryptography;
using System.Text;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using static ApiStudio.Tests.Support.SecurityKit;

namespace ApiStudio.Tests.Http;

/// <summary>Sign-in, token refresh, logout and token-secured resources over HTTP, on a real host.</summary>
public class AuthenticationTests
{
    private const string TokenPath = "api/apistudio/core/auth/token";
    private const string RefreshPath = "api/apistudio/core/auth/token/refresh";
    private const string LogoutPath = "api/apistudio/core/auth/logout";
    private const string SecuredPath = "api/examples/demo/secure/developers";

    private TestHost _host = null!;
    private LogCapture _logs = null!;
    private readonly List<string> _bodies = [];
    private (long Accid, long Appid) _demo;
    private (long Accid, long Appid) _core;

    [OneTimeSetUp]
    public async Task Start()
    {
        _host = await TestHost.StartAsync();
        _logs = new LogCapture();
        _host.Services.GetRequiredService<ILoggerFactory>().AddProvider(_logs);
        _demo = Application(_host, "examples", "demo");
        _core = Application(_host, "apistudio", "core");
        await PublishAsync(_host, """
            name: Developers only
            description: Answers the Developers of the demo application.
            account: examples
            application: demo
            uri: secure/developers
            method: get
            ttl: 0
            security:
              processor: validate_token_roles
              id: developers_only
              roles:
                - Developer
            process: classified
            """);
        await PublishAsync(_host, """
            name: Any signed-in user
            description: Answers any caller with a valid token.
            account: examples
            application: demo
            uri: secure/anyone
            method: get
            ttl: 0
            security:
              processor: validate_token
              id: signed_in
            process: welcome
            """);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _host.DisposeAsync();
        _logs.Dispose();
    }

    private async Task<Reply> Remember(Task<Reply> call)
    {
        var reply = await call;
        _bodies.Add(reply.Body);
        return reply;
    }

    private Task<Reply> Post(string path, Dictionary<string, string> body, string? bearer = null) =>
        Remember(PostJsonAsync(_host, path, body, bearer));

    private Task<Reply> Get(string path, string? bearer = null) => Remember(GetAsync(_host, path, bearer));

    private static Dictionary<string, string> Credentials(string username, string password) =>
        new() { ["username"] = username, ["password"] = password };

    private static void AssertAuthError(Reply reply, HttpStatusCode status, string message)
    {
        Assert.That(reply.Status, Is.EqualTo(status), reply.Body);
        var data = (Map)reply.Data!;
        Assert.That((data["code"], data["message"]), Is.EqualTo((4L, message)));
    }

    [Test]
    public async Task The_administrator_signs_in_and_gets_an_access_token_and_a_refresh_token()
    {
        var reply = await Post(TokenPath, Credentials("admin", TestHost.AdminPassword));
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK), reply.Body);
        var data = (Map)reply.Data!;
        Assert.That(data.Keys, Is.EqualTo(new[] { "uid", "token", "token_expiry", "refresh_token", "refresh_expiry" }));
        Assert.That(((string)data["token"]!).Split('.'), Has.Length.EqualTo(3));
        var tokenExpiry = DateTimeOffset.Parse((string)data["token_expiry"]!, System.Globalization.CultureInfo.InvariantCulture);
        var refreshExpiry = DateTimeOffset.Parse((string)data["refresh_expiry"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(tokenExpiry, Is.EqualTo(DateTimeOffset.UtcNow.AddMinutes(60)).Within(TimeSpan.FromMinutes(1)));
        Assert.That(refreshExpiry, Is.EqualTo(DateTimeOffset.UtcNow.AddDays(14)).Within(TimeSpan.FromMinutes(1)));
        Assert.That((await Get("api/examples/demo/secure/anyone", (string)data["token"]!)).Body,
            Is.EqualTo("""{"result":"ok","data":"welcome"}"""));
        var refreshHash = Secrets.Hash((string)data["refresh_token"]!);
        var stored = await _host.Database.Database.ReadAsync(db => RefreshTokenMapper.FindValidAsync(db, refreshHash));
        Assert.That(stored!.Uid, Is.EqualTo(data["uid"]), "only the hash of the refresh token is stored");
    }

    [Test]
    public async Task A_form_body_signs_in_too()
    {
        var reply = await Remember(SendAsync(_host, new HttpRequestMessage(HttpMethod.Post, TokenPath)
        {
            Content = new FormUrlEncodedContent(Credentials("admin", TestHost.AdminPassword)),
        }));
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK), reply.Body);
    }

    [Test]
    public async Task A_wrong_password_and_an_unknown_user_get_the_same_401()
    {
        var wrong = await Post(TokenPath, Credentials("admin", "not-the-password"));
        var unknown = await Post(TokenPath, Credentials("nobody-here", "not-the-password"));
        AssertAuthError(wrong, HttpStatusCode.Unauthorized, "Invalid user name or password.");
        Assert.That(unknown.Body, Is.EqualTo(wrong.Body));
        Assert.That(((Map)wrong.Data!)["id"], Is.EqualTo("sign_in"));
    }

    [Test]
    public async Task A_missing_password_is_400_naming_the_variable()
    {
        var reply = await Post(TokenPath, new Dictionary<string, string> { ["username"] = "admin" });
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(((Map)reply.Data!)["message"], Is.EqualTo("POST variable (password) does not exist or is undefined."));
    }

    [Test]
    public async Task A_role_secured_resource_is_401_without_token_403_without_the_role_and_200_with_it()
    {
        await CreateUserAsync(_host, "consumer1", ("Consumer", _demo.Accid, _demo.Appid));
        await CreateUserAsync(_host, "developer1", ("Developer", _demo.Accid, _demo.Appid));
        await CreateUserAsync(_host, "core-developer", ("Developer", _core.Accid, _core.Appid));
        await CreateUserAsync(_host, "account-developer", ("Developer", _demo.Accid, null));

        AssertAuthError(await Get(SecuredPath), HttpStatusCode.Unauthorized, "An access token is required (Authorization: Bearer <token>).");
        var consumer = (string)(await LoginAsync(_host, "consumer1"))["token"]!;
        AssertAuthError(await Get(SecuredPath, consumer), HttpStatusCode.Forbidden,
            "Permission denied: the caller holds none of the roles this resource requires.");
        var elsewhere = (string)(await LoginAsync(_host, "core-developer"))["token"]!;
        Assert.That((await Get(SecuredPath, elsewhere)).Status, Is.EqualTo(HttpStatusCode.Forbidden), "a Developer of another application");

        foreach (var user in new[] { "developer1", "account-developer" })
        {
            var token = (string)(await LoginAsync(_host, user))["token"]!;
            var reply = await Get(SecuredPath, token);
            Assert.That((reply.Status, reply.Body), Is.EqualTo((HttpStatusCode.OK, """{"result":"ok","data":"classified"}""")), user);
        }
        var admin = (string)(await LoginAsync(_host, "admin", TestHost.AdminPassword))["token"]!;
        Assert.That((await Get(SecuredPath, admin)).Status, Is.EqualTo(HttpStatusCode.OK), "a global Administrator passes");
    }

    [Test]
    public async Task A_revoked_grant_takes_effect_at_once_for_an_issued_token()
    {
        var user = await CreateUserAsync(_host, "developer-revoked", ("Developer", _demo.Accid, _demo.Appid));
        var token = (string)(await LoginAsync(_host, "developer-revoked"))["token"]!;
        Assert.That((await Get(SecuredPath, token)).Status, Is.EqualTo(HttpStatusCode.OK));
        await _host.Database.Database.InTransactionAsync(async db =>
        {
            foreach (var grant in await UserRoleMapper.ForUserAsync(db, user.Uid))
            {
                await UserRoleMapper.DeleteAsync(db, grant.Urid);
            }
        });
        Assert.That((await Get(SecuredPath, token)).Status, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Tampered_expired_and_foreign_tokens_are_401()
    {
        var user = await CreateUserAsync(_host, "developer2", ("Developer", _demo.Accid, _demo.Appid));
        var token = (string)(await LoginAsync(_host, "developer2"))["token"]!;
        var parts = token.Split('.');

        var payload = Base64UrlEncoder.Decode(parts[1]).Replace($"\"uid\":{user.Uid}", "\"uid\":1", StringComparison.Ordinal);
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";
        var unsigned = $"{Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""")}.{parts[1]}.";
        var claims = new AccessTokenClaims(user.Uid, user.Username, [new RoleGrant("Administrator", null, null)],
            DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1));
        var foreign = AccessTokens.Create(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(64)), "apistudio", "apistudio", claims);
        var tokens = _host.Services.GetRequiredService<TokenService>();
        var caller = new Caller(user.Uid, user.Username, [new RoleGrant("Developer", _demo.Accid, _demo.Appid)]);
        var expired = await tokens.CreateAccessTokenAsync(caller, DateTimeOffset.UtcNow.AddHours(-2));

        foreach (var bad in new[] { tampered, unsigned, foreign, "not-a-token", parts[0] + "." + parts[1] })
        {
            AssertAuthError(await Get(SecuredPath, bad), HttpStatusCode.Unauthorized, "The access token is not valid.");
        }
        AssertAuthError(await Get(SecuredPath, expired), HttpStatusCode.Unauthorized, "The access token has expired.");
        Assert.That((await Get(SecuredPath, token)).Status, Is.EqualTo(HttpStatusCode.OK), "the untouched token still works");
    }

    [Test]
    public async Task An_expired_access_token_and_a_valid_refresh_token_give_new_tokens_once()
    {
        var user = await CreateUserAsync(_host, "developer3", ("Developer", _demo.Accid, _demo.Appid));
        var first = await LoginAsync(_host, "developer3");
        var expired = await _host.Services.GetRequiredService<TokenService>()
            .CreateAccessTokenAsync(new Caller(user.Uid, user.Username, []), DateTimeOffset.UtcNow.AddHours(-3));
        Assert.That((await Get(SecuredPath, expired)).Status, Is.EqualTo(HttpStatusCode.Unauthorized));

        var refreshed = await Post(RefreshPath, new() { ["token"] = expired, ["refresh_token"] = (string)first["refresh_token"]! });
        Assert.That(refreshed.Status, Is.EqualTo(HttpStatusCode.OK), refreshed.Body);
        var renewed = (Map)refreshed.Data!;
        Assert.That(renewed["uid"], Is.EqualTo(user.Uid));
        Assert.That(renewed["refresh_token"], Is.Not.EqualTo(first["refresh_token"]));
        Assert.That((await Get(SecuredPath, (string)renewed["token"]!)).Status, Is.EqualTo(HttpStatusCode.OK));

        var again = await Post(RefreshPath, new() { ["token"] = expired, ["refresh_token"] = (string)first["refresh_token"]! });
        AssertAuthError(again, HttpStatusCode.Unauthorized, "Invalid token or refresh token.");
    }

    [Test]
    public async Task A_refresh_token_of_another_user_or_with_a_forged_access_token_is_refused()
    {
        await CreateUserAsync(_host, "developer4", ("Developer", _demo.Accid, _demo.Appid));
        await CreateUserAsync(_host, "developer5", ("Developer", _demo.Accid, _demo.Appid));
        var four = await LoginAsync(_host, "developer4");
        var five = await LoginAsync(_host, "developer5");
        var crossed = await Post(RefreshPath, new() { ["token"] = (string)four["token"]!, ["refresh_token"] = (string)five["refresh_token"]! });
        AssertAuthError(crossed, HttpStatusCode.Unauthorized, "Invalid token or refresh token.");
        var forged = await Post(RefreshPath, new() { ["token"] = "a.b.c", ["refresh_token"] = (string)four["refresh_token"]! });
        AssertAuthError(forged, HttpStatusCode.Unauthorized, "Invalid token or refresh token.");
        var stillGood = await Post(RefreshPath, new() { ["token"] = (string)four["token"]!, ["refresh_token"] = (string)four["refresh_token"]! });
        Assert.That(stillGood.Status, Is.EqualTo(HttpStatusCode.OK), "refused attempts do not use the token up");
    }

    [Test]
    public async Task Logout_revokes_the_refresh_token()
    {
        await CreateUserAsync(_host, "developer6", ("Developer", _demo.Accid, _demo.Appid));
        var tokens = await LoginAsync(_host, "developer6");
        var logout = await Post(LogoutPath, new() { ["refresh_token"] = (string)tokens["refresh_token"]! });
        Assert.That((logout.Status, logout.Body), Is.EqualTo((HttpStatusCode.OK, """{"result":"ok","data":true}""")));
        var refresh = await Post(RefreshPath, new() { ["token"] = (string)tokens["token"]!, ["refresh_token"] = (string)tokens["refresh_token"]! });
        AssertAuthError(refresh, HttpStatusCode.Unauthorized, "Invalid token or refresh token.");
        var hash = Secrets.Hash((string)tokens["refresh_token"]!);
        Assert.That(await _host.Database.Database.ReadAsync(db => RefreshTokenMapper.FindValidAsync(db, hash)), Is.Null);
    }

    [Test]
    public async Task A_deactivated_or_deleted_user_loses_access_with_a_token_issued_before()
    {
        var user = await CreateUserAsync(_host, "developer7", ("Developer", _demo.Accid, _demo.Appid));
        var tokens = await LoginAsync(_host, "developer7");
        var token = (string)tokens["token"]!;
        Assert.That((await Get(SecuredPath, token)).Status, Is.EqualTo(HttpStatusCode.OK));

        await SetActiveAsync(_host, user, false);
        AssertAuthError(await Get(SecuredPath, token), HttpStatusCode.Unauthorized, "The access token is not valid.");
        AssertAuthError(await Post(TokenPath, Credentials("developer7", UserPassword)), HttpStatusCode.Unauthorized, "Invalid user name or password.");
        var refresh = await Post(RefreshPath, new() { ["token"] = token, ["refresh_token"] = (string)tokens["refresh_token"]! });
        Assert.That(refresh.Status, Is.EqualTo(HttpStatusCode.Unauthorized));

        await SetActiveAsync(_host, user, true);
        var again = (string)(await LoginAsync(_host, "developer7"))["token"]!;
        await _host.Database.Database.InTransactionAsync(db => UserMapper.DeleteAsync(db, user.Uid));
        AssertAuthError(await Get(SecuredPath, again), HttpStatusCode.Unauthorized, "The access token is not valid.");
    }

    [Test]
    public async Task Secrets_never_appear_in_responses_or_logs()
    {
        await CreateUserAsync(_host, "developer8", ("Developer", _demo.Accid, _demo.Appid));
        var tokens = await LoginAsync(_host, "developer8");
        await Post(TokenPath, Credentials("developer8", "Wrong-" + UserPassword));
        await Post(TokenPath, Credentials("admin", TestHost.AdminPassword));
        await Post(RefreshPath, new() { ["token"] = (string)tokens["token"]!, ["refresh_token"] = (string)tokens["refresh_token"]! });
        await Post(LogoutPath, new() { ["refresh_token"] = "made-up" });
        var signingKey = await _host.Database.Database.ReadAsync(db => SettingMapper.GetAsync(db, SigningKeySource.SettingKey));
        Assert.That(signingKey, Is.Not.Null.And.Length.GreaterThan(40), "the generated key is stored in the settings table");

        Assert.That(_bodies, Has.Count.GreaterThanOrEqualTo(4));
        foreach (var secret in new[] { signingKey!, TestHost.AdminPassword, UserPassword })
        {
            Assert.That(_bodies.Where(b => b.Contains(secret, StringComparison.Ordinal)), Is.Empty, "no response holds a secret");
            Assert.That(_logs.Text, Does.Not.Contain(secret));
        }
        Assert.That(_logs.Text, Does.Not.Contain((string)tokens["refresh_token"]!));
        Assert.That(_logs.Text, Does.Not.Contain((string)tokens["token"]!));
        Assert.That(_logs.Lines.Where(l => l.Contains("A sign-in of user name", StringComparison.Ordinal)), Has.Some.Contains("UserName=developer8 ClientAddress=127.0.0.1"),
            "the capture sees the host's log");
    }
}
