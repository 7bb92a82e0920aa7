using ApiStudio.Engine.Security;
using ApiStudio.Engine.Storage;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Engine.Values;

namespace ApiStudio.Engine.Admin;

/// <summary>
/// Roles: every signed-in caller may list them; only an Administrator creates, renames or deletes custom roles. The
/// five built-in roles carry the permission rules and are fixed.
/// </summary>
public sealed class RoleAdmin(Database database, RoleValidator validator)
{

    /// <summary>Creates a role: <c>{rid, name}</c>.</summary>
    public async Task<Map> CreateAsync(Caller? caller, string? name, CancellationToken cancellationToken)
    {
        RequireAdministrator(caller, "create roles");
        validator.Check(new RoleInput(name));
        var row = await database.WriteAsync("create the role", async db =>
        {
            await NameFreeAsync(db, name!, null).ConfigureAwait(false);
            return await RoleMapper.CreateAsync(db, name!).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        return AdminShapes.Role(row);
    }

    /// <summary>One role (<paramref name="rid"/>), or every role.</summary>
    public async Task<object> ReadAsync(Caller? caller, long? rid, CancellationToken cancellationToken)
    {
        AdminAccess.Authenticated(caller);
        if (rid is { } id)
        {
            return AdminShapes.Role(await FindAsync(id, cancellationToken).ConfigureAwait(false));
        }
        var rows = await database.ReadAsync(RoleMapper.AllAsync, cancellationToken).ConfigureAwait(false);
        return rows.Select(r => (object?)AdminShapes.Role(r)).ToList();
    }

    /// <summary>Renames a custom role: <c>{rid, name}</c>.</summary>
    public async Task<Map> UpdateAsync(Caller? caller, long rid, string? name, CancellationToken cancellationToken)
    {
        RequireAdministrator(caller, "rename roles");
        var current = await CustomAsync(rid, cancellationToken).ConfigureAwait(false);
        validator.Check(new RoleInput(name));
        var row = await database.WriteAsync("rename the role", async db =>
        {
            await NameFreeAsync(db, name!, rid).ConfigureAwait(false);
            await RoleMapper.RenameAsync(db, current.Rid, name!).ConfigureAwait(false);
            return (await RoleMapper.FindByIdAsync(db, rid).ConfigureAwait(false))!;
        }, cancellationToken).ConfigureAwait(false);
        return AdminShapes.Role(row);
    }

    /// <summary>Deletes a custom role and its grants.</summary>
    public async Task<bool> DeleteAsync(Caller? caller, long rid, CancellationToken cancellationToken)
    {
        RequireAdministrator(caller, "delete roles");
        await CustomAsync(rid, cancellationToken).ConfigureAwait(false);
        await database.WriteAsync("delete the role", db => RoleMapper.DeleteAsync(db, rid), cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>The role; 404 when it does not exist.</summary>
    internal async Task<RoleRow> FindAsync(long rid, CancellationToken cancellationToken) =>
        await database.ReadAsync(db => RoleMapper.FindByIdAsync(db, rid), cancellationToken).ConfigureAwait(false)
        ?? throw AdminErrors.NotFound("Role", rid);

    private async Task<RoleRow> CustomAsync(long rid, CancellationToken cancellationToken)
    {
        var role = await FindAsync(rid, cancellationToken).ConfigureAwait(false);
        return RoleMapper.BuiltIn.Contains(role.Name)
            ? throw AdminErrors.Conflict($"'{role.Name}' is a built-in role: it cannot be renamed or deleted.")
            : role;
    }

    private static void RequireAdministrator(Caller? caller, string action)
    {
        if (!AdminAccess.IsAdministrator(AdminAccess.Authenticated(caller)))
        {
            throw AdminErrors.Forbidden(action);
        }
    }

    private static async Task NameFreeAsync(DbSession db, string name, long? self)
    {
        if (await RoleMapper.FindByNameAsync(db, name).ConfigureAwait(false) is { } taken && taken.Rid != self)
        {
            throw AdminErrors.Conflict($"A role named '{name}' already exists.");
        }
    }
}
