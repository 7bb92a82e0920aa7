using ApiStudio.Engine.Security;
using ApiStudio.Engine.Storage;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Engine.Values;

namespace ApiStudio.Engine.Admin;

/// <summary>
/// Role grants: Administrator is granted by an Administrator only, everywhere; Account manager by an account's
/// manager, for that account; other roles by the manager of the account or of the application they are granted
/// for. A caller sees their own grants and those they could give. The last Administrator grant cannot be revoked.
/// </summary>
public sealed class UserRoleAdmin(Database database, AdminAccess access, RoleAdmin roles, ApplicationAdmin applications, AccountAdmin accounts,
    UserRoleValidator validator)
{

    /// <summary>Grants a role: <c>{urid, uid, rid, role, accid, appid}</c>.</summary>
    public async Task<Map> CreateAsync(Caller? caller, UserRoleInput input, CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        var role = input.Rid is { } rid and > 0 ? await roles.FindAsync(rid, cancellationToken).ConfigureAwait(false) : null;
        validator.Check(input with { Role = role?.Name });
        var (accid, appid) = await ScopeAsync(who, input.Accid, input.Appid, cancellationToken).ConfigureAwait(false);
        if (!access.MayGrant(who, role!.Name, accid, appid))
        {
            throw accid is { } account ? access.Denied(who, account, appid, "Account", account, $"grant '{role.Name}' here") : AdminErrors.Forbidden($"grant '{role.Name}'");
        }
        var row = await database.WriteAsync("grant the role", async db =>
        {
            var uid = input.Uid!.Value;
            var grants = await UserMapper.FindByIdAsync(db, uid).ConfigureAwait(false) is null
                ? throw AdminErrors.NotFound("User", uid)
                : await UserRoleMapper.ForUserAsync(db, uid).ConfigureAwait(false);
            if (grants.Any(g => g.Rid == role.Rid && g.Accid == accid && g.Appid == appid))
            {
                throw AdminErrors.Conflict($"User {uid} already holds '{role.Name}' there.");
            }
            return await UserRoleMapper.CreateAsync(db, uid, role.Rid, accid, appid).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        return AdminShapes.UserRole(row);
    }

    /// <summary>One grant (<paramref name="urid"/>), or the grants the caller sees, filtered by user, role, account and application.</summary>
    public async Task<object> ReadAsync(Caller? caller, long? urid, UserRoleInput filter, CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        if (urid is { } id)
        {
            return AdminShapes.UserRole(await VisibleAsync(who, id, cancellationToken).ConfigureAwait(false));
        }
        var rows = await database.ReadAsync(UserRoleMapper.AllAsync, cancellationToken).ConfigureAwait(false);
        return rows.Where(g => (filter.Uid is null || g.Uid == filter.Uid) && (filter.Rid is null || g.Rid == filter.Rid)
                && (filter.Accid is null || access.AccountOf(g.Accid, g.Appid) == filter.Accid) && (filter.Appid is null || g.Appid == filter.Appid)
                && access.SeesGrant(who, g))
            .Select(g => (object?)AdminShapes.UserRole(g)).ToList();
    }

    /// <summary>Revokes a grant.</summary>
    public async Task<bool> DeleteAsync(Caller? caller, long urid, CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        var grant = await VisibleAsync(who, urid, cancellationToken).ConfigureAwait(false);
        if (!access.MayGrant(who, grant.RoleName, grant.Accid, grant.Appid))
        {
            throw AdminErrors.Forbidden($"revoke '{grant.RoleName}' here");
        }
        await database.WriteAsync("revoke the role", async db =>
        {
            await KeepAnAdministratorAsync(db, null, urid).ConfigureAwait(false);
            return await UserRoleMapper.DeleteAsync(db, urid).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Refuses (409) to delete user <paramref name="uid"/> or grant <paramref name="urid"/> when that would leave no
    /// global Administrator: nobody could manage the host any more.
    /// </summary>
    internal static async Task KeepAnAdministratorAsync(DbSession db, long? uid, long? urid)
    {
        var administrators = (await UserRoleMapper.AllAsync(db).ConfigureAwait(false))
            .Where(g => g.RoleName == Roles.Administrator && g.Accid is null && g.Appid is null)
            .ToList();
        var removed = administrators.Where(g => g.Uid == uid || g.Urid == urid).ToList();
        if (removed.Count > 0 && administrators.Select(g => g.Uid).Except(removed.Select(g => g.Uid)).Any() is false)
        {
            throw AdminErrors.Conflict("This is the last Administrator: grant Administrator to another user first.");
        }
    }

    /// <summary>
    /// The scope of a new grant: an application gives its account (a different accid is an error); an account must
    /// exist. Both must be visible to the caller (404 otherwise).
    /// </summary>
    private async Task<(long? Accid, long? Appid)> ScopeAsync(Caller who, long? accid, long? appid, CancellationToken cancellationToken)
    {
        if (appid is { } app)
        {
            var application = await applications.VisibleAsync(who, app, cancellationToken).ConfigureAwait(false);
            if (accid is { } given && given != application.Accid)
            {
                throw AdminErrors.Invalid($"'accid' {given} is not the account of application {app} (account {application.Accid}).");
            }
            return (application.Accid, app);
        }
        if (accid is { } account)
        {
            await accounts.VisibleAsync(who, account, cancellationToken).ConfigureAwait(false);
        }
        return (accid, null);
    }

    private async Task<UserRoleRow> VisibleAsync(Caller who, long urid, CancellationToken cancellationToken)
    {
        var row = await database.ReadAsync(db => UserRoleMapper.FindByIdAsync(db, urid), cancellationToken).ConfigureAwait(false);
        return row is not null && access.SeesGrant(who, row) ? row : throw AdminErrors.NotFound("User role", urid);
    }
}
