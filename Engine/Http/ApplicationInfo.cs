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

    /// <summary>The settings as JSON.</summary>
    public string ToJson() => PlainJson.Serialize(new Map
    {
        ["wrap"] = Wrap,
        ["cors_origins"] = CorsOrigins.Select(o => (object?)o).ToList(),
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
            CorsOrigins = map.GetValueOrDefault("cors_origins") is List<object?> origins
                ? origins.OfType<string>().ToList()
                : [],
        };
    }
}
