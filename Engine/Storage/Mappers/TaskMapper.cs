namespace ApiStudio.Engine.Storage.Mappers;

/// <summary>A row of <c>tasks</c>: a scheduled task of an application.</summary>
public sealed class TaskRow
{
    /// <summary>Task id.</summary>
    public long Tid { get; init; }

    /// <summary>Application the task belongs to (its target lies there).</summary>
    public long Appid { get; init; }

    /// <summary>Name, unique within the application.</summary>
    public string Name { get; init; } = "";

    /// <summary>The cron expression as written: 5 fields, or 6 with seconds first.</summary>
    public string Cron { get; init; } = "";

    /// <summary>IANA time zone the expression is read in.</summary>
    public string TimeZone { get; init; } = "UTC";

    /// <summary>Method of the target resource (lower case), or null for a script target.</summary>
    public string? Method { get; init; }

    /// <summary>Uri (with an optional query) of the target resource within the application, or null for a script target.</summary>
    public string? Uri { get; init; }

    /// <summary>The JSON sent as the body (resource) or the event's payload (script), or null.</summary>
    public string? Payload { get; init; }

    /// <summary>The target script, or null for a resource target.</summary>
    public long? Sid { get; init; }

    /// <summary>False while paused.</summary>
    public bool Active { get; init; }

    /// <summary>True when a tick starts a run even while the previous one is still running.</summary>
    public bool AllowOverlap { get; init; }

    /// <summary>The user the target runs as.</summary>
    public long? RunAs { get; init; }

    /// <summary>Counts saves, starting at 1.</summary>
    public long Version { get; init; }

    /// <summary>Creation (epoch ms).</summary>
    public long CreatedAt { get; init; }

    /// <summary>Last change (epoch ms).</summary>
    public long UpdatedAt { get; init; }

    /// <summary>Who created it, when known.</summary>
    public long? CreatedBy { get; init; }

    /// <summary>
    /// Who last set what it runs and as whom (pausing and resuming do not change it): that user must still be allowed
    /// to run it as <see cref="RunAs"/> when it fires.
    /// </summary>
    public long? UpdatedBy { get; init; }
}

/// <summary>What is written of a task on create and update.</summary>
/// <param name="Name">Name.</param>
/// <param name="Cron">Cron expression.</param>
/// <param name="TimeZone">IANA time zone.</param>
/// <param name="Method">Target method, or null.</param>
/// <param name="Uri">Target uri, or null.</param>
/// <param name="Payload">Payload JSON, or null.</param>
/// <param name="Sid">Target script, or null.</param>
/// <param name="Active">Fires when true.</param>
/// <param name="AllowOverlap">Runs may overlap when true.</param>
/// <param name="RunAs">Run-as user.</param>
public sealed record TaskData(string Name, string Cron, string TimeZone, string? Method, string? Uri, string? Payload, long? Sid,
    bool Active, bool AllowOverlap, long RunAs);

/// <summary>The <c>tasks</c> table.</summary>
public static class TaskMapper
{
    private const string Columns = "tid, appid, name, cron, time_zone, method, uri, payload, sid, active, allow_overlap, run_as, version, " +
        "created_at, updated_at, created_by, updated_by";

    /// <summary>Inserts a task at version 1.</summary>
    public static Task<TaskRow> CreateAsync(DbSession db, long appid, TaskData data, long? by)
    {
        var now = Clock.Now();
        return db.QuerySingleAsync<TaskRow>(
            "INSERT INTO tasks (appid, name, cron, time_zone, method, uri, payload, sid, active, allow_overlap, run_as, version, created_at, " +
            "updated_at, created_by, updated_by) VALUES (@appid, @Name, @Cron, @TimeZone, @Method, @Uri, @Payload, @Sid, @Active, " +
            $"@AllowOverlap, @RunAs, 1, @now, @now, @by, @by) RETURNING {Columns}",
            new { appid, data.Name, data.Cron, data.TimeZone, data.Method, data.Uri, data.Payload, data.Sid, data.Active, data.AllowOverlap,
                data.RunAs, now, by });
    }

    /// <summary>The task with this id, or null.</summary>
    public static Task<TaskRow?> FindByIdAsync(DbSession db, long tid) =>
        db.QuerySingleOrDefaultAsync<TaskRow>($"SELECT {Columns} FROM tasks WHERE tid = @tid", new { tid });

    /// <summary>
    /// The task with this id, locked until the transaction ends (PostgreSQL: the row; SQLite: every write waits for the
    /// transaction anyway), so that deciding about one fire time is serialised across hosts. Null when it is gone.
    /// </summary>
    public static Task<TaskRow?> LockAsync(DbSession db, long tid) =>
        db.QuerySingleOrDefaultAsync<TaskRow>(
            $"SELECT {Columns} FROM tasks WHERE tid = @tid" + (db.Provider == DatabaseProvider.Postgres ? " FOR UPDATE" : ""), new { tid });

    /// <summary>The task of an application with this name, or null.</summary>
    public static Task<TaskRow?> FindByNameAsync(DbSession db, long appid, string name) =>
        db.QuerySingleOrDefaultAsync<TaskRow>($"SELECT {Columns} FROM tasks WHERE appid = @appid AND name = @name", new { appid, name });

    /// <summary>The tasks of an application, by name.</summary>
    public static Task<List<TaskRow>> ForApplicationAsync(DbSession db, long appid) =>
        db.QueryAsync<TaskRow>($"SELECT {Columns} FROM tasks WHERE appid = @appid ORDER BY name", new { appid });

    /// <summary>Every task, by application and name.</summary>
    public static Task<List<TaskRow>> AllAsync(DbSession db) =>
        db.QueryAsync<TaskRow>($"SELECT {Columns} FROM tasks ORDER BY appid, name");

    /// <summary>Replaces a task's fields and counts a version; null when it does not exist.</summary>
    public static Task<TaskRow?> UpdateAsync(DbSession db, long tid, TaskData data, long? by) =>
        db.QuerySingleOrDefaultAsync<TaskRow>(
            "UPDATE tasks SET name = @Name, cron = @Cron, time_zone = @TimeZone, method = @Method, uri = @Uri, payload = @Payload, sid = @Sid, " +
            "active = @Active, allow_overlap = @AllowOverlap, run_as = @RunAs, version = version + 1, updated_at = @now, updated_by = @by " +
            $"WHERE tid = @tid RETURNING {Columns}",
            new { tid, data.Name, data.Cron, data.TimeZone, data.Method, data.Uri, data.Payload, data.Sid, data.Active, data.AllowOverlap,
                data.RunAs, now = Clock.Now(), by });

    /// <summary>Pauses or resumes a task (its author stays who set what it runs); null when it does not exist.</summary>
    public static Task<TaskRow?> SetActiveAsync(DbSession db, long tid, bool active) =>
        db.QuerySingleOrDefaultAsync<TaskRow>(
            $"UPDATE tasks SET active = @active, version = version + 1, updated_at = @now WHERE tid = @tid RETURNING {Columns}",
            new { tid, active, now = Clock.Now() });

    /// <summary>Deletes a task and its runs; false when it does not exist.</summary>
    public static async Task<bool> DeleteAsync(DbSession db, long tid) =>
        await db.ExecuteAsync("DELETE FROM tasks WHERE tid = @tid", new { tid }) > 0;
}
