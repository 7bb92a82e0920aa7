namespace ApiStudio.Engine.Storage.Mappers;

/// <summary>The <c>settings</c> table: host-wide key/value settings (e.g. a generated JWT signing key).</summary>
public static class SettingMapper
{
    /// <summary>The value of a setting, or null.</summary>
    public static Task<string?> GetAsync(DbSession db, string key) =>
        db.QuerySingleOrDefaultAsync<string>("SELECT value FROM settings WHERE key = @key", new { key });

    /// <summary>Sets a setting, inserting or replacing it.</summary>
    public static Task SetAsync(DbSession db, string key, string value) =>
        db.ExecuteAsync(
            "INSERT INTO settings (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            new { key, value });

    /// <summary>The values of every setting whose key starts with <paramref name="prefix"/>, in key order.</summary>
    public static Task<List<string>> ValuesWithPrefixAsync(DbSession db, string prefix) =>
        db.QueryAsync<string>("SELECT value FROM settings WHERE key LIKE @pattern ORDER BY key",
            new { pattern = prefix.Replace("%", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal) + "%" });

    /// <summary>Sets a setting only when it is not set yet; returns the value that is stored afterwards.</summary>
    public static async Task<string> GetOrAddAsync(DbSession db, string key, string value)
    {
        await db.ExecuteAsync("INSERT INTO settings (key, value) VALUES (@key, @value) ON CONFLICT (key) DO NOTHING", new { key, value });
        return (await GetAsync(db, key))!;
    }
}
