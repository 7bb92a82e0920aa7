namespace ApiStudio.Engine.Storage.Mappers;

/// <summary>A row of <c>accounts</c>.</summary>
public sealed class AccountRow
{
    /// <summary>Account id.</summary>
    public long Accid { get; init; }

    /// <summary>Unique name.</summary>
    public string Name { get; init; } = "";

    /// <summary>Creation time (epoch ms).</summary>
    public long CreatedAt { get; init; }
}

/// <summary>The <c>accounts</c> table.</summary>
public static class AccountMapper
{
    private const string Columns = "accid, name, created_at";

    /// <summary>Inserts an account.</summary>
    public static Task<AccountRow> CreateAsync(DbSession db, string name) =>
        db.QuerySingleAsync<AccountRow>($"INSERT INTO accounts (name, created_at) VALUES (@name, @now) RETURNING {Columns}",
            new { name, now = Clock.Now() });

    /// <summary>The account with this id, or null.</summary>
    public static Task<AccountRow?> FindByIdAsync(DbSession db, long accid) =>
        db.QuerySingleOrDefaultAsync<AccountRow>($"SELECT {Columns} FROM accounts WHERE accid = @accid", new { accid });

    /// <summary>The account with this name, or null.</summary>
    public static Task<AccountRow?> FindByNameAsync(DbSession db, string name) =>
        db.QuerySingleOrDefaultAsync<AccountRow>($"SELECT {Columns} FROM accounts WHERE name = @name", new { name });

    /// <summary>Every account, by name.</summary>
    public static Task<List<AccountRow>> AllAsync(DbSession db) =>
        db.QueryAsync<AccountRow>($"SELECT {Columns} FROM accounts ORDER BY name");

    /// <summary>Renames an account; false when it does not exist.</summary>
    public static async Task<bool> RenameAsync(DbSession db, long accid, string name) =>
        await db.ExecuteAsync("UPDATE accounts SET name = @name WHERE accid = @accid", new { accid, name }) > 0;

    /// <summary>Deletes an account and everything under it; false when it does not exist.</summary>
    public static async Task<bool> DeleteAsync(DbSession db, long accid) =>
        await db.ExecuteAsync("DELETE FROM accounts WHERE accid = @accid", new { accid }) > 0;
}
