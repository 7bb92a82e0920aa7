using System.Text;
using Dapper;

namespace ApiStudio.Engine.Storage.Mappers;

/// <summary>The states of a job.</summary>
public static class JobStatus
{
    /// <summary>Waiting for a worker (perhaps for its delay or backoff first).</summary>
    public const string Queued = "queued";

    /// <summary>Reserved by a worker that runs it.</summary>
    public const string Running = "running";

    /// <summary>Done; its result is kept for a while.</summary>
    public const string Completed = "completed";

    /// <summary>Out of tries; its failure is in <c>failed_jobs</c> until it is retried or forgotten.</summary>
    public const string Failed = "failed";

    /// <summary>Every status, in the order of a job's life.</summary>
    public static readonly IReadOnlyList<string> All = [Queued, Running, Completed, Failed];
}

/// <summary>A row of <c>jobs</c>.</summary>
public sealed class JobRow
{
    /// <summary>Job id.</summary>
    public long Id { get; init; }

    /// <summary>Its queue.</summary>
    public string Queue { get; init; } = "";

    /// <summary>The kind that picks its handler.</summary>
    public string Kind { get; init; } = "";

    /// <summary>JSON text for the handler.</summary>
    public string Payload { get; init; } = "";

    /// <summary>The application it belongs to; null for a system job.</summary>
    public long? Appid { get; init; }

    /// <summary>Who caused it, when known.</summary>
    public long? CreatedBy { get; init; }

    /// <summary>One of <see cref="JobStatus"/>.</summary>
    public string Status { get; init; } = JobStatus.Queued;

    /// <summary>Attempts started so far (the running one included).</summary>
    public long Attempts { get; init; }

    /// <summary>Attempts in all before it fails.</summary>
    public long Tries { get; init; }

    /// <summary>Seconds before attempt 2, 3, ... separated by commas; the last repeats.</summary>
    public string Backoff { get; init; } = "";

    /// <summary>How long one attempt may run, in milliseconds.</summary>
    public long TimeoutMs { get; init; }

    /// <summary>When it may next be taken (epoch ms): its delay or backoff while queued, its reservation's end while running.</summary>
    public long AvailableAt { get; init; }

    /// <summary>When the last attempt was reserved (kept after it ends).</summary>
    public long? ReservedAt { get; init; }

    /// <summary>The worker of the last attempt: holding it while running, having run it afterwards.</summary>
    public string? ReservedBy { get; init; }

    /// <summary>When it was queued.</summary>
    public long CreatedAt { get; init; }

    /// <summary>When its last attempt started.</summary>
    public long? StartedAt { get; init; }

    /// <summary>When it completed or failed.</summary>
    public long? FinishedAt { get; init; }

    /// <summary>What its handler returned (JSON text), once completed.</summary>
    public string? Result { get; init; }

    /// <summary>Why its last attempt failed.</summary>
    public string? Error { get; init; }
}

/// <summary>A row of <c>failed_jobs</c>: a job out of tries, with its exception and all a retry needs.</summary>
public sealed class FailedJobRow
{
    /// <summary>The job's id.</summary>
    public long Id { get; init; }

    /// <summary>A unique id of this failure.</summary>
    public string Uuid { get; init; } = "";

    /// <summary>Its queue.</summary>
    public string Queue { get; init; } = "";

    /// <summary>Its kind.</summary>
    public string Kind { get; init; } = "";

    /// <summary>Its payload.</summary>
    public string Payload { get; init; } = "";

    /// <summary>Its application; null for a system job.</summary>
    public long? Appid { get; init; }

    /// <summary>Who caused it.</summary>
    public long? CreatedBy { get; init; }

    /// <summary>Its tries.</summary>
    public long Tries { get; init; }

    /// <summary>Its backoff.</summary>
    public string Backoff { get; init; } = "";

    /// <summary>Its timeout in milliseconds.</summary>
    public long TimeoutMs { get; init; }

    /// <summary>Attempts made before it failed.</summary>
    public long Attempts { get; init; }

    /// <summary>When it was first queued.</summary>
    public long CreatedAt { get; init; }

    /// <summary>The last attempt's exception: type, message and stack trace.</summary>
    public string Exception { get; init; } = "";

    /// <summary>When it failed.</summary>
    public long FailedAt { get; init; }
}

/// <summary>A new job as stored.</summary>
/// <param name="Queue">Queue.</param>
/// <param name="Kind">Kind.</param>
/// <param name="Payload">JSON text.</param>
/// <param name="Appid">Application, or null.</param>
/// <param name="CreatedBy">User, or null.</param>
/// <param name="Tries">Attempts in all.</param>
/// <param name="Backoff">Seconds separated by commas.</param>
/// <param name="TimeoutMs">Milliseconds an attempt may run.</param>
/// <param name="CreatedAt">When it was queued.</param>
/// <param name="AvailableAt">When it may first be taken.</param>
public sealed record NewJob(string Queue, string Kind, string Payload, long? Appid, long? CreatedBy, long Tries, string Backoff,
    long TimeoutMs, long CreatedAt, long AvailableAt);

/// <summary>One attempt of a job held by a worker: every change of a running job is guarded by it.</summary>
/// <param name="Id">The job.</param>
/// <param name="Worker">The worker holding it.</param>
/// <param name="Attempt">The attempt's number.</param>
public readonly record struct JobReservation(long Id, string Worker, long Attempt);

/// <summary>Which jobs a list shows: those of some applications (null: every job, system jobs included) and filters.</summary>
/// <param name="Appids">Applications whose jobs are shown; null for all (system jobs too).</param>
/// <param name="Queue">Only this queue.</param>
/// <param name="Status">Only this status.</param>
/// <param name="Limit">Most rows.</param>
/// <param name="Before">Only ids below this one (the next page).</param>
public sealed record JobFilter(IReadOnlyCollection<long>? Appids, string? Queue = null, string? Status = null, int Limit = 100, long? Before = null);

/// <summary>
/// The <c>jobs</c> and <c>failed_jobs</c> tables. A worker reserves a job with one atomic statement: PostgreSQL locks
/// the row it picks with <c>FOR UPDATE SKIP LOCKED</c> (concurrent workers pick different rows without waiting);
/// SQLite runs the whole guarded UPDATE under its single write lock. Every later change of a running job names the
/// reservation (worker and attempt, with status running), so a worker that lost its job to another never overwrites
/// it. The reservation's worker and time stay on the row after the attempt, saying who ran it last.
/// </summary>
public static class JobMapper
{
    private const string Columns = "id, queue, kind, payload, appid, created_by, status, attempts, tries, backoff, timeout_ms, " +
        "available_at, reserved_at, reserved_by, created_at, started_at, finished_at, result, error";

    private const string FailedColumns = "id, uuid, queue, kind, payload, appid, created_by, tries, backoff, timeout_ms, attempts, " +
        "created_at, exception, failed_at";

    private const string Held = "id = @Id AND reserved_by = @Worker AND attempts = @Attempt AND status = 'running'";

    private const string Due = "status IN ('queued', 'running')";

    /// <summary>Stores a job; returns its id.</summary>
    public static Task<long> CreateAsync(DbSession db, NewJob job) =>
        db.QuerySingleAsync<long>(
            "INSERT INTO jobs (queue, kind, payload, appid, created_by, status, attempts, tries, backoff, timeout_ms, available_at, created_at) " +
            "VALUES (@Queue, @Kind, @Payload, @Appid, @CreatedBy, 'queued', 0, @Tries, @Backoff, @TimeoutMs, @AvailableAt, @CreatedAt) RETURNING id",
            job);

    /// <summary>
    /// Reserves the next due job of <paramref name="queue"/> (oldest first), queued or whose reservation ended: it
    /// becomes running, its attempts count one more, and it stays held until <c>now + timeout + grace</c>. Null
    /// when none is due.
    /// </summary>
    /// <param name="db">The session (no transaction needed: the statement is atomic).</param>
    /// <param name="queue">The queue.</param>
    /// <param name="worker">The worker's name.</param>
    /// <param name="now">Now, epoch ms.</param>
    /// <param name="timeoutMs">The worker's timeout instead of the job's, or null.</param>
    /// <param name="graceMs">Milliseconds between the timeout and the reservation's end.</param>
    public static Task<JobRow?> ReserveAsync(DbSession db, string queue, string worker, long now, long? timeoutMs, long graceMs) =>
        db.QuerySingleOrDefaultAsync<JobRow>(ReserveSql(db.Provider), new { queue, Worker = worker, now, timeoutMs, graceMs });

    /// <summary>The earliest time a job of <paramref name="queue"/> is due (perhaps past), or null when it holds none.</summary>
    public static Task<long?> NextDueAsync(DbSession db, string queue) =>
        db.ScalarAsync<long?>($"SELECT MIN(available_at) FROM jobs WHERE queue = @queue AND {Due}", new { queue });

    /// <summary>Records the held attempt's success; false when the worker no longer holds it.</summary>
    public static async Task<bool> CompleteAsync(DbSession db, JobReservation held, string? result) =>
        await db.ExecuteAsync(CompleteSql, new { held.Id, held.Worker, held.Attempt, result, now = Clock.Now() }).ConfigureAwait(false) == 1;

    /// <summary>
    /// Records the held attempt's success and reserves the worker's next job of <paramref name="queue"/> (as
    /// <see cref="ReserveAsync"/>) in one round trip — on PostgreSQL in one transaction, so a busy worker pays one
    /// commit per job. Whether the worker still held the job, and the next job or null.
    /// </summary>
    public static async Task<(bool Completed, JobRow? Next)> CompleteAndReserveAsync(DbSession db, JobReservation held, string? result,
        string queue, long? timeoutMs, long graceMs)
    {
        var command = new CommandDefinition($"{CompleteSql} RETURNING id; {ReserveSql(db.Provider)}",
            new { held.Id, held.Worker, held.Attempt, result, now = Clock.Now(), queue, timeoutMs, graceMs }, db.Transaction,
            cancellationToken: db.CancellationToken);
        using var results = await db.Connection.QueryMultipleAsync(command).ConfigureAwait(false);
        var completed = (await results.ReadAsync<long>().ConfigureAwait(false)).Any();
        return (completed, await results.ReadSingleOrDefaultAsync<JobRow>().ConfigureAwait(false));
    }

    private const string CompleteSql = $"UPDATE jobs SET status = 'completed', result = @result, error = NULL, finished_at = @now WHERE {Held}";

    /// <summary>The reservation (parameters <c>queue</c>, <c>Worker</c>, <c>now</c>, <c>timeoutMs</c>, <c>graceMs</c>).</summary>
    private static string ReserveSql(DatabaseProvider provider) =>
        "UPDATE jobs SET status = 'running', attempts = attempts + 1, reserved_at = @now, reserved_by = @Worker, started_at = @now, " +
        "available_at = @now + COALESCE(@timeoutMs, timeout_ms) + @graceMs WHERE id = (SELECT id FROM jobs WHERE queue = @queue AND " +
        $"{Due} AND available_at <= @now ORDER BY available_at, id LIMIT 1{(provider == DatabaseProvider.Postgres ? " FOR UPDATE SKIP LOCKED" : "")}) " +
        $"RETURNING {Columns}";

    /// <summary>Puts the held job back, to be tried again from <paramref name="availableAt"/>; false when no longer held.</summary>
    public static async Task<bool> RetryLaterAsync(DbSession db, JobReservation held, long availableAt, string error) =>
        await db.ExecuteAsync(
            $"UPDATE jobs SET status = 'queued', available_at = @availableAt, error = @error WHERE {Held}", new { held.Id, held.Worker, held.Attempt, availableAt, error }).ConfigureAwait(false) == 1;

    /// <summary>
    /// Puts the held job back as if the attempt had not started (the host stops and its handler gave up): it is
    /// available at once and the attempt is not counted. False when no longer held.
    /// </summary>
    public static async Task<bool> ReleaseAsync(DbSession db, JobReservation held) =>
        await db.ExecuteAsync(
            $"UPDATE jobs SET status = 'queued', attempts = attempts - 1, available_at = @now WHERE {Held}", new { held.Id, held.Worker, held.Attempt, now = Clock.Now() }).ConfigureAwait(false) == 1;

    /// <summary>Moves the held reservation's end to <paramref name="until"/>; false when no longer held.</summary>
    public static async Task<bool> ExtendAsync(DbSession db, JobReservation held, long until) =>
        await db.ExecuteAsync($"UPDATE jobs SET available_at = @until WHERE {Held}",
            new { held.Id, held.Worker, held.Attempt, until }).ConfigureAwait(false) == 1;

    /// <summary>
    /// Fails the held job for good: its row says failed with <paramref name="error"/>, and <c>failed_jobs</c> gets its
    /// exception and everything a retry needs. Run in a transaction. False when no longer held.
    /// </summary>
    public static async Task<bool> FailAsync(DbSession db, JobReservation held, string error, string exception)
    {
        var now = Clock.Now();
        if (await db.ExecuteAsync(
                $"UPDATE jobs SET status = 'failed', error = @error, finished_at = @now WHERE {Held}", new { held.Id, held.Worker, held.Attempt, error, now }).ConfigureAwait(false) != 1)
        {
            return false;
        }
        await db.ExecuteAsync(
            $"INSERT INTO failed_jobs ({FailedColumns}) SELECT id, @uuid, queue, kind, payload, appid, created_by, tries, backoff, " +
            "timeout_ms, attempts, created_at, @exception, @now FROM jobs WHERE id = @Id " +
            "ON CONFLICT (id) DO UPDATE SET uuid = excluded.uuid, attempts = excluded.attempts, exception = excluded.exception, " +
            "failed_at = excluded.failed_at",
            new { held.Id, uuid = Guid.NewGuid().ToString(), exception, now }).ConfigureAwait(false);
        return true;
    }

    /// <summary>The job with this id, or null.</summary>
    public static Task<JobRow?> FindAsync(DbSession db, long id) =>
        db.QuerySingleOrDefaultAsync<JobRow>($"SELECT {Columns} FROM jobs WHERE id = @id", new { id });

    /// <summary>Jobs matching the filter, newest first.</summary>
    public static Task<List<JobRow>> ListAsync(DbSession db, JobFilter filter)
    {
        var sql = new StringBuilder($"SELECT {Columns} FROM jobs WHERE 1 = 1");
        Scope(sql, db, filter.Appids);
        if (filter.Queue is not null)
        {
            sql.Append(" AND queue = @Queue");
        }
        if (filter.Status is not null)
        {
            sql.Append(" AND status = @Status");
        }
        if (filter.Before is not null)
        {
            sql.Append(" AND id < @Before");
        }
        sql.Append(" ORDER BY id DESC LIMIT @Limit");
        return db.QueryAsync<JobRow>(sql.ToString(), new { Appids = Ids(filter.Appids), filter.Queue, filter.Status, filter.Before, filter.Limit });
    }

    /// <summary>Removes up to <paramref name="limit"/> jobs completed before <paramref name="cutoff"/>; returns how many.</summary>
    public static Task<int> DeleteCompletedAsync(DbSession db, long cutoff, int limit) =>
        db.ExecuteAsync(
            "DELETE FROM jobs WHERE id IN (SELECT id FROM jobs WHERE status = 'completed' AND finished_at < @cutoff LIMIT @limit)",
            new { cutoff, limit });

    /// <summary>True when a job (of any status) was ever queued on <paramref name="queue"/> and is still stored.</summary>
    public static async Task<bool> QueueInUseAsync(DbSession db, string queue) =>
        await db.ScalarAsync<long?>("SELECT 1 FROM jobs WHERE queue = @queue LIMIT 1", new { queue }).ConfigureAwait(false) is not null;

    /// <summary>The failure of job <paramref name="id"/>, or null.</summary>
    public static Task<FailedJobRow?> FindFailedAsync(DbSession db, long id) =>
        db.QuerySingleOrDefaultAsync<FailedJobRow>($"SELECT {FailedColumns} FROM failed_jobs WHERE id = @id", new { id });

    /// <summary>Failures of the given applications (null: all), newest first.</summary>
    public static Task<List<FailedJobRow>> ListFailedAsync(DbSession db, IReadOnlyCollection<long>? appids, int limit, long? before = null)
    {
        var sql = new StringBuilder($"SELECT {FailedColumns} FROM failed_jobs WHERE 1 = 1");
        Scope(sql, db, appids);
        if (before is not null)
        {
            sql.Append(" AND id < @before");
        }
        sql.Append(" ORDER BY id DESC LIMIT @limit");
        return db.QueryAsync<FailedJobRow>(sql.ToString(), new { Appids = Ids(appids), limit, before });
    }

    /// <summary>
    /// Puts failed job <paramref name="id"/> back on its queue with no attempts made (its failure record goes away); the
    /// job keeps its id. Run in a transaction. Answers the job as queued again, or null when no such failure exists.
    /// </summary>
    public static async Task<JobRow?> RetryFailedAsync(DbSession db, long id)
    {
        // Deleting claims the failure: two retries at once cannot both put the job back.
        var failure = await db.QuerySingleOrDefaultAsync<FailedJobRow>(
            $"DELETE FROM failed_jobs WHERE id = @id RETURNING {FailedColumns}", new { id }).ConfigureAwait(false);
        if (failure is null)
        {
            return null;
        }
        var parameters = new
        {
            failure.Id, failure.Queue, failure.Kind, failure.Payload, failure.Appid, failure.CreatedBy, failure.Tries, failure.Backoff,
            failure.TimeoutMs, failure.CreatedAt, now = Clock.Now(),
        };
        return await db.QuerySingleOrDefaultAsync<JobRow>(
                "UPDATE jobs SET status = 'queued', attempts = 0, available_at = @now, reserved_at = NULL, reserved_by = NULL, " +
                $"started_at = NULL, finished_at = NULL, result = NULL, error = NULL WHERE id = @Id RETURNING {Columns}", parameters)
            .ConfigureAwait(false)
            ?? await db.QuerySingleAsync<JobRow>(
                "INSERT INTO jobs (id, queue, kind, payload, appid, created_by, status, attempts, tries, backoff, timeout_ms, available_at, " +
                "created_at) VALUES (@Id, @Queue, @Kind, @Payload, @Appid, @CreatedBy, 'queued', 0, @Tries, @Backoff, @TimeoutMs, @now, " +
                $"@CreatedAt) RETURNING {Columns}", parameters).ConfigureAwait(false);
    }

    /// <summary>The ids of failures of the given applications (null: all), oldest first, at most <paramref name="limit"/>.</summary>
    public static Task<List<long>> FailedIdsAsync(DbSession db, IReadOnlyCollection<long>? appids, int limit)
    {
        var sql = new StringBuilder("SELECT id FROM failed_jobs WHERE 1 = 1");
        Scope(sql, db, appids);
        sql.Append(" ORDER BY id LIMIT @limit");
        return db.QueryAsync<long>(sql.ToString(), new { Appids = Ids(appids), limit });
    }

    /// <summary>Deletes failed job <paramref name="id"/> (its failure and its row); false when no such failure exists.</summary>
    public static async Task<bool> ForgetFailedAsync(DbSession db, long id)
    {
        if (await db.ExecuteAsync("DELETE FROM failed_jobs WHERE id = @id", new { id }).ConfigureAwait(false) == 0)
        {
            return false;
        }
        await db.ExecuteAsync("DELETE FROM jobs WHERE id = @id AND status = 'failed'", new { id }).ConfigureAwait(false);
        return true;
    }

    /// <summary>Deletes every failed job of the given applications (null: all); returns how many.</summary>
    public static async Task<int> FlushFailedAsync(DbSession db, IReadOnlyCollection<long>? appids)
    {
        var scope = new StringBuilder();
        Scope(scope, db, appids);
        await db.ExecuteAsync($"DELETE FROM jobs WHERE status = 'failed' AND id IN (SELECT id FROM failed_jobs WHERE 1 = 1{scope})",
            new { Appids = Ids(appids) }).ConfigureAwait(false);
        return await db.ExecuteAsync($"DELETE FROM failed_jobs WHERE 1 = 1{scope}", new { Appids = Ids(appids) }).ConfigureAwait(false);
    }

    /// <summary>
    /// Limits a query to some applications' rows, the ids bound as <c>@Appids</c> (<see cref="Ids"/>); system rows, whose
    /// appid is null, only when all are allowed. PostgreSQL takes the ids as one array, SQLite as a list Dapper expands.
    /// </summary>
    private static void Scope(StringBuilder sql, DbSession db, IReadOnlyCollection<long>? appids)
    {
        if (appids is null)
        {
            return;
        }
        sql.Append(appids.Count == 0 ? " AND 1 = 0" : db.Provider == DatabaseProvider.Postgres ? " AND appid = ANY(@Appids)" : " AND appid IN @Appids");
    }

    /// <summary>The application ids of <see cref="Scope"/> as bound.</summary>
    private static long[]? Ids(IReadOnlyCollection<long>? appids) => appids?.ToArray();
}
