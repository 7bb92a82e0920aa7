using ApiStudio.Engine.Http;
using ApiStudio.Engine.Scheduling;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Storage;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Engine.Values;

namespace ApiStudio.Engine.Admin;

/// <summary>
/// Scheduled tasks of an application: Developer or above there creates, reads, changes, pauses, resumes, runs and
/// deletes them and reads their history; a caller holding no role in the application gets 404, any other role 403.
/// A task is checked as a whole before it is written and every problem is listed at once: its cron expression and
/// time zone, its one target — a published resource of the application or a script of the application — and its
/// run-as user, who must be the caller or a user whose every role the caller may grant
/// (<see cref="AdminAccess.MayActAs"/>; checked again on every change, and when it fires). Every write is announced on
/// the <see cref="ChangeFeed"/> so that every host schedules the task anew.
/// </summary>
public sealed class TaskAdmin(Database database, AdminAccess access, ApplicationAdmin applications, TaskValidator rules,
    ResourceRegistry registry, TaskTriggers triggers, TaskRunner runner)
{
    /// <summary>What a lesser role is refused.</summary>
    private const string Managing = "manage scheduled tasks of this application";

    /// <summary>Most runs one history answer lists.</summary>
    public const int MaximumHistory = 1000;

    /// <summary>Creates a task: <c>{tid, next_run, ...}</c>.</summary>
    public async Task<Map> CreateAsync(Caller? caller, TaskInput input, CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        var app = input.Appid is { } appid and > 0 ? await applications.DevelopedAsync(who, appid, Managing, cancellationToken).ConfigureAwait(false) : null;
        var data = await CheckAsync(who, app, input with { Active = input.Active ?? true, AllowOverlap = input.AllowOverlap ?? false },
            cancellationToken).ConfigureAwait(false);
        var row = await database.WriteAsync("create the task", async db =>
        {
            await NameFreeAsync(db, app!, data.Name).ConfigureAwait(false);
            var created = await TaskMapper.CreateAsync(db, app!.Appid, data, who.Uid).ConfigureAwait(false);
            await AnnounceAsync(db, created.Tid).ConfigureAwait(false);
            return created;
        }, cancellationToken).ConfigureAwait(false);
        triggers.Refresh(row.Tid);
        return Shape(row, null);
    }

    /// <summary>One task (<paramref name="tid"/>), or the tasks of an application, or of every application the caller develops.</summary>
    public async Task<object> ReadAsync(Caller? caller, long? tid, long? appid, CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        if (tid is { } id)
        {
            var row = await WritableAsync(who, id, "read this task", cancellationToken).ConfigureAwait(false);
            var last = await database.ReadAsync(db => TaskRunMapper.HistoryAsync(db, id, 1), cancellationToken).ConfigureAwait(false);
            return Shape(row, last.FirstOrDefault());
        }
        if (appid is { } app)
        {
            await applications.DevelopedAsync(who, app, Managing, cancellationToken).ConfigureAwait(false);
        }
        var (rows, latest) = await database.ReadAsync(async db => (
            appid is { } only ? await TaskMapper.ForApplicationAsync(db, only).ConfigureAwait(false) : await TaskMapper.AllAsync(db).ConfigureAwait(false),
            await TaskRunMapper.LatestAsync(db, appid).ConfigureAwait(false)), cancellationToken).ConfigureAwait(false);
        return rows.Where(r => appid is not null || access.DevelopsApplication(who, r.Appid))
            .Select(r => (object?)Shape(r, latest.GetValueOrDefault(r.Tid))).ToList();
    }

    /// <summary>Changes the fields given (the others keep their values; <c>uri</c> or <c>script</c> replaces the other target).</summary>
    public async Task<Map> UpdateAsync(Caller? caller, long tid, TaskInput input, CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        var current = await WritableAsync(who, tid, "change this task", cancellationToken).ConfigureAwait(false);
        var app = await applications.DevelopedAsync(who, current.Appid, Managing, cancellationToken).ConfigureAwait(false);
        var newTarget = input.Uri is not null || input.Script is not null;
        var data = await CheckAsync(who, app, new TaskInput(current.Appid, input.Name ?? current.Name, input.Cron ?? current.Cron,
            input.TimeZone ?? current.TimeZone,
            newTarget ? input.Method : input.Method ?? current.Method,
            newTarget ? input.Uri : current.Uri,
            input.Payload ?? current.Payload,
            newTarget ? input.Script : current.Sid,
            input.Active ?? current.Active, input.AllowOverlap ?? current.AllowOverlap,
            // The editor decides what runs: the run-as user is checked against them again.
            input.RunAs ?? current.RunAs), cancellationToken).ConfigureAwait(false);
        var row = await database.WriteAsync("change the task", async db =>
        {
            if (data.Name != current.Name)
            {
                await NameFreeAsync(db, app, data.Name).ConfigureAwait(false);
            }
            var updated = await TaskMapper.UpdateAsync(db, tid, data, who.Uid).ConfigureAwait(false) ?? throw AdminErrors.NotFound("Task", tid);
            await AnnounceAsync(db, tid).ConfigureAwait(false);
            return updated;
        }, cancellationToken).ConfigureAwait(false);
        triggers.Refresh(tid);
        return Shape(row, null);
    }

    /// <summary>Pauses (<paramref name="active"/> false) or resumes a task on every host.</summary>
    public async Task<Map> SetActiveAsync(Caller? caller, long tid, bool active, CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        await WritableAsync(who, tid, active ? "resume this task" : "pause this task", cancellationToken).ConfigureAwait(false);
        var row = await database.WriteAsync(active ? "resume the task" : "pause the task", async db =>
        {
            var changed = await TaskMapper.SetActiveAsync(db, tid, active).ConfigureAwait(false) ?? throw AdminErrors.NotFound("Task", tid);
            await AnnounceAsync(db, tid).ConfigureAwait(false);
            return changed;
        }, cancellationToken).ConfigureAwait(false);
        triggers.Refresh(tid);
        return Shape(row, null);
    }

    /// <summary>Deletes a task and its history.</summary>
    public async Task<bool> DeleteAsync(Caller? caller, long tid, CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        await WritableAsync(who, tid, "delete this task", cancellationToken).ConfigureAwait(false);
        await database.WriteAsync("delete the task", async db =>
        {
            if (!await TaskMapper.DeleteAsync(db, tid).ConfigureAwait(false))
            {
                throw AdminErrors.NotFound("Task", tid);
            }
            await AnnounceAsync(db, tid).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
        triggers.Refresh(tid);
        return true;
    }

    /// <summary>
    /// Runs a task now (paused or not), on this host, in the background: answers the run as recorded — running, or
    /// skipped when the previous run is still going and the task does not allow overlap. Its end shows in the history.
    /// </summary>
    public async Task<Map> RunNowAsync(Caller? caller, long tid, CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        await WritableAsync(who, tid, "run this task", cancellationToken).ConfigureAwait(false);
        var claim = await AdminWrites.GuardedAsync("run the task", () => runner.StartNowAsync(tid, cancellationToken)).ConfigureAwait(false);
        return claim.Run is { } run ? Run(run) : throw AdminErrors.NotFound("Task", tid);
    }

    /// <summary>The runs of a task, newest fire time first (at most <paramref name="limit"/>, default 100).</summary>
    public async Task<List<object?>> HistoryAsync(Caller? caller, long tid, long? limit, CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        await WritableAsync(who, tid, "read the history of this task", cancellationToken).ConfigureAwait(false);
        if (limit is < 1 or > MaximumHistory)
        {
            throw AdminErrors.Invalid($"'limit' must be between 1 and {MaximumHistory}; got {limit}.");
        }
        var runs = await database.ReadAsync(db => TaskRunMapper.HistoryAsync(db, tid, (int)(limit ?? 100)), cancellationToken).ConfigureAwait(false);
        return runs.Select(r => (object?)Run(r)).ToList();
    }

    /// <summary>
    /// A task as answered: its fields, <c>next_run</c> (local time of its zone with the offset; null while paused) and
    /// <c>next_run_at</c> (epoch ms), and the status and fire time of its latest run.
    /// </summary>
    public static Map Shape(TaskRow row, TaskRunRow? last)
    {
        var problems = new List<string>();
        var schedule = CronSchedule.Parse(row.Cron, row.TimeZone, problems);
        var next = row.Active ? schedule?.NextAfter(DateTimeOffset.UtcNow) : null;
        return new Map
        {
            ["tid"] = row.Tid,
            ["appid"] = row.Appid,
            ["name"] = row.Name,
            ["cron"] = row.Cron,
            ["time_zone"] = row.TimeZone,
            ["method"] = row.Method,
            ["uri"] = row.Uri,
            ["payload"] = row.Payload is null ? null : PlainJson.Parse(row.Payload),
            ["script"] = row.Sid,
            ["active"] = row.Active,
            ["allow_overlap"] = row.AllowOverlap,
            ["run_as"] = row.RunAs,
            ["version"] = row.Version,
            ["created_at"] = row.CreatedAt,
            ["updated_at"] = row.UpdatedAt,
            ["created_by"] = row.CreatedBy,
            ["updated_by"] = row.UpdatedBy,
            ["next_run"] = next is { } time ? schedule!.Local(time) : null,
            ["next_run_at"] = next?.ToUnixTimeMilliseconds(),
            ["last_status"] = last?.Status,
            ["last_run_at"] = last?.ScheduledFor,
        };
    }

    /// <summary>A run as answered: <c>{id, tid, scheduled_for, source, status, started_at, finished_at, duration_ms, status_code, output, error, host}</c>.</summary>
    public static Map Run(TaskRunRow run) => new()
    {
        ["id"] = run.Id,
        ["tid"] = run.Tid,
        ["scheduled_for"] = run.ScheduledFor,
        ["source"] = run.Source,
        ["status"] = run.Status,
        ["started_at"] = run.StartedAt,
        ["finished_at"] = run.FinishedAt,
        ["duration_ms"] = run.FinishedAt - run.StartedAt,
        ["status_code"] = run.StatusCode,
        ["output"] = run.Output,
        ["error"] = run.Error,
        ["host"] = run.Host,
    };

    /// <summary>
    /// What to write, once every rule holds; HTTP 400 listing every problem otherwise. <paramref name="app"/> is null
    /// when the application is unknown (reported by itself).
    /// </summary>
    private async Task<TaskData> CheckAsync(Caller who, ApplicationRow? app, TaskInput input, CancellationToken cancellationToken)
    {
        var checkedRules = rules.Validate(input);
        var problems = checkedRules.Errors.Select(e => e.ErrorMessage).ToList();
        bool Fine(string property) => checkedRules.Errors.All(e => e.PropertyName != property);
        var schedule = CronSchedule.Parse(input.Cron, input.TimeZone ?? "UTC", problems);
        var method = input.Uri is null ? null : (input.Method ?? "get").ToLowerInvariant();
        if (app is not null && input.Uri is { } uri && Fine(nameof(TaskInput.Uri)) && Fine(nameof(TaskInput.Method)) && Fine(""))
        {
            var path = uri.Split('?', 2)[0];
            var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
            if (registry.Routes.Match(app.AccountName, app.Name, method!, segments).Resource is null)
            {
                problems.Add($"'uri' {method!.ToUpperInvariant()} {path} is not a published resource of application {app.AccountName}/{app.Name}.");
            }
        }
        if (app is not null && input.Script is { } sid && Fine(nameof(TaskInput.Script)) && Fine(""))
        {
            var script = await database.ReadAsync(db => ScriptMapper.FindByIdAsync(db, sid), cancellationToken).ConfigureAwait(false);
            if (script is null || script.Appid != app.Appid)
            {
                problems.Add($"'script' {sid} is not a script of application {app.AccountName}/{app.Name}.");
            }
        }
        var runAs = input.RunAs ?? who.Uid;
        if (runAs is null)
        {
            problems.Add("'run_as' is required: the user the task runs as (a caller with an API key only has none).");
        }
        else if (Fine(nameof(TaskInput.RunAs)) && !await MayRunAsAsync(who, runAs.Value, cancellationToken).ConfigureAwait(false))
        {
            problems.Add($"'run_as' {runAs} is not a user you may run tasks as: give your own user id, or a user whose every role you may grant.");
        }
        if (problems.Count > 0)
        {
            throw AdminErrors.Invalid(problems);
        }
        var payload = input.Payload is "" or "null" ? null : input.Payload;
        return new TaskData(input.Name!, schedule!.Cron, schedule.Zone.Id, method, input.Uri, payload, input.Script,
            input.Active ?? true, input.AllowOverlap ?? false, runAs!.Value);
    }

    /// <summary>True when the user exists and the caller may run tasks as them.</summary>
    private Task<bool> MayRunAsAsync(Caller who, long uid, CancellationToken cancellationToken) =>
        who.Uid == uid
            ? Task.FromResult(true)
            : database.ReadAsync(async db => await UserMapper.FindByIdAsync(db, uid).ConfigureAwait(false) is not null
                && access.MayActAs(who, uid, await UserRoleMapper.ForUserAsync(db, uid).ConfigureAwait(false)), cancellationToken);

    /// <summary>409 when the application already has a task of that name.</summary>
    private static async Task NameFreeAsync(DbSession db, ApplicationRow app, string name)
    {
        if (await TaskMapper.FindByNameAsync(db, app.Appid, name).ConfigureAwait(false) is not null)
        {
            throw AdminErrors.Conflict($"Task ({name}) already exists in application {app.AccountName}/{app.Name}.");
        }
    }

    /// <summary>Announces, in the transaction of a write, that task <paramref name="tid"/> changed (every host schedules it again).</summary>
    private Task AnnounceAsync(DbSession db, long tid) => registry.Changes.AnnounceAsync(db, ChangeFeed.Tasks, tid);

    /// <summary>The task when the caller develops its application; 404/403 otherwise.</summary>
    private async Task<TaskRow> WritableAsync(Caller who, long tid, string action, CancellationToken cancellationToken)
    {
        var row = await database.ReadAsync(db => TaskMapper.FindByIdAsync(db, tid), cancellationToken).ConfigureAwait(false);
        return access.Developed(who, row, row?.Appid ?? 0, "Task", tid, action);
    }
}
