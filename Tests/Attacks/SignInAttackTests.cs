using System.Globalization;
using System.Net;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static ApiStudio.Tests.Support.SecurityKit;

namespace ApiStudio.Tests.Attacks;

/// <summary>
/// Password guessing against <c>POST auth/token</c> and refresh-token guessing against <c>auth/token/refresh</c> on a
/// real host, with the default throttle settings and a clock the test moves: floods get 429 with <c>Retry-After</c>
/// without a password being hashed, the lockout refuses even the right password until it ends, unknown names are
/// treated like known ones, every failure is logged with user name and address, and other users keep signing in.
/// </summary>
public class SignInAttackTests
{
    private const string TokenPath = "api/apistudio/core/auth/token";
    private const string RefreshPath = "api/apistudio/core/auth/token/refresh";
    private const string Loopback = "127.0.0.1";

    private TestHost _host = null!;
    private ManualClock _clock = null!;
    private LogCapture _logs = null!;
    private CountingHasher _hasher = null!;

    [SetUp]
    public async Task Start()
    {
        _clock = new ManualClock();
        _hasher = new CountingHasher();
        _host = await TestHost.StartAsync(services: services =>
        {
            services.AddSingleton<TimeProvider>(_clock);
            services.AddSingleton<IPasswordHasher<UserRow>>(_hasher);
        });
        _logs = new LogCapture();
        _host.Services.GetRequiredService<ILoggerFactory>().AddProvider(_logs);
        await CreateUserAsync(_host, "victim");
        await CreateUserAsync(_host, "bystander");
    }

    [TearDown]
    public async Task Stop()
    {
        await _host.DisposeAsync();
        _logs.Dispose();
    }

    private Task<Reply> SignIn(string username, string password) =>
        PostJsonAsync(_host, TokenPath, new Dictionary<string, string> { ["username"] = username, ["password"] = password });

    private static long RetryAfter(Reply reply)
    {
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.TooManyRequests), reply.Body);
        var header = reply.Response.Headers.RetryAfter;
        Assert.That(header?.Delta, Is.Not.Null, "429 carries Retry-After in seconds");
        return (long)header!.Delta!.Value.TotalSeconds;
    }

    /// <summary>Guesses until a guess is refused for longer than a delay can last (the lockout), waiting out each delay.</summary>
    private async Task<long> GuessUntilLockedOut(string username, string password = "wrong")
    {
        for (var i = 0; i < 100; i++)
        {
            var reply = await SignIn(username, password);
            if (reply.Status == HttpStatusCode.Unauthorized)
            {
                continue;
            }
            var wait = RetryAfter(reply);
            if (wait > 60)
            {
                return wait;
            }
            _clock.Advance(TimeSpan.FromSeconds(wait));
        }
        Assert.Fail("no lockout after 100 guesses");
        return 0;
    }

    /// <summary>Log entries holding every fragment (message words and structured values, whatever the rendering).</summary>
    private int LogLines(params string[] fragments) =>
        _logs.Lines.Count(l => fragments.All(f => l.Contains(f, StringComparison.Ordinal)));

    [Test]
    public async Task A_flood_of_wrong_passwords_for_one_user_gets_429_without_hashing_and_the_right_password_is_refused_too()
    {
        var statuses = new List<HttpStatusCode>();
        var hashesBefore = _hasher.Verifications;
        for (var i = 0; i < 200; i++)
        {
            statuses.Add((await SignIn("victim", $"guess-{i}")).Status);
        }
        Assert.That(statuses.Take(5), Is.All.EqualTo(HttpStatusCode.Unauthorized), "the first failures are free");
        Assert.That(statuses.Skip(5), Is.All.EqualTo(HttpStatusCode.TooManyRequests), "with time standing still, nothing more gets through");
        Assert.That(_hasher.Verifications - hashesBefore, Is.EqualTo(5), "a refused attempt costs no password verification");

        var right = await SignIn("victim", UserPassword);
        Assert.That(RetryAfter(right), Is.EqualTo(1), "the first delay is a second");
        var data = (Map)right.Data!;
        Assert.That((data["code"], data["message"]), Is.EqualTo((4L, "Too many failed sign-ins: try again in 1 s.")));
        Assert.That(LogLines("Warning", "A sign-in of user name", "failed", $"UserName=victim ClientAddress={Loopback}"), Is.EqualTo(5), "every failure is logged, refusals are not");
        Assert.That(_logs.Text, Does.Not.Contain("guess-"), "passwords are never logged");
    }

    [Test]
    public async Task Delays_grow_then_a_lockout_refuses_the_right_password_until_it_ends_and_a_success_starts_afresh()
    {
        var waits = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            await SignIn("victim", "wrong");
        }
        for (var i = 0; i < 4; i++)
        {
            var wait = RetryAfter(await SignIn("victim", "wrong"));
            waits.Add(wait);
            _clock.Advance(TimeSpan.FromSeconds(wait));
            Assert.That((await SignIn("victim", "wrong")).Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        }
        Assert.That(waits, Is.EqualTo(new long[] { 1, 2, 4, 8 }), "the delay doubles");

        var lockout = await GuessUntilLockedOut("victim");
        Assert.That(lockout, Is.EqualTo(900), "ApiStudio:SignIn:LockoutSeconds by default");
        Assert.That(LogLines("Warning", "is locked out of signing in", $"UserName=victim ClientAddress={Loopback}"), Is.EqualTo(1));
        _clock.Advance(TimeSpan.FromSeconds(899));
        Assert.That(RetryAfter(await SignIn("victim", UserPassword)), Is.EqualTo(1), "the right password is refused during the lockout");
        Assert.That(LogLines("is locked out of signing in", "UserName=victim"), Is.EqualTo(1), "the lockout is logged once, when it starts");

        Assert.That((await SignIn("bystander", UserPassword)).Status, Is.EqualTo(HttpStatusCode.OK), "other users keep signing in");

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.That((await SignIn("victim", UserPassword)).Status, Is.EqualTo(HttpStatusCode.OK), "the lockout is over");
        for (var i = 0; i < 5; i++)
        {
            Assert.That((await SignIn("victim", "wrong")).Status, Is.EqualTo(HttpStatusCode.Unauthorized), "the success cleared the count");
        }
    }

    [Test]
    public async Task Unknown_user_names_are_throttled_exactly_like_known_ones()
    {
        var known = new List<Reply>();
        var unknown = new List<Reply>();
        for (var i = 0; i < 7; i++)
        {
            known.Add(await SignIn("victim", "wrong"));
            unknown.Add(await SignIn("no-such-user", "wrong"));
        }
        Assert.That(unknown.Select(r => (r.Status, r.Body, r.Header("Retry-After"))),
            Is.EqualTo(known.Select(r => (r.Status, r.Body, r.Header("Retry-After")))));
        Assert.That(known.Select(r => r.Status), Does.Contain(HttpStatusCode.TooManyRequests));
        Assert.That(LogLines("A sign-in of user name", "failed", $"UserName=no-such-user ClientAddress={Loopback}"), Is.EqualTo(5));
    }

    [Test]
    public async Task One_address_trying_many_user_names_is_slowed_then_locked_out_even_for_a_right_password()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 40; i++)
        {
            statuses.Add((await SignIn($"spray-{i}", "Summer2026!")).Status);
        }
        Assert.That(statuses.Take(20), Is.All.EqualTo(HttpStatusCode.Unauthorized), "20 free failures per address by default");
        Assert.That(statuses.Skip(20), Is.All.EqualTo(HttpStatusCode.TooManyRequests), "a fresh name does not help");

        long lockout = 0;
        for (var i = 0; i < 100 && lockout == 0; i++)
        {
            var reply = await SignIn($"spray-more-{i}", "Summer2026!");
            if (reply.Status == HttpStatusCode.TooManyRequests)
            {
                var wait = RetryAfter(reply);
                lockout = wait > 60 ? wait : 0;
                _clock.Advance(TimeSpan.FromSeconds(Math.Min(wait, 60)));
            }
        }
        Assert.That(lockout, Is.EqualTo(900));
        Assert.That(LogLines("Warning", "Client address", "is locked out of signing in", $"ClientAddress={Loopback}"), Is.EqualTo(1));
        Assert.That(RetryAfter(await SignIn("bystander", UserPassword)), Is.GreaterThan(0), "every sign-in from the locked address waits");
        _clock.Advance(TimeSpan.FromSeconds(900));
        Assert.That((await SignIn("bystander", UserPassword)).Status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Guessing_refresh_tokens_is_throttled_per_address()
    {
        var tokens = await LoginAsync(_host, "victim");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 30; i++)
        {
            var reply = await PostJsonAsync(_host, RefreshPath,
                new Dictionary<string, string> { ["token"] = (string)tokens["token"]!, ["refresh_token"] = $"guess-{i}" });
            statuses.Add(reply.Status);
        }
        Assert.That(statuses.Take(20), Is.All.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(statuses.Skip(20), Is.All.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(LogLines("Warning", "A token refresh from", "failed", $"ClientAddress={Loopback}"), Is.EqualTo(20));
        _clock.Advance(TimeSpan.FromMinutes(20));
        var real = await PostJsonAsync(_host, RefreshPath,
            new Dictionary<string, string> { ["token"] = (string)tokens["token"]!, ["refresh_token"] = (string)tokens["refresh_token"]! });
        Assert.That(real.Status, Is.EqualTo(HttpStatusCode.OK), real.Body);
    }

    [Test]
    public async Task Parallel_guesses_cannot_slip_past_the_count()
    {
        var replies = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => SignIn("victim", $"parallel-{i}")));
        Assert.That(replies.Count(r => r.Status == HttpStatusCode.Unauthorized), Is.EqualTo(5));
        Assert.That(replies.Count(r => r.Status == HttpStatusCode.TooManyRequests), Is.EqualTo(35));
        Assert.That(replies.Where(r => r.Status == HttpStatusCode.TooManyRequests).Select(r => r.Header("Retry-After")),
            Is.All.Not.Null);
        _ = long.Parse(replies.First(r => r.Status == HttpStatusCode.TooManyRequests).Header("Retry-After")!, CultureInfo.InvariantCulture);
    }

    /// <summary>The real hasher, counting verifications: a throttled attempt must not reach it.</summary>
    private sealed class CountingHasher : IPasswordHasher<UserRow>
    {
        private readonly PasswordHasher<UserRow> _inner = new();
        private int _verifications;

        public int Verifications => Volatile.Read(ref _verifications);

        public string HashPassword(UserRow user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(UserRow user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verifications);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
