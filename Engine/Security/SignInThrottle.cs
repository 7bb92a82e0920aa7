using ApiStudio.Engine.Hosting;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace ApiStudio.Engine.Security;

/// <summary>
/// Counts failed sign-ins per user name and per client address and says how long the next attempt must wait: nothing
/// for the first few failures, then a delay that doubles with each failure, then a lockout that doubles with each
/// lockout (<see cref="SignInOptions"/>).
/// </summary>
/// <remarks>
/// <para>An attempt is counted as a failure when it begins (<see cref="TryBegin"/>) and given back when it succeeds:
/// a burst of parallel guesses cannot slip past the count while their passwords are still being verified. The check
/// comes before the user is looked up or a password hashed, and treats every name alike whether it exists or not.</para>
/// <para>The counts live in a memory cache bounded by <see cref="SignInOptions.MaxTracked"/> entries, each dropped
/// once its window has passed, so an attacker cycling names or addresses cannot grow it without limit. Locked-out
/// entries are the last to be dropped when the cache is full.</para>
/// </remarks>
public sealed class SignInThrottle : IDisposable
{
    private const string UnknownAddress = "unknown";
    private const int LongestKey = 256;
    private static readonly TimeSpan LongestLockout = TimeSpan.FromDays(1);

    private readonly IOptions<ApiStudioOptions> _options;
    private readonly TimeProvider _time;
    private readonly MemoryCache _tallies;
    private readonly Lock _gate = new();

    /// <summary>A throttle bounded by <see cref="SignInOptions.MaxTracked"/>.</summary>
    public SignInThrottle(IOptions<ApiStudioOptions> options, TimeProvider time)
    {
        _options = options;
        _time = time;
        _tallies = new MemoryCache(new MemoryCacheOptions
        {
            SizeLimit = Math.Max(1, options.Value.SignIn.MaxTracked),
            CompactionPercentage = 0.1,
        });
    }

    private SignInOptions Settings => _options.Value.SignIn;

    /// <summary>
    /// Starts an attempt of <paramref name="username"/> (null for an attempt that names no user, such as a token
    /// refresh) from <paramref name="address"/>: zero when it may go on — it then counts as a failure until
    /// <see cref="Succeeded"/> — else how long to wait, and nothing is counted.
    /// </summary>
    public TimeSpan TryBegin(string? username, string? address)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            var user = username is null ? null : Find(UserKey(username), now);
            var client = Find(AddressKey(address), now);
            var wait = Max(Wait(user, UserPolicy, now), Wait(client, AddressPolicy, now));
            if (wait > TimeSpan.Zero)
            {
                return wait;
            }
            if (username is not null)
            {
                Count(UserKey(username), user, now);
            }
            Count(AddressKey(address), client, now);
            return TimeSpan.Zero;
        }
    }

    /// <summary>
    /// Ends a failed attempt begun with <see cref="TryBegin"/>; returns the lockouts this failure started (user name,
    /// client address or both), so that each is reported once.
    /// </summary>
    public SignInLockout Failed(string? username, string? address)
    {
        var now = _time.GetUtcNow();
        var started = SignInLockout.None;
        lock (_gate)
        {
            if (username is not null && LockIfDue(UserKey(username), UserPolicy, now))
            {
                started |= SignInLockout.User;
            }
            if (LockIfDue(AddressKey(address), AddressPolicy, now))
            {
                started |= SignInLockout.Address;
            }
        }
        return started;
    }

    /// <summary>
    /// Ends a successful attempt: the user name's failures are forgotten; the address only gets back the attempt
    /// (its earlier failures stay, so signing in with one's own account does not wipe out guesses at others).
    /// </summary>
    public void Succeeded(string? username, string? address)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (username is not null)
            {
                _tallies.Remove(UserKey(username));
            }
            if (Find(AddressKey(address), now) is { Failures: > 0 } client)
            {
                client.Failures--;
            }
        }
    }

    /// <summary>How many user names and addresses are counted now.</summary>
    internal int Tracked => _tallies.Count;

    /// <inheritdoc />
    public void Dispose() => _tallies.Dispose();

    /// <summary>The address as the throttle and the logs name it.</summary>
    public static string AddressText(string? address) => string.IsNullOrEmpty(address) ? UnknownAddress : address;

    private Policy UserPolicy => new(Settings.UserDelayAfter, Settings.UserLockoutAfter);

    private Policy AddressPolicy => new(Settings.AddressDelayAfter, Settings.AddressLockoutAfter);

    // Names differing only in case share a count: stricter, never looser. Very long names are cut (their tails share one).
    private static string UserKey(string username)
    {
        var name = username.Trim().ToLowerInvariant();
        return "user\n" + (name.Length > LongestKey ? name[..LongestKey] : name);
    }

    private static string AddressKey(string? address) => "address\n" + AddressText(address);

    /// <summary>The live tally of a key, or null (a tally whose window has passed is dropped).</summary>
    private Tally? Find(string key, DateTimeOffset now)
    {
        if (!_tallies.TryGetValue(key, out Tally? tally) || tally is null)
        {
            return null;
        }
        if (now >= tally.Quiet + Window)
        {
            _tallies.Remove(key);
            return null;
        }
        if (tally.LockedUntil is { } until && now >= until)
        {
            // A lockout that ended allows one attempt at once; a failure there brings back the delays (no new round
            // of free failures). The number of lockouts stays, and the window counts from the end, so the next lockout
            // is longer.
            tally.LockedUntil = null;
            tally.LastFailure = until;
            tally.Failures = Math.Min(tally.Failures, Math.Max(0, UserOrAddress(key).DelayAfter - 1));
        }
        return tally;
    }

    private Policy UserOrAddress(string key) => key.StartsWith("user\n", StringComparison.Ordinal) ? UserPolicy : AddressPolicy;

    private TimeSpan Window => TimeSpan.FromSeconds(Math.Max(1, Settings.WindowSeconds));

    /// <summary>How long an attempt under this tally must wait; zero when it may go on.</summary>
    private TimeSpan Wait(Tally? tally, Policy policy, DateTimeOffset now)
    {
        if (tally is null)
        {
            return TimeSpan.Zero;
        }
        if (tally.LockedUntil is { } until)
        {
            return until - now;
        }
        if (policy.LockoutAfter > 0 && tally.Failures >= policy.LockoutAfter)
        {
            // Attempts still being verified will decide on the lockout: until then nobody else gets through.
            return TimeSpan.FromSeconds(1);
        }
        if (policy.DelayAfter > 0 && tally.Failures >= policy.DelayAfter)
        {
            var ready = tally.LastFailure + Delay(tally.Failures - policy.DelayAfter);
            return ready > now ? ready - now : TimeSpan.Zero;
        }
        return TimeSpan.Zero;
    }

    /// <summary>1 s after the first failure past the free ones, doubling, at most <see cref="SignInOptions.MaxDelaySeconds"/>.</summary>
    private TimeSpan Delay(int beyond) =>
        TimeSpan.FromSeconds(Math.Min(Math.Pow(2, Math.Min(beyond, 30)), Math.Max(1, Settings.MaxDelaySeconds)));

    private void Count(string key, Tally? tally, DateTimeOffset now)
    {
        tally ??= new Tally();
        tally.Failures++;
        tally.LastFailure = now;
        Keep(key, tally, now);
    }

    private bool LockIfDue(string key, Policy policy, DateTimeOffset now)
    {
        var tally = Find(key, now);
        if (tally is null || tally.LockedUntil is not null || policy.LockoutAfter <= 0 || tally.Failures < policy.LockoutAfter)
        {
            return false;
        }
        var length = TimeSpan.FromSeconds(Math.Max(1, Settings.LockoutSeconds) * Math.Pow(2, Math.Min(tally.Lockouts, 20)));
        tally.LockedUntil = now + (length < LongestLockout ? length : LongestLockout);
        tally.Lockouts++;
        Keep(key, tally, now);
        return true;
    }

    /// <summary>Stores the tally until its window has passed; locked ones are dropped last when the cache is full.</summary>
    private void Keep(string key, Tally tally, DateTimeOffset now)
    {
        var lifetime = tally.Quiet + Window - now;
        _tallies.Set(key, tally, new MemoryCacheEntryOptions
        {
            Size = 1,
            AbsoluteExpirationRelativeToNow = lifetime > TimeSpan.Zero ? lifetime : TimeSpan.FromSeconds(1),
            Priority = tally.LockedUntil is null ? CacheItemPriority.Normal : CacheItemPriority.High,
        });
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>When to start a new lockout and when to start delaying (0 = never).</summary>
    private readonly record struct Policy(int DelayAfter, int LockoutAfter);

    /// <summary>The failures of one user name or address.</summary>
    private sealed class Tally
    {
        public int Failures { get; set; }

        public DateTimeOffset LastFailure { get; set; }

        public DateTimeOffset? LockedUntil { get; set; }

        public int Lockouts { get; set; }

        /// <summary>Since when nothing has happened: the last failure, or the end of the lockout.</summary>
        public DateTimeOffset Quiet => LockedUntil is { } until && until > LastFailure ? until : LastFailure;
    }
}

/// <summary>Which lockouts a failed sign-in started.</summary>
[Flags]
public enum SignInLockout
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary>The user name is locked out.</summary>
    User = 1,

    /// <summary>The client address is locked out.</summary>
    Address = 2,
}
