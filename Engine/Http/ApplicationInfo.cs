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

    /// <summary>
    /// Origins allowed by CORS: exact origins (<c>https://app.example.com</c>), subdomain patterns
    /// (<c>https://*.example.com</c>) or <c>*</c> for any; empty = no CORS headers.
    /// </summary>
    public IReadOnlyList<string> CorsOrigins { get; init; } = [];

    /// <summary>Request headers a preflight allows; empty = the headers the browser asks for.</summary>
    public IReadOnlyList<string> CorsAllowedHeaders { get; init; } = [];

    /// <summary>Methods a preflight allows; empty = the methods of the resources at the requested uri.</summary>
    public IReadOnlyList<string> CorsAllowedMethods { get; init; } = [];

    /// <summary>Response headers scripts in the browser may read (<c>Access-Control-Expose-Headers</c>).</summary>
    public IReadOnlyList<string> CorsExposedHeaders { get; init; } = [];

    /// <summary>Seconds a browser may cache a preflight answer (<c>Access-Control-Max-Age</c>); null = not sent.</summary>
    public long? CorsMaxAge { get; init; }

    /// <summary>Allow cookies and HTTP authentication on cross-origin requests (the origin is then always echoed).</summary>
    public bool CorsAllowCredentials { get; init; }

    /// <summary>The settings as JSON.</summary>
    public string ToJson() => PlainJson.Serialize(new Map
    {
        ["wrap"] = Wrap,
        ["cors_origins"] = CorsOrigins.Select(o => (object?)o).ToList(),
        ["cors_allowed_headers"] = CorsAllowedHeaders.Select(o => (object?)o).ToList(),
        ["cors_allowed_methods"] = CorsAllowedMethods.Select(o => (object?)o).ToList(),
        ["cors_exposed_headers"] = CorsExposedHeaders.Select(o => (object?)o).ToList(),
        ["cors_max_age"] = CorsMaxAge,
        ["cors_allow_credentials"] = CorsAllowCredentials,
    });

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
            CorsOrigins = Texts(map, "cors_origins"),
            CorsAllowedHeaders = Texts(map, "cors_allowed_headers"),
            CorsAllowedMethods = Texts(map, "cors_allowed_methods"),
            CorsExposedHeaders = Texts(map, "cors_exposed_headers"),
            CorsMaxAge = map.GetValueOrDefault("cors_max_age") is long maxAge and >= 0 ? maxAge : null,
            CorsAllowCredentials = map.GetValueOrDefault("cors_allow_credentials") is true,
        };
    }

    private static List<string> Texts(Map map, string key) =>
        map.GetValueOrDefault(key) is List<object?> items ? items.OfType<string>().ToList() : [];
}
