using System.Globalization;
using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Values;
using ApiStudio.Studio.Shell;

namespace ApiStudio.Studio.Administration;

/// <summary>An account as the administration pages list it.</summary>
public sealed record AccountItem(long Accid, string Name)
{
    /// <summary>The row of the admin service's account shape.</summary>
    public static AccountItem From(Map map) => new(AdminRows.Long(map["accid"]), AdminRows.Text(map["name"]));
}

/// <summary>An application with its account's name and the settings the admin service manages.</summary>
public sealed record ApplicationItem(long Appid, long Accid, string Account, string Name, bool Wrap, IReadOnlyList<string> CorsOrigins)
{
    /// <summary>The row of the admin service's application shape; the account's name comes from <paramref name="accounts"/>.</summary>
    public static ApplicationItem From(Map map, IReadOnlyDictionary<long, string> accounts)
    {
        var accid = AdminRows.Long(map["accid"]);
        var settings = map["settings"] as Map ?? [];
        var origins = settings.GetValueOrDefault("cors_origins") is IEnumerable<object?> list ? list.Select(AdminRows.Text).ToList() : [];
        return new(AdminRows.Long(map["appid"]), accid, accounts.GetValueOrDefault(accid, accid.ToString(CultureInfo.InvariantCulture)),
            AdminRows.Text(map["name"]), settings.GetValueOrDefault("wrap") is not false, origins);
    }

    /// <summary>account/application.</summary>
    public string Path => $"{Account}/{Name}";
}

/// <summary>A user as the administration pages list it.</summary>
public sealed record UserItem(long Uid, string Username, string? Email, bool Active)
{
    /// <summary>The row of the admin service's user shape.</summary>
    public static UserItem From(Map map) =>
        new(AdminRows.Long(map["uid"]), AdminRows.Text(map["username"]), map["email"] as string, map["active"] is true or 1L or 1);
}

/// <summary>A role; built-in roles carry the permission rules.</summary>
public sealed record RoleItem(long Rid, string Name, bool BuiltIn)
{
    /// <summary>The row of the admin service's role shape.</summary>
    public static RoleItem From(Map map)
    {
        var name = AdminRows.Text(map["name"]);
        return new(AdminRows.Long(map["rid"]), name, Engine.Storage.Mappers.RoleMapper.BuiltIn.Contains(name));
    }
}

/// <summary>A role grant of a user: on everything, an account or an application.</summary>
public sealed record GrantItem(long Urid, long Uid, string Role, long? Accid, long? Appid)
{
    /// <summary>The row of the admin service's user role shape.</summary>
    public static GrantItem From(Map map) => new(AdminRows.Long(map["urid"]), AdminRows.Long(map["uid"]), AdminRows.Text(map["role"]),
        map["accid"] is null ? null : AdminRows.Long(map["accid"]), map["appid"] is null ? null : AdminRows.Long(map["appid"]));
}

/// <summary>An API key as lists show it: its prefix, never the key.</summary>
public sealed record ApiKeyItem(long Kid, string Name, string Prefix, string? Role, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    /// <summary>The row of the admin service's API key shape.</summary>
    public static ApiKeyItem From(Map map) => new(AdminRows.Long(map["kid"]), AdminRows.Text(map["name"]), AdminRows.Text(map["prefix"]),
        map["role"] as string, AdminRows.Time(map["created_at"]), map["revoked_at"] is null ? null : AdminRows.Time(map["revoked_at"]));
}

/// <summary>Reads the admin services' answers for the administration pages and says what they offer.</summary>
public static class AdminRows
{
    /// <summary>What an engine error says to the designer: every problem of a 400, else the message.</summary>
    public static string Message(ApiException error) => string.Join(" ", error.Details ?? [error.Message]);

    /// <summary>The accounts the caller sees.</summary>
    public static async Task<List<AccountItem>> AccountsAsync(AccountAdmin accounts, Caller? caller) =>
        StudioRows.Maps(await accounts.ReadAsync(caller, null, default).ConfigureAwait(false)).Select(AccountItem.From)
            .OrderBy(a => a.Name, StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>The applications the caller sees (of one account when <paramref name="accid"/> is given).</summary>
    public static async Task<List<ApplicationItem>> ApplicationsAsync(ApplicationAdmin applications, IReadOnlyList<AccountItem> accounts,
        Caller? caller, long? accid = null)
    {
        var names = accounts.ToDictionary(a => a.Accid, a => a.Name);
        return StudioRows.Maps(await applications.ReadAsync(caller, null, accid, default).ConfigureAwait(false))
            .Select(m => ApplicationItem.From(m, names))
            .OrderBy(a => a.Account, StringComparer.OrdinalIgnoreCase).ThenBy(a => a.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>
    /// True when the administration pages offer the caller something beyond their own user: they manage an account
    /// or one of the applications they see (the admin access rules decide).
    /// </summary>
    public static async Task<bool> OffersAdministrationAsync(ApplicationAdmin applications, Caller? caller)
    {
        if (caller is null)
        {
            return false;
        }
        if (AdminAccess.ManagesAnyAccount(caller))
        {
            return true;
        }
        return StudioRows.Maps(await applications.ReadAsync(caller, null, null, default).ConfigureAwait(false))
            .Any(a => AdminAccess.ManagesApplication(caller, Long(a["accid"]), Long(a["appid"])));
    }

    internal static long Long(object? value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);

    internal static string Text(object? value) => value?.ToString() ?? "";

    internal static DateTimeOffset Time(object? value) => value switch
    {
        DateTimeOffset time => time,
        DateTime time => new DateTimeOffset(time),
        string text when DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => DateTimeOffset.FromUnixTimeMilliseconds(Long(value)),
    };
}
