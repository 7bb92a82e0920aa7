namespace ApiStudio.Engine.Security;

/// <summary>A role granted to a caller, limited to an account and/or application (null = everywhere).</summary>
/// <param name="Role">Role name (one of the five built-in roles or a custom one).</param>
/// <param name="Accid">Account the grant is limited to, or null.</param>
/// <param name="Appid">Application the grant is limited to, or null.</param>
public sealed record RoleGrant(string Role, long? Accid, long? Appid);

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
            var applies = (grant.Accid is null || grant.Accid == accid) && (grant.Appid is null || grant.Appid == appid);
            if (!applies)
            {
                continue;
            }
            if (grant.Role == role || (grant.Role == "Administrator" && grant.Accid is null && grant.Appid is null))
            {
                return true;
            }
        }
        return false;
    }
}
