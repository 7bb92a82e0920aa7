namespace ApiStudio.Engine.Storage.Mappers;

/// <summary>A row of <c>refresh_tokens</c>; only a hash of the token is stored.</summary>
public sealed class RefreshTokenRow
{
    /// <summary>Row id.</summary>
    public long Id { get; init; }

    /// <summary>The user the token refreshes.</summary>
    public long Uid { get; init; }

    /// <summary>SHA-256 of the token (hex).</summary>
    public string TokenHash { get; init; } = "";

    /// <summary>Expiry (epoch ms).</summary>
    public long ExpiresAt { get; init; }

    /// <summary>Revocation time (epoch ms), or null.</summary>
    public long? RevokedAt { get; init; }

    /// <summary>Creation time (epoch ms).</summary>
    public long CreatedAt { get; init; }
}

/// <summary>The <c>refresh_tokens</c> table.</summary>
public static class RefreshTokenMapper
{
    private const string Columns = "id, uid, token_hash, expires_at, revoked_at, created_at";

    /// <summary>Stores a refresh token's hash.</summary>
    public static Task<RefreshTokenRow> CreateAsync(DbSession db, long uid, string tokenHash, long expiresAt) =>
        db.QuerySingleAsync<RefreshTokenRow>(
            $"INSERT INTO refresh_tokens (uid, token_hash, expires_at, created_at) VALUES (@uid, @tokenHash, @expiresAt, @now) RETURNING {Columns}",
            new { uid, tokenHash, expiresAt, now = Clock.Now() });

    /// <summary>The token with this hash that is neither revoked nor expired, or null.</summary>
    public static Task<RefreshTokenRow?> FindValidAsync(DbSession db, string tokenHash) =>
        db.QuerySingleOrDefaultAsync<RefreshTokenRow>(
            $"SELECT {Columns} FROM refresh_tokens WHERE token_hash = @tokenHash AND revoked_at IS NULL AND expires_at > @now",
            new { tokenHash, now = Clock.Now() });

    /// <summary>Revokes one token; false when it was not valid.</summary>
    public static async Task<bool> RevokeAsync(DbSession db, string tokenHash) =>
        await db.ExecuteAsync("UPDATE refresh_tokens SET revoked_at = @now WHERE token_hash = @tokenHash AND revoked_at IS NULL",
            new { tokenHash, now = Clock.Now() }) > 0;

    /// <summary>Revokes every token of a user (logout everywhere, password change).</summary>
    public static Task<int> RevokeAllAsync(DbSession db, long uid) =>
        db.ExecuteAsync("UPDATE refresh_tokens SET revoked_at = @now WHERE uid = @uid AND revoked_at IS NULL", new { uid, now = Clock.Now() });
}
