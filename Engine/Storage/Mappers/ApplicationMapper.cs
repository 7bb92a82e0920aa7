namespace ApiStudio.Engine.Storage.Mappers;

/// <summary>A row of <c>applications</c>, with its account's name.</summary>
public sealed class ApplicationRow
{
    /// <summary>Application id.</summary>
    public long Appid { get; init; }

    /// <summary>Owning account id.</summary>
    public long Accid { get; init; }

    /// <summary>Owning account name.</summary>
    public string AccountName { get; init; } = "";

    /// <summary>Name, unique within the account.</summary>
    public string Name { get; init; } = "";

    /// <summary>Settings as JSON (wrap, CORS, rate limits, default role of API keys).</summary>
    public string Settings { get; init; } = "{}";

    /// <summary>Creation time (epoch ms).</summary>
    public long CreatedAt { get; init; }
}

/// <summary>The <c>applications</c> table.</summary>
public static class ApplicationMapper
{
    private const string Select =
        "SELECT a.appid, a.accid, c.name AS account_name, a.name, a.settings, a.created_at FROM applications a JOIN accounts c ON c.accid = a.accid";

    /// <summary>Inserts an application.</summary>
    public static async Task<ApplicationRow> CreateAsync(DbSession db, long accid, string name, string settings = "{}")
    {
        var appid = await db.QuerySingleAsync<long>(
            "INSERT INTO applications (accid, name, settings, created_at) VALUES (@accid, @name, @settings, @now) RETURNING appid",
            new { accid, name, settings, now = Clock.Now() });
        return (await FindByIdAsync(db, appid))!;
    }

    /// <summary>The application with this id, or null.</summary>
    public static Task<ApplicationRow?> FindByIdAsync(DbSession db, long appid) =>
        db.QuerySingleOrDefaultAsync<ApplicationRow>($"{Select} WHERE a.appid = @appid", new { appid });

    /// <summary>The application of this account with this name, or null.</summary>
    public static Task<ApplicationRow?> FindByNameAsync(DbSession db, string account, string name) =>
        db.QuerySingleOrDefaultAsync<ApplicationRow>($"{Select} WHERE c.name = @account AND a.name = @name", new { account, name });

    /// <summary>Every application, by account then name.</summary>
    public static Task<List<ApplicationRow>> AllAsync(DbSession db) =>
        db.QueryAsync<ApplicationRow>($"{Select} ORDER BY c.name, a.name");

    /// <summary>The applications of one account.</summary>
    public static Task<List<ApplicationRow>> ByAccountAsync(DbSession db, long accid) =>
        db.QueryAsync<ApplicationRow>($"{Select} WHERE a.accid = @accid ORDER BY a.name", new { accid });

    /// <summary>Changes name, account and settings; false when it does not exist.</summary>
    public static async Task<bool> UpdateAsync(DbSession db, long appid, long accid, string name, string settings) =>
        await db.ExecuteAsync("UPDATE applications SET accid = @accid, name = @name, settings = @settings WHERE appid = @appid",
            new { appid, accid, name, settings }) > 0;

    /// <summary>Deletes an application and everything under it; false when it does not exist.</summary>
    public static async Task<bool> DeleteAsync(DbSession db, long appid) =>
        await db.ExecuteAsync("DELETE FROM applications WHERE appid = @appid", new { appid }) > 0;
}
