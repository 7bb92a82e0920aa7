using System.Globalization;
using ApiStudio.Engine.Values;

namespace ApiStudio.Studio.Shell;

/// <summary>An application the designer sees, with its account.</summary>
public sealed record ApplicationEntry(long Appid, long Accid, string Account, string Name);

/// <summary>A resource as the list shows it.</summary>
public sealed record ResourceEntry(long Resid, string Account, string Application, string Name, string? Description, string Method,
    string Uri, string Status, DateTimeOffset UpdatedAt, string? UpdatedBy)
{
    /// <summary>The row of the admin service's resource shape.</summary>
    public static ResourceEntry From(Map map) => new(
        Long(map["resid"]), Text(map["account"]), Text(map["application"]), Text(map["name"]), map["description"] as string,
        Text(map["method"]), Text(map["uri"]), Text(map["status"]),
        DateTimeOffset.FromUnixTimeMilliseconds(Long(map["updated_at"])),
        map.TryGetValue("updated_by_name", out var who) && who is string name ? name : map["updated_by"]?.ToString());

    private static long Long(object? value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);

    private static string Text(object? value) => value?.ToString() ?? "";
}

/// <summary>Reads the admin services' answers (the shapes the admin API returns) into the studio's rows.</summary>
public static class StudioRows
{
    /// <summary>The maps of a list answer.</summary>
    public static IEnumerable<Map> Maps(object answer) => answer is IEnumerable<object?> items ? items.OfType<Map>() : [];
}
