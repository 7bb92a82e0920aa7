namespace ApiStudio.Engine.Storage.Mappers;

/// <summary>A row of <c>task_runs</c>: one fire time of a task and what became of it.</summary>
public sealed class TaskRunRow
{
    /// <summary>Run id.</summary>
    public long Id { get; init; }

    /// <summary>The task.</summary>
    public long Tid { get; init; }

    /// <summary>The fire time (epoch ms): unique per task, the lease of that time across hosts.</summary>
    public long ScheduledFor { get; init; }

    /// <summary><see cref="TaskRunSources"/>: what fired it.</summary>
    public string Source { get; init; } = TaskRunSources.Schedule;

    /// <summary><see cref="TaskRunStatuses"/>.</summary>
    public string Status { get; init; } = TaskRunStatuses.Running;

    /// <summary>Start (epoch ms).</summary>
    public long StartedAt { get; init; }

    /// <summary>End (epoch ms), or null while running.</summary>
    public long? FinishedAt { get; init; }

    /// <summary>The HTTP status the target answered (a script's status code), when it ran.</summary>
    public long? StatusCode { get; init; }

    /// <summary>The first bytes of what the target answered or logged.</summary>
    public string? Output { get; init; }

    /// <summary>Why it failed or was skipped.</summary>
    public string? Error { get; init; }

    /// <summary>The host that ran it.</summary>
    public string Host { get; init; } = "";
}

/// <summary>The statuses of a run.</summary>
public static class TaskRunStatuses
{
    /// <summary>Started and not finished.</summary>
    public const string Running = "running";

    /// <summary>The target answered 2xx.</summary>
    public const string Succeeded = "succeeded";

    /// <summary>The target answered an error, threw, timed out, or its host stopped or died.</summary>
    public const string Failed = "failed";

    /// <summary>Not run: the previous run was still running (and overlap is not allowed), or the host was full.</summary>
    public const string Skipped = "skipped";
}

/// <summary>What fired a run.</summary>
public static class TaskRunSources
{
    /// <summary>The schedule.</summary>
    public const string Schedule = "schedule";

    /// <summary>A host starting after a fire time it missed (within the grace period).</summary>
    public const string CatchUp = "catch_up";

    /// <summary>Someone asked for it (admin API or CLI).</summary>
    public const string Manual = "manual";
}

/// <summary>The <c>task_runs</c> table.</summary>
public static class TaskRunMapper
{
    private const string Columns = "id, tid, scheduled_for, source, status, started_at, finished_at, status_code, output, error, host";

    /// <summary>
    /// Records fire time <paramref name="scheduledFor"/> of a task with <paramref name="status"/> (running or skipped)
    /// unless a run of that time exists: the row, or null when another host recorded it first.
    /// </summary>
    public static Task<TaskRunRow?> ClaimAsync(DbSession db, long tid, long scheduledFor, string source, string status, string host,
        string? error = null)
    {
        var now = Clock.Now();
        return db.QuerySingleOrDefaultAsync<TaskRunRow>(
            "INSERT INTO task_runs (tid, scheduled_for, source, status, started_at, finished_at, error, host) VALUES (@tid, @scheduledFor, " +
            "@source, @status, @now, @finished, @error, @host) ON CONFLICT (tid, scheduled_for) DO NOTHING " +
            $"RETURNING {Columns}",
            new { tid, scheduledFor, source, status, now, finished = status == TaskRunStatuses.Running ? (long?)null : now, error, host });
    }

    /// <summary>The latest run of a task still running, or null.</summary>
    public static Task<TaskRunRow?> RunningAsync(DbSession db, long tid) =>
        db.QuerySingleOrDefaultAsync<TaskRunRow>(
            $"SELECT {Columns} FROM task_runs WHERE tid = @tid AND status = @running ORDER BY started_at DESC LIMIT 1",
            new { tid, running = TaskRunStatuses.Running });

    /// <summary>
    /// Ends the runs of a task still marked running that started before <paramref name="startedBefore"/>: their host
    /// died or lost its database, since a live host ends every run by its timeout. Returns how many.
    /// </summary>
    public static Task<int> AbandonAsync(DbSession db, long tid, long startedBefore) =>
        db.ExecuteAsync(
            "UPDATE task_runs SET status = @failed, finished_at = @now, error = @error WHERE tid = @tid AND status = @running " +
            "AND started_at < @startedBefore",
            new
            {
                tid, startedBefore, now = Clock.Now(), failed = TaskRunStatuses.Failed, running = TaskRunStatuses.Running,
                error = "Abandoned: its host stopped answering before the run ended (it did not finish within its timeout).",
            });

    /// <summary>Records how a run ended.</summary>
    public static Task<int> FinishAsync(DbSession db, long id, string status, long? statusCode, string? output, string? error) =>
        db.ExecuteAsync(
            "UPDATE task_runs SET status = @status, finished_at = @now, status_code = @statusCode, output = @output, error = @error WHERE id = @id",
            new { id, status, statusCode, output, error, now = Clock.Now() });

    /// <summary>The run with this id, or null.</summary>
    public static Task<TaskRunRow?> FindByIdAsync(DbSession db, long id) =>
        db.QuerySingleOrDefaultAsync<TaskRunRow>($"SELECT {Columns} FROM task_runs WHERE id = @id", new { id });

    /// <summary>The runs of a task, newest fire time first, at most <paramref name="limit"/>.</summary>
    public static Task<List<TaskRunRow>> HistoryAsync(DbSession db, long tid, int limit) =>
        db.QueryAsync<TaskRunRow>($"SELECT {Columns} FROM task_runs WHERE tid = @tid ORDER BY scheduled_for DESC LIMIT @limit", new { tid, limit });

    /// <summary>The latest run of each task of an application (every application when null), by task.</summary>
    public static async Task<Dictionary<long, TaskRunRow>> LatestAsync(DbSession db, long? appid)
    {
        var rows = await db.QueryAsync<TaskRunRow>(
            $"SELECT {Columns} FROM task_runs r WHERE r.scheduled_for = (SELECT MAX(scheduled_for) FROM task_runs WHERE tid = r.tid)" +
            (appid is null ? "" : " AND r.tid IN (SELECT tid FROM tasks WHERE appid = @appid)"), new { appid }).ConfigureAwait(false);
        return rows.ToDictionary(r => r.Tid);
    }

    /// <summary>
    /// Keeps the newest <paramref name="keep"/> runs of a task, and of those only the ones whose fire time is at or
    /// after <paramref name="notBefore"/> (epoch ms); runs still running are kept. Returns how many were deleted.
    /// </summary>
    public static async Task<int> PruneAsync(DbSession db, long tid, int keep, long notBefore)
    {
        var boundary = await db.QuerySingleOrDefaultAsync<long?>(
            "SELECT scheduled_for FROM task_runs WHERE tid = @tid ORDER BY scheduled_for DESC LIMIT 1 OFFSET @keep",
            new { tid, keep = Math.Max(keep, 0) }).ConfigureAwait(false);
        var oldestKept = boundary is { } b ? Math.Max(b + 1, notBefore) : notBefore;
        return await db.ExecuteAsync("DELETE FROM task_runs WHERE tid = @tid AND scheduled_for < @oldestKept AND status <> @running",
            new { tid, oldestKept, running = TaskRunStatuses.Running }).ConfigureAwait(false);
    }
}
