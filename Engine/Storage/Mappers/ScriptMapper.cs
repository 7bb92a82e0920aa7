namespace ApiStudio.Engine.Storage.Mappers;

/// <summary>A row of <c>scripts</c>: an event script of an application.</summary>
public sealed class ScriptRow
{
    /// <summary>Script id.</summary>
    public long Sid { get; init; }

    /// <summary>Application the script belongs to.</summary>
    public long Appid { get; init; }

    /// <summary>The event name, e.g. <c>shop.orders.{id}.get.pre_process</c>.</summary>
    public string Name { get; init; } = "";

    /// <summary><c>javascript</c>, <c>csharp</c>, <c>nodejs</c> or <c>python</c>.</summary>
    public string Engine { get; init; } = "javascript";

    /// <summary>The source text.</summary>
    public string Content { get; init; } = "";

    /// <summary>False when the script is kept but does not run.</summary>
    public bool IsActive { get; init; }

    /// <summary>True when changes the script makes to the event take effect.</summary>
    public bool AllowEventModification { get; init; }

    /// <summary>Queue of a queued script, or null.</summary>
    public string? Queue { get; init; }

    /// <summary>Seconds a queued script waits before it runs, or null.</summary>
    public long? Delay { get; init; }

    /// <summary>Attempts of a queued script, or null.</summary>
    public long? Tries { get; init; }

    /// <summary>Seconds a queued script may run, or null.</summary>
    public long? Timeout { get; init; }

    /// <summary>Counts saves, starting at 1: a prepared program belongs to one version.</summary>
    public long Version { get; init; }

    /// <summary>Creation (epoch ms).</summary>
    public long CreatedAt { get; init; }

    /// <summary>Last save (epoch ms).</summary>
    public long UpdatedAt { get; init; }

    /// <summary>Who created it, when known.</summary>
    public long? CreatedBy { get; init; }

    /// <summary>Who saved it last, when known.</summary>
    public long? UpdatedBy { get; init; }
}

/// <summary>What is written of a script on create and update.</summary>
/// <param name="Name">Event name.</param>
/// <param name="Engine">Engine.</param>
/// <param name="Content">Source text.</param>
/// <param name="IsActive">Runs when true.</param>
/// <param name="AllowEventModification">Its changes to the event take effect when true.</param>
/// <param name="Queue">Queue, or null.</param>
/// <param name="Delay">Delay in seconds, or null.</param>
/// <param name="Tries">Attempts, or null.</param>
/// <param name="Timeout">Timeout in seconds, or null.</param>
public sealed record ScriptData(string Name, string Engine, string Content, bool IsActive, bool AllowEventModification,
    string? Queue, long? Delay, long? Tries, long? Timeout);

/// <summary>The <c>scripts</c> table.</summary>
public static class ScriptMapper
{
    private const string Columns = "sid, appid, name, engine, content, is_active, allow_event_modification, queue, delay, tries, " +
        "timeout, version, created_at, updated_at, created_by, updated_by";

    /// <summary>Inserts a script at version 1.</summary>
    public static Task<ScriptRow> CreateAsync(DbSession db, long appid, ScriptData data, long? by)
    {
        var now = Clock.Now();
        return db.QuerySingleAsync<ScriptRow>(
            "INSERT INTO scripts (appid, name, engine, content, is_active, allow_event_modification, queue, delay, tries, timeout, " +
            "version, created_at, updated_at, created_by, updated_by) VALUES (@appid, @Name, @Engine, @Content, @IsActive, " +
            $"@AllowEventModification, @Queue, @Delay, @Tries, @Timeout, 1, @now, @now, @by, @by) RETURNING {Columns}",
            new { appid, data.Name, data.Engine, data.Content, data.IsActive, data.AllowEventModification, data.Queue, data.Delay,
                data.Tries, data.Timeout, now, by });
    }

    /// <summary>The script with this id, or null.</summary>
    public static Task<ScriptRow?> FindByIdAsync(DbSession db, long sid) =>
        db.QuerySingleOrDefaultAsync<ScriptRow>($"SELECT {Columns} FROM scripts WHERE sid = @sid", new { sid });

    /// <summary>The script of an application with this event name, or null.</summary>
    public static Task<ScriptRow?> FindByNameAsync(DbSession db, long appid, string name) =>
        db.QuerySingleOrDefaultAsync<ScriptRow>($"SELECT {Columns} FROM scripts WHERE appid = @appid AND name = @name", new { appid, name });

    /// <summary>The scripts of an application, by name.</summary>
    public static Task<List<ScriptRow>> ForApplicationAsync(DbSession db, long appid) =>
        db.QueryAsync<ScriptRow>($"SELECT {Columns} FROM scripts WHERE appid = @appid ORDER BY name", new { appid });

    /// <summary>Every script, by application and name.</summary>
    public static Task<List<ScriptRow>> AllAsync(DbSession db) =>
        db.QueryAsync<ScriptRow>($"SELECT {Columns} FROM scripts ORDER BY appid, name");

    /// <summary>Replaces a script's fields and counts a version; null when it does not exist.</summary>
    public static Task<ScriptRow?> UpdateAsync(DbSession db, long sid, ScriptData data, long? by) =>
        db.QuerySingleOrDefaultAsync<ScriptRow>(
            "UPDATE scripts SET name = @Name, engine = @Engine, content = @Content, is_active = @IsActive, " +
            "allow_event_modification = @AllowEventModification, queue = @Queue, delay = @Delay, tries = @Tries, timeout = @Timeout, " +
            $"version = version + 1, updated_at = @now, updated_by = @by WHERE sid = @sid RETURNING {Columns}",
            new { sid, data.Name, data.Engine, data.Content, data.IsActive, data.AllowEventModification, data.Queue, data.Delay,
                data.Tries, data.Timeout, now = Clock.Now(), by });

    /// <summary>Deletes a script; false when it does not exist.</summary>
    public static async Task<bool> DeleteAsync(DbSession db, long sid) =>
        await db.ExecuteAsync("DELETE FROM scripts WHERE sid = @sid", new { sid }) > 0;
}
