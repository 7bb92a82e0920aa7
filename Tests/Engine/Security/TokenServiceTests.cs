using ApiStudio.Engine.Hosting;
using ApiStudio.Engine.Http;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Storage;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ApiStudio.Tests.Engine.Security;

/// <summary>The token service over a real database, with a clock the tests move.</summary>
public class TokenServiceTests
{
    private const string Password = "Correct-Horse-1";

    private TestDatabase _database = null!;
    private ManualClock _clock = null!;
    private UserRow _user = null!;

    private Database Db => _database.Database;

    [SetUp]
    public async Task Create()
    {
        _database = await TestDatabase.CreateAsync();
        _clock = new ManualClock(DateTimeOffset.UtcNow);
        var hasher = new PasswordHasher<UserRow>();
        _user = await Db.InTransactionAsync(async db =>
        {
            var account = await AccountMapper.CreateAsync(db, "acme");
            var app = await ApplicationMapper.CreateAsync(db, account.Accid, "shop");
            var user = await UserMapper.CreateAsync(db, "ada", null, "pending");
            await UserMapper.SetPasswordHashAsync(db, user.Uid, hasher.HashPassword(user, Password));
            var developer = await RoleMapper.FindByNameAsync(db, "Developer");
            await UserRoleMapper.CreateAsync(db, user.Uid, developer!.Rid, null, app.Appid);
            return user;
        });
    }

    [TearDown]
    public async Task Drop() => await _database.DisposeAsync();

    private TokenService Service(JwtOptions? jwt = null)
    {
        var options = Options.Create(new ApiStudioOptions { Jwt = jwt ?? new JwtOptions() });
        var registry = new ResourceRegistry(Db, TestEngine.Planner, NullLogger<ResourceRegistry>.Instance);
        registry.ReloadApplicationsAsync().GetAwaiter().GetResult();
        return new TokenService(Db, new SigningKeySource(Db, options, NullLogger<SigningKeySource>.Instance), new PasswordHasher<UserRow>(),
            registry, options, new SignInThrottle(options, _clock), _clock, NullLogger<TokenService>.Instance);
    }

    [Test]
    public async Task Login_issues_tokens_whose_caller_has_the_users_grants_with_their_account()
    {
        var service = Service();
        var pair = await service.LoginAsync("ada", Password);
        Assert.That(pair, Is.Not.Null);
        Assert.That(pair!.Uid, Is.EqualTo(_user.Uid));
        Assert.That(pair.TokenExpiry, Is.EqualTo(_clock.GetUtcNow().AddMinutes(60)));
        Assert.That(pair.RefreshExpiry, Is.EqualTo(_clock.GetUtcNow().AddDays(14)));
        var check = await service.ValidateAsync(pair.Token);
        Assert.That(check.Failure, Is.EqualTo(TokenFailure.None));
        var grant = check.Caller!.Roles.Single();
        Assert.That(grant.Role, Is.EqualTo("Developer"));
        Assert.That(grant.Accid, Is.Not.Null, "a grant on an application lies in its account");
        Assert.That((check.Caller.Uid, check.Caller.Username), Is.EqualTo(((long?)_user.Uid, "ada")));
    }

    [TestCase("ada", "wrong")]
    [TestCase("nobody", Password)]
    [TestCase("ada", "")]
    public async Task Wrong_credentials_give_no_tokens(string username, string password) =>
        Assert.That(await Service().LoginAsync(username, password), Is.Null);

    [Test]
    public async Task A_user_whose_stored_hash_is_not_a_password_hash_cannot_sign_in()
    {
        await Db.InTransactionAsync(db => UserMapper.SetPasswordHashAsync(db, _user.Uid, "pending"));
        Assert.That(await Service().LoginAsync("ada", "pending"), Is.Null);
    }

    [Test]
    public async Task An_inactive_user_cannot_sign_in()
    {
        await Db.InTransactionAsync(db => UserMapper.UpdateAsync(db, _user.Uid, "ada", null, false));
        Assert.That(await Service().LoginAsync("ada", Password), Is.Null);
    }

    [Test]
    public async Task Token_lifetimes_follow_the_options()
    {
        var pair = await Service(new JwtOptions { AccessTokenMinutes = 5, RefreshTokenDays = 1 }).LoginAsync("ada", Password);
        Assert.That(pair!.TokenExpiry - _clock.GetUtcNow(), Is.EqualTo(TimeSpan.FromMinutes(5)));
        Assert.That(pair.RefreshExpiry - _clock.GetUtcNow(), Is.EqualTo(TimeSpan.FromDays(1)));
    }

    [Test]
    public async Task An_access_token_expires_and_a_refresh_renews_it_once()
    {
        var service = Service();
        var pair = (await service.LoginAsync("ada", Password))!;
        _clock.Advance(TimeSpan.FromMinutes(61));
        Assert.That((await service.ValidateAsync(pair.Token)).Failure, Is.EqualTo(TokenFailure.Expired));

        var renewed = await service.RefreshAsync(pair.Token, pair.RefreshToken);
        Assert.That(renewed, Is.Not.Null);
        Assert.That((await service.ValidateAsync(renewed!.Token)).Failure, Is.EqualTo(TokenFailure.None));
        Assert.That(await service.RefreshAsync(pair.Token, pair.RefreshToken), Is.Null, "the old refresh token is used up");
        Assert.That(await service.RefreshAsync(renewed.Token, renewed.RefreshToken), Is.Not.Null, "the new one works");
    }

    [Test]
    public async Task An_expired_refresh_token_renews_nothing()
    {
        _clock.Advance(TimeSpan.FromDays(-15));
        var service = Service();
        var pair = (await service.LoginAsync("ada", Password))!;
        _clock.Advance(TimeSpan.FromDays(15));
        Assert.That(await service.RefreshAsync(pair.Token, pair.RefreshToken), Is.Null);
    }

    [Test]
    public async Task Logout_revokes_the_refresh_token_once()
    {
        var service = Service();
        var pair = (await service.LoginAsync("ada", Password))!;
        Assert.That(await service.LogoutAsync(pair.RefreshToken), Is.True);
        Assert.That(await service.LogoutAsync(pair.RefreshToken), Is.False);
        Assert.That(await service.RefreshAsync(pair.Token, pair.RefreshToken), Is.Null);
    }

    [Test]
    public async Task Concurrent_refreshes_with_one_token_let_only_one_win()
    {
        var service = Service();
        var pair = (await service.LoginAsync("ada", Password))!;
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => service.RefreshAsync(pair.Token, pair.RefreshToken))));
        Assert.That(results.Count(r => r is not null), Is.EqualTo(1));
    }

    [Test]
    public async Task A_generated_signing_key_is_stored_once_and_shared_by_every_host_on_the_database()
    {
        var first = Service();
        var second = Service();
        var pair = (await first.LoginAsync("ada", Password))!;
        Assert.That((await second.ValidateAsync(pair.Token)).Failure, Is.EqualTo(TokenFailure.None));
        var stored = await Db.ReadAsync(db => SettingMapper.GetAsync(db, SigningKeySource.SettingKey));
        Assert.That(Convert.FromBase64String(stored!), Has.Length.EqualTo(64));
    }

    [Test]
    public async Task A_configured_signing_key_is_used_and_not_stored()
    {
        var configured = new JwtOptions { SigningKey = new string('k', 40) };
        var pair = (await Service(configured).LoginAsync("ada", Password))!;
        Assert.That((await Service(configured).ValidateAsync(pair.Token)).Failure, Is.EqualTo(TokenFailure.None));
        Assert.That((await Service().ValidateAsync(pair.Token)).Failure, Is.EqualTo(TokenFailure.Invalid), "the generated key differs");
        Assert.That((await Service(new JwtOptions { SigningKey = new string('j', 40) }).ValidateAsync(pair.Token)).Failure,
            Is.EqualTo(TokenFailure.Invalid));
    }

    [Test]
    public async Task A_configured_signing_key_shorter_than_32_bytes_is_a_configuration_error()
    {
        var ex = Assert.ThrowsAsync<ApiException>(() => Service(new JwtOptions { SigningKey = "tiny-key-7" }).LoginAsync("ada", Password));
        Assert.That((ex!.Code, ex.HttpStatus), Is.EqualTo((ErrorCodes.Configuration, 500)));
        Assert.That(ex.Message, Does.Not.Contain("tiny-key-7"));
        var stored = await Db.ReadAsync(db => db.ScalarAsync<long>("SELECT COUNT(*) FROM refresh_tokens"));
        Assert.That(stored, Is.Zero, "no refresh token is left behind");
    }

    [Test]
    public async Task Another_audience_refuses_the_token()
    {
        var pair = (await Service().LoginAsync("ada", Password))!;
        Assert.That((await Service(new JwtOptions { Audience = "other" }).ValidateAsync(pair.Token)).Failure, Is.EqualTo(TokenFailure.Invalid));
    }
}
