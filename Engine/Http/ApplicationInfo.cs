using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Engine.Values;

namespace ApiStudio.Engine.Http;

/// <summary>An application as the host keeps it in memory: ids, names and parsed settings.</summary>
/// <param name="Appid">Application id.</param>
/// <param name="Accid">Account id.</param>
/// <param name="Account">Account name.</param>
/// <param name="Name">Application name.</param>
/// <param name="Settings">Settings.</param>
public sealed record ApplicationInfo(long Appid, long Accid, string Account, string Name, ApplicationSettings Settings)
{
    /// <summary>From a database row (settings JSON parsed; unknown or malformed settings fall back to defaults).</summary>
    public static ApplicationInfo From(ApplicationRow row) =>
        new(row.Appid, row.Accid, row.AccountName, row.Name, ApplicationSettings.Parse(row.Settings));
}

/// <summary>Per-application behaviour (stored as JSON in <c>applications.settings</c>).</summary>
public sealed record ApplicationSettings
{
    /// <summary>The defaults.</summary>
    public static readonly ApplicationSettings Default = new();

    /// <summary>Wrap responses in <c>{"result": ..., "data": ...}</c> (default true, as ApiOpenStudio).</summary>
    public bool Wrap { get; init; } = true;

    /// <summary>Origins allowed by CORS (<c>*</c> for any); empty = no CORS headers.</summary>
    public IReadOnlyList<string> CorsOrigins { get; init; } = [];

    /// <summary>Role of callers who present only an API key of this application (null = no role: the key opens
    /// resources secured by <c>validate_api_key</c> but satisfies no role check).</summary>
    public string? ApiKeyRole { get; init; }

    /// <summary>Rate limits of this application; fields left null take the host default (<c>ApiStudio:RateLimit</c>).</summary>
    public ApplicationRateLimit RateLimit { get; init; } = ApplicationRateLimit.None;

    /// <summary>The settings as JSON.</summary>
    public string ToJson()
    {
        var map = new Map
        {
            ["wrap"] = Wrap,
            ["cors_origins"] = CorsOrigins.Select(o => (object?)o).ToList(),
        };
        if (ApiKeyRole is not null)
        {
            map["api_key_role"] = ApiKeyRole;
        }
        if (RateLimit != ApplicationRateLimit.None)
        {
            map["rate_limit"] = RateLimit.ToMap();
        }
        return PlainJson.Serialize(map);
    }

    /// <summary>Parses stored settings.</summary>
    public static ApplicationSettings Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json) || !PlainJson.TryParse(json, out var parsed) || parsed is not Map map)
        {
            return Default;
        }
        return new ApplicationSettings
        {
            Wrap = map.GetValueOrDefault("wrap") is not false,
            CorsOrigins = map.GetValueOrDefault("cors_origins") is List<object?> origins
                ? origins.OfType<string>().ToList()
                : [],
            ApiKeyRole = map.GetValueOrDefault("api_key_role") is string { Length: > 0 } role ? role : null,
            RateLimit = map.GetValueOrDefault("rate_limit") is Map limits ? ApplicationRateLimit.Parse(limits) : ApplicationRateLimit.None,
        };
    }
}

/// <summary>
/// An application's <c>rate_limit</c> setting: <c>{"limit": 100, "per_user_limit": 10, "window_seconds": 60,
/// "kind": "fixed|sliding"}</c>; a missing field takes the host default, 0 switches that limit off.
/// </summary>
public sealed record ApplicationRateLimit
{
    /// <summary>No overrides: the host defaults apply.</summary>
    public static readonly ApplicationRateLimit None = new();

    /// <summary>Requests per window from all callers together.</summary>
    public int? Limit { get; init; }

    /// <summary>Requests per window from one caller.</summary>
    public int? PerUserLimit { get; init; }

    /// <summary>Window length in seconds.</summary>
    public int? WindowSeconds { get; init; }

    /// <summary><c>fixed</c> or <c>sliding</c>.</summary>
    public string? Kind { get; init; }

    /// <summary>The setting as a map (only the fields that are set).</summary>
    public Map ToMap()
    {
        var map = new Map();
        if (Limit is { } limit)
        {
            map["limit"] = (long)limit;
        }
        if (PerUserLimit is { } perUser)
        {
            map["per_user_limit"] = (long)perUser;
        }
        if (WindowSeconds is { } window)
        {
            map["window_seconds"] = (long)window;
        }
        if (Kind is not null)
        {
            map["kind"] = Kind;
        }
        return map;
    }

    /// <summary>Reads the setting; values that are not non-negative whole numbers (or a known kind) are ignored.</summary>
    public static ApplicationRateLimit Parse(Map map) => new()
    {
        Limit = Count(map.GetValueOrDefault("limit")),
        PerUserLimit = Count(map.GetValueOrDefault("per_user_limit")),
        WindowSeconds = Count(map.GetValueOrDefault("window_seconds")) is > 0 and var window ? window : null,
        Kind = map.GetValueOrDefault("kind") is "fixed" or "sliding" ? (string)map["kind"]! : null,
    };

    private static int? Count(object? value) => value is long number and >= 0 and <= int.MaxValue ? (int)number : null;
}
