using ApiStudio.Engine.Http;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Storage.Mappers;

namespace ApiStudio.Engine.Admin;

/// <summary>
/// Who may do what in the admin API, in one place:
/// <list type="bullet">
/// <item>a global Administrator may do everything;</item>
/// <item>an Account manager manages its account: its applications, their resources, and role grants within it;</item>
/// <item>an Application manager manages its application: resources and role grants within the application;</item>
/// <item>a Developer manages the resources of its application;</item>
/// <item>a Consumer sees its account and application but not their resources;</item>
/// <item>anyone else does not see the account at all: lists leave it out and direct ids answer 404.</item>
/// </list>
/// A role granted for an account covers every application of that account.
/// </summary>
public sealed class AdminAccess(ResourceRegistry registry)
{
    /// <summary>The verified caller; 401 when there is none.</summary>
    public static Caller Authenticated(Caller? caller) => caller ?? throw AdminErrors.Unauthenticated();

    /// <summary>True for a global Administrator (a grant limited to neither an account nor an application).</summary>
    public static bool IsAdministrator(Caller caller) => caller.IsAdministrator;

    /// <summary>True when the caller manages the account (Administrator, or Account manager of it).</summary>
    public static bool ManagesAccount(Caller caller, long accid) => caller.ManagesAccount(accid);

    /// <summary>True when the caller manages at least one account.</summary>
    public static bool ManagesAnyAccount(Caller caller) =>
        IsAdministrator(caller) || caller.Roles.Any(g => g.Role == Roles.AccountManager && g.Appid is null);

    /// <summary>True when the caller manages the application (its account's manager, or Application manager of it).</summary>
    public static bool ManagesApplication(Caller caller, long accid, long appid) => caller.ManagesApplication(accid, appid);

    /// <summary>True when the caller may read and write the application's resources (Developer and above).</summary>
    public static bool DevelopsApplication(Caller caller, long accid, long appid) =>
        ManagesApplication(caller, accid, appid) || caller.HasRole(Roles.Developer, accid, appid);

    /// <summary>True when the caller may read and write the objects of application <paramref name="appid"/> (Developer and above); false for an unknown application.</summary>
    public bool DevelopsApplication(Caller caller, long appid) => AccountOf(null, appid) is { } accid && DevelopsApplication(caller, accid, appid);

    /// <summary>
    /// An object of application <paramref name="appid"/> (a script, a task) when the caller develops that application:
    /// 404 when it does not exist or the caller holds no role there (its existence is not revealed), 403 when their role
    /// does not allow <paramref name="action"/>.
    /// </summary>
    public T Developed<T>(Caller caller, T? row, long appid, string kind, object id, string action) where T : class
    {
        if (row is null || AccountOf(null, appid) is not { } accid)
        {
            throw AdminErrors.NotFound(kind, id);
        }
        return DevelopsApplication(caller, accid, appid) ? row : throw Denied(caller, accid, appid, kind, id, action);
    }

    /// <summary>True when the caller holds any role in the account (or in one of its applications).</summary>
    public bool SeesAccount(Caller caller, long accid) =>
        caller.Roles.Any(g => (g.Accid is null && g.Appid is null) || AccountOf(g.Accid, g.Appid) == accid);

    /// <summary>True when the caller holds any role in the application or for its whole account.</summary>
    public static bool SeesApplication(Caller caller, long accid, long appid) =>
        caller.Roles.Any(g => g.Appid == appid || (g.Appid is null && (g.Accid is null || g.Accid == accid)));

    /// <summary>
    /// True when the caller may grant or revoke <paramref name="role"/> for this scope (or give an API key that role):
    /// the scope must be theirs to manage and the role no higher than theirs — an Application manager never hands
    /// out Account manager or Administrator, whatever the scope (<see cref="Caller.MayHandOut"/>).
    /// </summary>
    public bool MayGrant(Caller caller, string role, long? accid, long? appid)
    {
        if (role == Roles.Administrator || (accid is null && appid is null))
        {
            return IsAdministrator(caller);
        }
        var account = AccountOf(accid, appid);
        if (account is null)
        {
            return IsAdministrator(caller);
        }
        return appid is { } app ? caller.MayHandOut(role, account.Value, app) : ManagesAccount(caller, account.Value);
    }

    /// <summary>True when the caller may see the grant: their own, or one they could grant.</summary>
    public bool SeesGrant(Caller caller, UserRoleRow grant) =>
        caller.Uid == grant.Uid || MayGrant(caller, grant.RoleName, grant.Accid, grant.Appid);

    /// <summary>True when the caller may see the user: themselves, or a user holding a grant the caller could give.</summary>
    public bool SeesUser(Caller caller, long uid, IReadOnlyList<UserRoleRow> grants) =>
        IsAdministrator(caller) || caller.Uid == uid || grants.Any(g => MayGrant(caller, g.RoleName, g.Accid, g.Appid));

    /// <summary>
    /// True when the caller may change or delete another user: an Administrator, or an Account manager when every
    /// grant of that user lies in accounts the caller manages (a manager never edits an administrator or a member of
    /// another account).
    /// </summary>
    public bool ControlsUser(Caller caller, IReadOnlyList<UserRoleRow> grants)
    {
        if (IsAdministrator(caller))
        {
            return true;
        }
        if (grants.Count == 0)
        {
            return false;
        }
        foreach (var grant in grants)
        {
            if (grant.RoleName == Roles.Administrator || AccountOf(grant.Accid, grant.Appid) is not { } account || !ManagesAccount(caller, account))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// True when the caller may have a scheduled task run as user <paramref name="uid"/> (who holds
    /// <paramref name="grants"/>): themselves; or, for an Administrator, anyone; or a user holding at least one role,
    /// every one of which the caller could grant (<see cref="MayGrant"/>) — so a task never runs with rights its author
    /// could not have handed out. A Developer names only themselves.
    /// </summary>
    public bool MayActAs(Caller caller, long uid, IReadOnlyList<UserRoleRow> grants) =>
        caller.Uid == uid || IsAdministrator(caller) || (grants.Count > 0 && grants.All(g => MayGrant(caller, g.RoleName, g.Accid, g.Appid)));

    /// <summary>
    /// The refusal for an object of the account (and application): 404 when the caller holds no role there (the
    /// object's existence is not revealed), 403 when they do but the role does not allow <paramref name="action"/>.
    /// </summary>
    public ApiException Denied(Caller caller, long accid, long? appid, string kind, object id, string action)
    {
        var member = appid is { } app ? SeesApplication(caller, accid, app) : SeesAccount(caller, accid);
        return member ? AdminErrors.Forbidden(action) : AdminErrors.NotFound(kind, id);
    }

    /// <summary>The account of a grant's scope: its account, else its application's account, else null.</summary>
    public long? AccountOf(long? accid, long? appid) =>
        accid ?? (appid is { } app && registry.Applications.TryGetValue(app, out var info) ? info.Accid : null);
}
