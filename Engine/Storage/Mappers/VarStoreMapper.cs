namespace ApiStudio.Engine.Storage.Mappers;

/// <summary>A row of <c>var_store</c>: a persistent value (JSON text) scoped to an account or an application.</summary>
public sealed class VarStoreRow
{
    /// <summary>Variable id.</summary>
    public long Vid { get; init; }

    /// <summary>Account scope, or null.</summary>
    public long? Accid { get; init; }

    /// <summary>Application scope, or null.</summary>
    public long? Appid { get; init; }

    /// <summary>Key, unique within its scope.</summary>
    public string Key { get; init; } = "";

    /// <summary>The value as JSON text.</summary>
    public string Val { get; init; } = "null";

    /// <summary>Last change (epoch ms).</summary>
    public long UpdatedAt { get; init; }
}

/// <summary>The <c>var_store</c> table.</summary>
public static class VarStoreMapper
{
    private const string Columns = "vid, accid, appid, key, val, updated_at";

    /// <summary>Inserts a variable.</summary>
    public static Task<VarStoreRow> CreateAsync(DbSession db, long? accid, long? appid, string key, string val) =>
        db.QuerySingleAsync<VarStoreRow>(
            $"INSERT INTO var_store (accid, appid, key, val, updated_at) VALUES (@accid, @appid, @key, @val, @now) RETURNING {Columns}",
            new { accid, appid, key, val, now = Clock.Now() });

    /// <summary>The variable with this id, or null.</summary>
    public static Task<VarStoreRow?> FindByIdAsync(DbSession db, long vid) =>
        db.QuerySingleOrDefaultAsync<VarStoreRow>($"SELECT {Columns} FROM var_store WHERE vid = @vid", new { vid });

    /// <summary>The variable of a scope with this key, or null.</summary>
    public static Task<VarStoreRow?> FindAsync(DbSession db, long? accid, long? appid, string key) =>
        db.QuerySingleOrDefaultAsync<VarStoreRow>(
            $"SELECT {Columns} FROM var_store WHERE COALESCE(accid, 0) = COALESCE(@accid, 0) AND COALESCE(appid, 0) = COALESCE(@appid, 0) AND key = @key",
            new { accid, appid, key });

    /// <summary>The variables of a scope, by key; an optional key prefix filters them.</summary>
    public static Task<List<VarStoreRow>> ListAsync(DbSession db, long? accid, long? appid, string? keyPrefix = null) =>
        db.QueryAsync<VarStoreRow>(
            $"SELECT {Columns} FROM var_store WHERE COALESCE(accid, 0) = COALESCE(@accid, 0) AND COALESCE(appid, 0) = COALESCE(@appid, 0) " +
            "AND (@prefix IS NULL OR substr(key, 1, length(@prefix)) = @prefix) ORDER BY key",
            new { accid, appid, prefix = keyPrefix });

    /// <summary>Every variable of every scope, by id (the admin API filters them by what the caller may see).</summary>
    public static Task<List<VarStoreRow>> AllAsync(DbSession db) =>
        db.QueryAsync<VarStoreRow>($"SELECT {Columns} FROM var_store ORDER BY vid");

    /// <summary>Replaces a variable's value; false when it does not exist.</summary>
    public static async Task<bool> UpdateAsync(DbSession db, long vid, string val) =>
        await db.ExecuteAsync("UPDATE var_store SET val = @val, updated_at = @now WHERE vid = @vid", new { vid, val, now = Clock.Now() }) > 0;

    /// <summary>Deletes a variable; false when it does not exist.</summary>
    public static async Task<bool> DeleteAsync(DbSession db, long vid) =>
        await db.ExecuteAsync("DELETE FROM var_store WHERE vid = @vid", new { vid }) > 0;
}
