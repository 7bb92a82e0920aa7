namespace ApiStudio.Engine.Security;

/// <summary>
/// Who may read or change var store variables — one rule for the <c>var_store_*</c> processors and the
/// admin API: reading needs any of the five roles for the application (for an account's variables: any role within
/// the account); changing an application's variables needs Developer or above there; changing an account's variables
/// needs Account manager or Administrator for the whole account.
/// </summary>
public static class VarStoreAccess
{
    private static readonly string[] Readers = [Roles.Administrator, Roles.AccountManager, Roles.ApplicationManager, Roles.Developer, Roles.Consumer];
    private static readonly string[] ApplicationWriters = [Roles.Administrator, Roles.AccountManager, Roles.ApplicationManager, Roles.Developer];
    private static readonly string[] AccountWriters = [Roles.Administrator, Roles.AccountManager];

    /// <summary>
    /// True when the caller may read (or <paramref name="write"/>) the variables of application <paramref name="appid"/>
    /// of account <paramref name="accid"/>, or of the account itself when <paramref name="appid"/> is null.
    /// </summary>
    public static bool Allows(Caller caller, bool write, long accid, long? appid)
    {
        var roles = RolesFor(write, appid is null);
        foreach (var grant in caller.Roles)
        {
            // An application-limited grant never covers changes to the whole account, but lets its holder read it.
            var covers = (grant.Accid is null || grant.Accid == accid)
                && (grant.Appid is null || grant.Appid == appid || (appid is null && !write && grant.Accid == accid));
            if (covers && Array.IndexOf(roles, grant.Role) >= 0)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The roles that allow reading or changing (<paramref name="write"/>) the variables of an application or (<paramref name="account"/>) an account, as a sentence: "A, B or C".</summary>
    public static string Describe(bool write, bool account)
    {
        var roles = RolesFor(write, account);
        return $"{string.Join(", ", roles[..^1])} or {roles[^1]}";
    }

    private static string[] RolesFor(bool write, bool account) => !write ? Readers : account ? AccountWriters : ApplicationWriters;
}
