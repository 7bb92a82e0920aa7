using ApiStudio.Engine.Http;
using ApiStudio.Engine.Storage.Mappers;

namespace ApiStudio.Engine.Security;

/// <summary>A role granted to a caller, limited to an account and/or application (null = everywhere).</summary>
/// <param name="Role">Role name (one of the five built-in roles or a custom one).</param>
/// <param name="Accid">Account the grant is limited to, or null.</param>
/// <param name="Appid">Application the grant is limited to, or null.</param>
public sealed record RoleGrant(string Role, long? Accid, long? Appid)
{
    /// <summary>True for an Administrator grant without account or application: every role everywhere.</summary>
    public bool IsGlobalAdministrator => Role == Roles.Administrator && Accid is null && Appid is null;
}

/// <summary>
/// Who is calling: set by the security processors once a token or API key is verified; null while anonymous.
/// </summary>
/// <param name="Uid">User id, or null for a key-only caller.</param>
/// <param name="Username">User name, or null.</param>
/// <param name="Roles">The caller's role grants.</param>
/// <param name="ApiKeyAppid">The application of the API key used, when the caller came with one.</param>
/// <param name="ApiKeyId">The id of the API key used, when the caller came with one.</param>
public sealed record Caller(long? Uid, string? Username, IReadOnlyList<RoleGrant> Roles, long? ApiKeyAppid = null, long? ApiKeyId = null)
{
    /// <summary>
    /// The caller of an active user from its access rows (one per grant, or one without a role); null for a missing
    /// or inactive user. A grant on an application also lies in its account: the account is filled in from
    /// <paramref name="applications"/> so that account checks see it.
    /// </summary>
    public static Caller? OfUser(IReadOnlyList<UserAccessRow> rows, IReadOnlyDictionary<long, ApplicationInfo> applications)
    {
        if (rows.Count == 0 || !rows[0].Active)
        {
            return null;
        }
        var grants = new List<RoleGrant>(rows.Count);
        foreach (var row in rows)
        {
            if (row.RoleName is null)
            {
                continue;
            }
            var accid = row.Accid ?? (row.Appid is { } appid && applications.TryGetValue(appid, out var app) ? app.Accid : null);
            grants.Add(new RoleGrant(row.RoleName, accid, row.Appid));
        }
        return new Caller(rows[0].Uid, rows[0].Username, grants);
    }

    /// <summary>
    /// True when the caller holds <paramref name="role"/> for the application (or its account, or everywhere).
    /// A global Administrator holds every role everywhere.
    /// </summary>
    public bool HasRole(string role, long accid, long appid)
    {
        foreach (var grant in Roles)
        {
            if ((grant.Role == role || grant.IsGlobalAdministrator) && Applies(grant, accid, appid, true, true))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// True when the caller holds one of <paramref name="roles"/> (as <c>validate_token_roles</c> checks it): with
    /// <paramref name="validateAccount"/> a grant limited to another account does not count, with
    /// <paramref name="validateApplication"/> a grant limited to another application does not count. A global
    /// Administrator passes every check.
    /// </summary>
    public bool HasAnyRole(IReadOnlyList<string> roles, long accid, long appid, bool validateAccount = true, bool validateApplication = true)
    {
        foreach (var grant in Roles)
        {
            if (grant.IsGlobalAdministrator)
            {
                return true;
            }
            if (!Applies(grant, accid, appid, validateAccount, validateApplication))
            {
                continue;
            }
            for (var i = 0; i < roles.Count; i++)
            {
                if (grant.Role == roles[i])
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>True for a global Administrator (a grant limited to neither an account nor an application).</summary>
    public bool IsAdministrator
    {
        get
        {
            foreach (var grant in Roles)
            {
                if (grant.IsGlobalAdministrator)
                {
                    return true;
                }
            }
            return false;
        }
    }

    /// <summary>True when the caller manages the account: Administrator, or Account manager of it (not of one application).</summary>
    public bool ManagesAccount(long accid) =>
        IsAdministrator || Roles.Any(g => g.Role == Security.Roles.AccountManager && g.Appid is null && (g.Accid is null || g.Accid == accid));

    /// <summary>True when the caller manages the application: its account's manager, or Application manager of it.</summary>
    public bool ManagesApplication(long accid, long appid) =>
        ManagesAccount(accid) || HasRole(Security.Roles.ApplicationManager, accid, appid);

    /// <summary>
    /// True when the caller may hand <paramref name="role"/> to others within the application (a grant there, an API
    /// key of it): Administrator only by an Administrator, Account manager only by a manager of the whole account, any
    /// other role by a manager of the application. Nobody hands out more than they hold.
    /// </summary>
    public bool MayHandOut(string role, long accid, long appid) => role switch
    {
        Security.Roles.Administrator => IsAdministrator,
        Security.Roles.AccountManager => ManagesAccount(accid),
        _ => ManagesApplication(accid, appid),
    };

    private static bool Applies(RoleGrant grant, long accid, long appid, bool validateAccount, bool validateApplication) =>
        (!validateAccount || grant.Accid is null || grant.Accid == accid)
        && (!validateApplication || grant.Appid is null || grant.Appid == appid);
}
