using System.Globalization;
using System.Threading.RateLimiting;
using ApiStudio.Engine.Hosting;
using ApiStudio.Engine.Http;
using ApiStudio.Engine.Processing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace ApiStudio.Engine.Security;

/// <summary>
/// Rate limits per application and per caller, the step right after a request is matched. Each applies
/// its own window (fixed or sliding, <c>System.Threading.RateLimiting</c>); the application's <c>rate_limit</c> setting
/// overrides the host default <c>ApiStudio:RateLimit</c>. Responses carry <c>X-RateLimit-Limit</c> and
/// <c>X-RateLimit-Remaining</c> (of the tighter limit); a refused request is 429 with <c>Retry-After</c>.
/// </summary>
/// <remarks>
/// The caller of the per-user limit is the user of a correctly signed bearer token (checked without the database; an
/// expired one still names its user), else the client address — so key-only and anonymous callers are limited per
/// address. The per-user window is charged first, so one noisy caller does not use up the application's permits.
/// </remarks>
public sealed class RequestRateLimiter(IOptions<ApiStudioOptions> options, TokenService tokens) : IDisposable
{
    /// <summary>The limit of the window, on every limited response.</summary>
    public const string LimitHeader = "X-RateLimit-Limit";

    /// <summary>Requests left in the window, on every limited response.</summary>
    public const string RemainingHeader = "X-RateLimit-Remaining";

    private readonly PartitionedRateLimiter<WindowKey> _limiter = PartitionedRateLimiter.Create<WindowKey, WindowKey>(Partition);

    /// <summary>Charges the request to its windows; sets the headers; throws a 429 error when a window is full.</summary>
    public async ValueTask EnforceAsync(HttpContext http, ApplicationInfo application)
    {
        var policy = Policy.Of(options.Value.RateLimit, application.Settings.RateLimit);
        if (policy.Limit == 0 && policy.PerUserLimit == 0)
        {
            return;
        }
        (int Limit, int Remaining)? shown = null;
        if (policy.PerUserLimit > 0)
        {
            var caller = await CallerKeyAsync(http).ConfigureAwait(false);
            shown = Charge(http, new WindowKey(application.Appid, caller, policy.PerUserLimit, policy.WindowSeconds, policy.Sliding, policy.Segments));
        }
        if (policy.Limit > 0)
        {
            var whole = Charge(http, new WindowKey(application.Appid, null, policy.Limit, policy.WindowSeconds, policy.Sliding, policy.Segments));
            if (shown is null || whole.Remaining < shown.Value.Remaining)
            {
                shown = whole;
            }
        }
        http.Response.Headers[LimitHeader] = shown!.Value.Limit.ToString(CultureInfo.InvariantCulture);
        http.Response.Headers[RemainingHeader] = shown.Value.Remaining.ToString(CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public void Dispose() => _limiter.Dispose();

    private (int Limit, int Remaining) Charge(HttpContext http, WindowKey key)
    {
        using var lease = _limiter.AttemptAcquire(key);
        if (lease.IsAcquired)
        {
            var remaining = (int)Math.Min(_limiter.GetStatistics(key)?.CurrentAvailablePermits ?? 0, key.Limit);
            return (key.Limit, remaining);
        }
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) && wait > TimeSpan.Zero
            ? wait
            : TimeSpan.FromSeconds(key.Sliding ? Math.Max(1, key.WindowSeconds / key.Segments) : key.WindowSeconds);
        var seconds = (long)Math.Max(1, Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        http.Response.Headers[LimitHeader] = key.Limit.ToString(CultureInfo.InvariantCulture);
        http.Response.Headers[RemainingHeader] = "0";
        var who = key.Caller is null ? "this application" : "this caller";
        throw new ApiException(
            $"Too many requests: the limit of {key.Limit} requests per {key.WindowSeconds} s for {who} is reached. Retry after {seconds} s.",
            ErrorCodes.InvalidCall, null, 429);
    }

    private async ValueTask<string> CallerKeyAsync(HttpContext http)
    {
        if (AccessTokens.FromAuthorization(http.Request.Headers.Authorization.ToString()) is { } token)
        {
            var check = await tokens.ReadAsync(token, checkLifetime: false).ConfigureAwait(false);
            if (check.Claims is { } claims)
            {
                return "user:" + claims.Uid.ToString(CultureInfo.InvariantCulture);
            }
        }
        return "address:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
    }

    private static RateLimitPartition<WindowKey> Partition(WindowKey key) => key.Sliding
        ? RateLimitPartition.GetSlidingWindowLimiter(key, k => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = k.Limit,
            Window = TimeSpan.FromSeconds(k.WindowSeconds),
            SegmentsPerWindow = k.Segments,
            QueueLimit = 0,
            AutoReplenishment = true,
        })
        : RateLimitPartition.GetFixedWindowLimiter(key, k => new FixedWindowRateLimiterOptions
        {
            PermitLimit = k.Limit,
            Window = TimeSpan.FromSeconds(k.WindowSeconds),
            QueueLimit = 0,
            AutoReplenishment = true,
        });

    /// <summary>One window: application, caller (null = everyone) and the settings it was made with (a changed setting
    /// starts a new window; the old one is dropped once idle).</summary>
    private readonly record struct WindowKey(long Appid, string? Caller, int Limit, int WindowSeconds, bool Sliding, int Segments);

    /// <summary>The effective limits of one application.</summary>
    private readonly record struct Policy(int Limit, int PerUserLimit, int WindowSeconds, bool Sliding, int Segments)
    {
        public static Policy Of(RateLimitOptions host, ApplicationRateLimit application)
        {
            var window = Math.Max(1, application.WindowSeconds ?? host.WindowSeconds);
            var sliding = string.Equals(application.Kind ?? host.Kind, "sliding", StringComparison.OrdinalIgnoreCase);
            var segments = Math.Clamp(host.Segments, 1, window);
            return new Policy(Math.Max(0, application.Limit ?? host.Limit), Math.Max(0, application.PerUserLimit ?? host.PerUserLimit),
                window, sliding, segments);
        }
    }
}
