namespace ApiStudio.Engine.Storage.Mappers;

/// <summary>A row of <c>users</c>. The password hash never leaves the server.</summary>
public sealed class UserRow
{
    /// <summary>User id.</summary>
    public long Uid { get; init; }

    /// <summary>Unique user name.</summary>
    public string Username { get; init; } = "";

    /// <summary>E-mail address.</summary>
    public string? Email { get; init; }

    /// <summary>PasswordHasher output.</summary>
    public string PasswordHash { get; init; } = "";

    /// <summary>False when the user may not sign in.</summary>
    public bool Active { get; init; }

    /// <summary>Creation time (epoch ms).</summary>
    public long CreatedAt { get; init; }
}

/// <summary>The <c>users</c> table.</summary>
public static class UserMapper
{
    private const string Columns = "uid, username, email, password_hash, active, created_at";

    /// <summary>Inserts a user.</summary>
    public static Task<UserRow> CreateAsync(DbSession db, string username, string? email, string passwordHash, bool active = true) =>
        db.QuerySingleAsync<UserRow>(
            $"INSERT INTO users (username, email, password_hash, active, created_at) VALUES (@username, @email, @passwordHash, @active, @now) RETURNING {Columns}",
            new { username, email, passwordHash, active, now = Clock.Now() });

    /// <summary>The user with this id, or null.</summary>
    public static Task<UserRow?> FindByIdAsync(DbSession db, long uid) =>
        db.QuerySingleOrDefaultAsync<UserRow>($"SELECT {Columns} FROM users WHERE uid = @uid", new { uid });

    /// <summary>The user with this name, or null.</summary>
    public static Task<UserRow?> FindByUsernameAsync(DbSession db, string username) =>
        db.QuerySingleOrDefaultAsync<UserRow>($"SELECT {Columns} FROM users WHERE username = @username", new { username });

    /// <summary>The user with this e-mail address (case-insensitive), or null.</summary>
    public static async Task<UserRow?> FindByEmailAsync(DbSession db, string email) =>
        (await db.QueryAsync<UserRow>($"SELECT {Columns} FROM users WHERE lower(email) = lower(@email) ORDER BY uid", new { email })).FirstOrDefault();

    /// <summary>Every user, by name.</summary>
    public static Task<List<UserRow>> AllAsync(DbSession db) =>
        db.QueryAsync<UserRow>($"SELECT {Columns} FROM users ORDER BY username");

    /// <summary>Changes name, e-mail and active flag; false when the user does not exist.</summary>
    public static async Task<bool> UpdateAsync(DbSession db, long uid, string username, string? email, bool active) =>
        await db.ExecuteAsync("UPDATE users SET username = @username, email = @email, active = @active WHERE uid = @uid",
            new { uid, username, email, active }) > 0;

    /// <summary>Replaces the password hash.</summary>
    public static async Task<bool> SetPasswordHashAsync(DbSession db, long uid, string passwordHash) =>
        await db.ExecuteAsync("UPDATE users SET password_hash = @passwordHash WHERE uid = @uid", new { uid, passwordHash }) > 0;

    /// <summary>Deletes a user; false when it does not exist.</summary>
    public static async Task<bool> DeleteAsync(DbSession db, long uid) =>
        await db.ExecuteAsync("DELETE FROM users WHERE uid = @uid", new { uid }) > 0;
}
