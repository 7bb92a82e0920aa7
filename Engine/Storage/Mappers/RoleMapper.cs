namespace ApiStudio.Engine.Storage.Mappers;

/// <summary>A row of <c>roles</c>.</summary>
public sealed class RoleRow
{
    /// <summary>Role id.</summary>
    public long Rid { get; init; }

    /// <summary>Unique name.</summary>
    public string Name { get; init; } = "";
}

/// <summary>A granted role: user, role and the account/application it applies to (null = everywhere).</summary>
public sealed class UserRoleRow
{
    /// <summary>Grant id.</summary>
    public long Urid { get; init; }

    /// <summary>User id.</summary>
    public long Uid { get; init; }

    /// <summary>Role id.</summary>
    public long Rid { get; init; }

    /// <summary>Role name.</summary>
    public string RoleName { get; init; } = "";

    /// <summary>Account the grant is limited to, or null.</summary>
    public long? Accid { get; init; }

    /// <summary>Application the grant is limited to, or null.</summary>
    public long? Appid { get; init; }
}

/// <summary>The <c>roles</c> table (the five roles are seeded by the first migration).</summary>
public static class RoleMapper
{
    /// <summary>The five built-in role names, most powerful first.</summary>
    public static readonly IReadOnlyList<string> BuiltIn =
        ["Administrator", "Account manager", "Application manager", "Developer", "Consumer"];

    /// <summary>Every role.</summary>
    public static Task<List<RoleRow>> AllAsync(DbSession db) => db.QueryAsync<RoleRow>("SELECT rid, name FROM roles ORDER BY rid");

    /// <summary>The role with this id, or null.</summary>
    public static Task<RoleRow?> FindByIdAsync(DbSession db, long rid) =>
        db.QuerySingleOrDefaultAsync<RoleRow>("SELECT rid, name FROM roles WHERE rid = @rid", new { rid });

    /// <summary>The role with this name, or null.</summary>
    public static Task<RoleRow?> FindByNameAsync(DbSession db, string name) =>
        db.QuerySingleOrDefaultAsync<RoleRow>("SELECT rid, name FROM roles WHERE name = @name", new { name });

    /// <summary>Inserts a role.</summary>
    public static Task<RoleRow> CreateAsync(DbSession db, string name) =>
        db.QuerySingleAsync<RoleRow>("INSERT INTO roles (name) VALUES (@name) RETURNING rid, name", new { name });

    /// <summary>Renames a role.</summary>
    public static async Task<bool> RenameAsync(DbSession db, long rid, string name) =>
        await db.ExecuteAsync("UPDATE roles SET name = @name WHERE rid = @rid", new { rid, name }) > 0;

    /// <summary>Deletes a role and its grants.</summary>
    public static async Task<bool> DeleteAsync(DbSession db, long rid) =>
        await db.ExecuteAsync("DELETE FROM roles WHERE rid = @rid", new { rid }) > 0;
}

/// <summary>The <c>user_roles</c> table.</summary>
public static class UserRoleMapper
{
    private const string Select =
        "SELECT ur.urid, ur.uid, ur.rid, r.name AS role_name, ur.accid, ur.appid FROM user_roles ur JOIN roles r ON r.rid = ur.rid";

    /// <summary>Grants a role.</summary>
    public static async Task<UserRoleRow> CreateAsync(DbSession db, long uid, long rid, long? accid, long? appid)
    {
        var urid = await db.QuerySingleAsync<long>(
            "INSERT INTO user_roles (uid, rid, accid, appid) VALUES (@uid, @rid, @accid, @appid) RETURNING urid",
            new { uid, rid, accid, appid });
        return (await db.QuerySingleAsync<UserRoleRow>($"{Select} WHERE ur.urid = @urid", new { urid }))!;
    }

    /// <summary>The grant with this id, or null.</summary>
    public static Task<UserRoleRow?> FindByIdAsync(DbSession db, long urid) =>
        db.QuerySingleOrDefaultAsync<UserRoleRow>($"{Select} WHERE ur.urid = @urid", new { urid });

    /// <summary>Every grant of a user.</summary>
    public static Task<List<UserRoleRow>> ForUserAsync(DbSession db, long uid) =>
        db.QueryAsync<UserRoleRow>($"{Select} WHERE ur.uid = @uid ORDER BY ur.urid", new { uid });

    /// <summary>Every grant.</summary>
    public static Task<List<UserRoleRow>> AllAsync(DbSession db) => db.QueryAsync<UserRoleRow>($"{Select} ORDER BY ur.urid");

    /// <summary>Revokes a grant.</summary>
    public static async Task<bool> DeleteAsync(DbSession db, long urid) =>
        await db.ExecuteAsync("DELETE FROM user_roles WHERE urid = @urid", new { urid }) > 0;

    /// <summary>
    /// A user's name, active flag and grants in one query (one row per grant; one row with a null role when the user
    /// has none; no row when the user does not exist): what checking an access token needs on every request.
    /// </summary>
    public static Task<List<UserAccessRow>> AccessOfAsync(DbSession db, long uid) =>
        db.QueryAsync<UserAccessRow>(
            "SELECT u.uid, u.username, u.active, r.name AS role_name, ur.accid, ur.appid FROM users u "
            + "LEFT JOIN user_roles ur ON ur.uid = u.uid LEFT JOIN roles r ON r.rid = ur.rid WHERE u.uid = @uid ORDER BY ur.urid",
            new { uid });
}

/// <summary>A user with one of its grants (see <see cref="UserRoleMapper.AccessOfAsync"/>).</summary>
public sealed class UserAccessRow
{
    /// <summary>User id.</summary>
    public long Uid { get; init; }

    /// <summary>User name.</summary>
    public string Username { get; init; } = "";

    /// <summary>False when the user may not sign in.</summary>
    public bool Active { get; init; }

    /// <summary>Role name, or null when the user has no grant.</summary>
    public string? RoleName { get; init; }

    /// <summary>Account the grant is limited to, or null.</summary>
    public long? Accid { get; init; }

    /// <summary>Application the grant is limited to, or null.</summary>
    public long? Appid { get; init; }
}
