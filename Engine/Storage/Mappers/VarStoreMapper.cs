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
/// <remarks>
/// The atomic operations (<see cref="SetAsync"/>, <see cref="IncrementAsync"/>, <see cref="AppendAsync"/>,
/// <see cref="CompareAndSetAsync"/>) are one statement each, so concurrent requests never lose a change: the database
/// reads and writes the row under its own lock (an upsert on the scope's unique index where a missing variable is
/// created).
/// </remarks>
public static class VarStoreMapper
{
    private const string Columns = "vid, accid, appid, key, val, updated_at";

    // The variable of a scope, as the unique index var_store_unique reads it.
    private const string InScope =
        "COALESCE(accid, 0) = COALESCE(@accid, 0) AND COALESCE(appid, 0) = COALESCE(@appid, 0) AND key = @key";

    private const string Insert =
        "INSERT INTO var_store (accid, appid, key, val, updated_at) VALUES (@accid, @appid, @key, @initial, @now) " +
        "ON CONFLICT ((COALESCE(accid, 0)), (COALESCE(appid, 0)), key) ";

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

    /// <summary>Replaces the value of a scope's variable; the value stored, or null when the variable does not exist.</summary>
    public static Task<string?> SetAsync(DbSession db, long? accid, long? appid, string key, string val) =>
        db.QuerySingleOrDefaultAsync<string>(
            $"UPDATE var_store SET val = @val, updated_at = @now WHERE {InScope} RETURNING val",
            new { accid, appid, key, val, now = Clock.Now() });

    /// <summary>
    /// Adds <paramref name="amount"/> (a long or a double) to a number, creating a missing variable with the amount;
    /// the value stored, or null when the variable holds something other than a number. Integers stay integers
    /// unless a float is added.
    /// </summary>
    public static Task<string?> IncrementAsync(DbSession db, long? accid, long? appid, string key, object amount)
    {
        var postgres = db.Provider == DatabaseProvider.Postgres;
        var sum = postgres
            ? "CAST(CAST(var_store.val AS numeric) + CAST(@amount AS numeric) AS text)"
            : "CASE WHEN json_type(var_store.val) = 'integer' AND typeof(@amount) = 'integer' " +
              "THEN CAST(var_store.val AS INTEGER) + @amount ELSE CAST(var_store.val AS REAL) + @amount END";
        var isNumber = postgres
            ? "jsonb_typeof(CAST(var_store.val AS jsonb)) = 'number'"
            : "json_type(var_store.val) IN ('integer', 'real')";
        var sql = $"{Insert}DO UPDATE SET val = {sum}, updated_at = @now WHERE {isNumber} RETURNING val";
        var initial = Convert.ToString(amount, System.Globalization.CultureInfo.InvariantCulture);
        return amount switch
        {
            long whole => db.QuerySingleOrDefaultAsync<string>(sql, new { accid, appid, key, amount = whole, initial, now = Clock.Now() }),
            double fraction => db.QuerySingleOrDefaultAsync<string>(sql,
                new { accid, appid, key, amount = fraction, initial = fraction.ToString("R", System.Globalization.CultureInfo.InvariantCulture), now = Clock.Now() }),
            _ => throw new ArgumentException("The amount is a long or a double.", nameof(amount)),
        };
    }

    /// <summary>
    /// Appends an item (JSON text) to a list, or <paramref name="text"/> to a text, creating a missing variable as a
    /// list of the item; the value stored, or null when the variable holds neither a list nor (with a text to append)
    /// a text.
    /// </summary>
    public static Task<string?> AppendAsync(DbSession db, long? accid, long? appid, string key, string item, string? text)
    {
        var sql = db.Provider == DatabaseProvider.Postgres
            ? // jsonb would reorder the keys of maps in the list: the item is added to the list's text instead.
              $"{Insert}DO UPDATE SET val = CASE jsonb_typeof(CAST(var_store.val AS jsonb)) " +
              "WHEN 'array' THEN CASE WHEN jsonb_array_length(CAST(var_store.val AS jsonb)) = 0 THEN '[' || @item || ']' " +
              "ELSE left(rtrim(var_store.val), -1) || ',' || @item || ']' END " +
              "ELSE CAST(to_json((CAST(var_store.val AS json) #>> '{}') || @text) AS text) END, updated_at = @now " +
              "WHERE jsonb_typeof(CAST(var_store.val AS jsonb)) = 'array' " +
              "OR (jsonb_typeof(CAST(var_store.val AS jsonb)) = 'string' AND @text IS NOT NULL) RETURNING val"
            : $"{Insert}DO UPDATE SET val = CASE json_type(var_store.val) " +
              "WHEN 'array' THEN json_insert(var_store.val, '$[#]', json(@item)) " +
              "ELSE json_quote(json_extract(var_store.val, '$') || @text) END, updated_at = @now " +
              "WHERE json_type(var_store.val) = 'array' OR (json_type(var_store.val) = 'text' AND @text IS NOT NULL) RETURNING val";
        return db.QuerySingleOrDefaultAsync<string>(sql, new { accid, appid, key, item, text, initial = "[" + item + "]", now = Clock.Now() });
    }

    /// <summary>
    /// Replaces the value only while it equals <paramref name="expected"/> (JSON values compared), or, with no expected
    /// value, creates the variable only while it does not exist; true when the value was stored.
    /// </summary>
    public static async Task<bool> CompareAndSetAsync(DbSession db, long? accid, long? appid, string key, string? expected, string val)
    {
        var equal = db.Provider == DatabaseProvider.Postgres
            ? "CAST(val AS jsonb) = CAST(@expected AS jsonb)"
            : "json(val) = json(@expected)";
        var sql = expected is null
            ? $"{Insert}DO NOTHING RETURNING val"
            : $"UPDATE var_store SET val = @initial, updated_at = @now WHERE {InScope} AND {equal} RETURNING val";
        return await db.QuerySingleOrDefaultAsync<string>(sql, new { accid, appid, key, expected, initial = val, now = Clock.Now() })
            .ConfigureAwait(false) is not null;
    }

    /// <summary>Deletes a variable; false when it does not exist.</summary>
    public static async Task<bool> DeleteAsync(DbSession db, long vid) =>
        await db.ExecuteAsync("DELETE FROM var_store WHERE vid = @vid", new { vid }) > 0;
}
