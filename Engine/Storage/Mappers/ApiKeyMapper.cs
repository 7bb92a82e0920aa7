namespace ApiStudio.Engine.Storage.Mappers;

/// <summary>A row of <c>api_keys</c>. Only a hash of the key is stored; the key itself is shown once on creation.</summary>
public sealed class ApiKeyRow
{
    /// <summary>Key id.</summary>
    public long Kid { get; init; }

    /// <summary>Application the key opens.</summary>
    public long Appid { get; init; }

    /// <summary>A label.</summary>
    public string Name { get; init; } = "";

    /// <summary>The first characters of the key, to recognise it in lists.</summary>
    public string Prefix { get; init; } = "";

    /// <summary>SHA-256 of the key (hex).</summary>
    public string KeyHash { get; init; } = "";

    /// <summary>Role granted to key-only callers, or null for the application's default.</summary>
    public string? Role { get; init; }

    /// <summary>User the key acts as, when any.</summary>
    public long? Uid { get; init; }

    /// <summary>The user who created the key through the admin API (its role is capped by theirs), or null.</summary>
    public long? CreatedBy { get; init; }

    /// <summary>Creation time (epoch ms).</summary>
    public long CreatedAt { get; init; }

    /// <summary>Revocation time (epoch ms), or null while valid.</summary>
    public long? RevokedAt { get; init; }
}

/// <summary>The <c>api_keys</c> table.</summary>
public static class ApiKeyMapper
{
    private const string Columns = "kid, appid, name, prefix, key_hash, role, uid, created_by, created_at, revoked_at";

    /// <summary>Inserts a key (its hash).</summary>
    public static Task<ApiKeyRow> CreateAsync(DbSession db, long appid, string name, string prefix, string keyHash, string? role, long? uid,
        long? createdBy = null) =>
        db.QuerySingleAsync<ApiKeyRow>(
            $"INSERT INTO api_keys (appid, name, prefix, key_hash, role, uid, created_by, created_at) VALUES (@appid, @name, @prefix, @keyHash, @role, @uid, @createdBy, @now) RETURNING {Columns}",
            new { appid, name, prefix, keyHash, role, uid, createdBy, now = Clock.Now() });

    /// <summary>The valid (not revoked) key with this hash, or null.</summary>
    public static Task<ApiKeyRow?> FindValidByHashAsync(DbSession db, string keyHash) =>
        db.QuerySingleOrDefaultAsync<ApiKeyRow>($"SELECT {Columns} FROM api_keys WHERE key_hash = @keyHash AND revoked_at IS NULL", new { keyHash });

    /// <summary>The key with this id, or null.</summary>
    public static Task<ApiKeyRow?> FindByIdAsync(DbSession db, long kid) =>
        db.QuerySingleOrDefaultAsync<ApiKeyRow>($"SELECT {Columns} FROM api_keys WHERE kid = @kid", new { kid });

    /// <summary>The keys of an application.</summary>
    public static Task<List<ApiKeyRow>> ByApplicationAsync(DbSession db, long appid) =>
        db.QueryAsync<ApiKeyRow>($"SELECT {Columns} FROM api_keys WHERE appid = @appid ORDER BY kid", new { appid });

    /// <summary>Every key of every application, by id.</summary>
    public static Task<List<ApiKeyRow>> AllAsync(DbSession db) =>
        db.QueryAsync<ApiKeyRow>($"SELECT {Columns} FROM api_keys ORDER BY kid");

    /// <summary>Revokes a key; false when it does not exist or is already revoked.</summary>
    public static async Task<bool> RevokeAsync(DbSession db, long kid) =>
        await db.ExecuteAsync("UPDATE api_keys SET revoked_at = @now WHERE kid = @kid AND revoked_at IS NULL", new { kid, now = Clock.Now() }) > 0;
}
