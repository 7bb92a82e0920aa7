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
public sealed record Caller(long? Uid, string? Username, IReadOnlyList<RoleGrant> Roles, long? ApiKeyAppid = null)
{
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

    private static bool Applies(RoleGrant grant, long accid, long appid, bool validateAccount, bool validateApplication) =>
        (!validateAccount || grant.Accid is null || grant.Accid == accid)
        && (!validateApplication || grant.Appid is null || grant.Appid == appid);
}
