using ApiStudio.Engine.Http;
using ApiStudio.Engine.Queue;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Storage;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Engine.Values;
using FluentValidation;

namespace ApiStudio.Engine.Admin;

/// <summary>The filters of a job list (and of a failed job list: application and limit).</summary>
/// <param name="Appid">Only the jobs of this application.</param>
/// <param name="Queue">Only this queue.</param>
/// <param name="Status">Only this status: queued, running, completed or failed.</param>
/// <param name="Limit">Most jobs answered, newest first (default 100, at most 1,000).</param>
/// <param name="Before">Only jobs with a lower id (the next page: the last id of the previous one).</param>
public sealed record JobQuery(long? Appid = null, string? Queue = null, string? Status = null, long? Limit = null, long? Before = null);

/// <summary>Job list filters: a positive application id, a queue name, a known status, a limit of 1 to 1,000 and a positive id to page from.</summary>
public sealed class JobQueryValidator : AdminValidator<JobQuery>
{
    /// <summary>The rules.</summary>
    public JobQueryValidator()
    {
        Id(q => q.Appid, "appid", required: false);
        RuleFor(q => q.Queue).Must(q => q is null || QueueOptions.IsQueueName(q))
            .WithMessage($"'queue' must be 1 to {QueueOptions.MaxQueueLength} letters, digits, '_', '-' or '.', starting with a letter or digit.");
        RuleFor(q => q.Status).Must(s => s is null || JobStatus.All.Contains(s))
            .WithMessage(q => $"'status' must be one of {string.Join(", ", JobStatus.All)}; got '{q.Status}'.");
        RuleFor(q => q.Limit).Must(l => l is null or >= 1 and <= JobAdmin.MaxLimit).WithMessage($"'limit' must be between 1 and {JobAdmin.MaxLimit}.");
        Id(q => q.Before, "before", required: false);
    }
}

/// <summary>
/// Jobs and failed jobs of the applications the caller develops: Developer or above on a job's application reads it
/// and retries, forgets or flushes its failures; a system job (no application) is the Administrator's alone. A caller
/// holding no role in a job's application gets 404 — its existence is not revealed — any other role 403. Lists and
/// "all" operations cover only what the caller may administer.
/// </summary>
public sealed class JobAdmin(Database database, AdminAccess access, ApplicationAdmin applications, FailedJobs failures,
    ResourceRegistry registry, JobQueryValidator rules)
{
    /// <summary>Most rows of one list.</summary>
    public const int MaxLimit = 1000;

    private const int DefaultLimit = 100;

    /// <summary>One job (<paramref name="id"/>), or the jobs the caller may administer, filtered, newest first.</summary>
    public async Task<object> ReadAsync(Caller? caller, long? id, JobQuery query, CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        if (id is { } jobId)
        {
            var row = await database.ReadAsync(db => JobMapper.FindAsync(db, jobId), cancellationToken).ConfigureAwait(false);
            Allowed(who, row?.Appid, row is not null, "Job", jobId, "read this job");
            return AdminShapes.Job(row!);
        }
        rules.Check(query);
        var scope = await ScopeAsync(who, query.Appid, cancellationToken).ConfigureAwait(false);
        var rows = await database.ReadAsync(db => JobMapper.ListAsync(db,
            new JobFilter(scope, query.Queue, query.Status, (int)(query.Limit ?? DefaultLimit), query.Before)), cancellationToken).ConfigureAwait(false);
        return rows.Select(r => (object?)AdminShapes.Job(r)).ToList();
    }

    /// <summary>One failed job (<paramref name="id"/>, the job's id), or the failures the caller may administer, newest first.</summary>
    public async Task<object> ReadFailedAsync(Caller? caller, long? id, JobQuery query, CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        if (id is { } jobId)
        {
            return AdminShapes.FailedJob(await FailureAsync(who, jobId, "read this failed job", cancellationToken).ConfigureAwait(false));
        }
        rules.Check(query);
        var scope = await ScopeAsync(who, query.Appid, cancellationToken).ConfigureAwait(false);
        var rows = await failures.ListAsync(scope, (int)(query.Limit ?? DefaultLimit), query.Before, cancellationToken).ConfigureAwait(false);
        return rows.Select(r => (object?)AdminShapes.FailedJob(r)).ToList();
    }

    /// <summary>Puts a failed job back on its queue (its tries renewed, its id kept); answers the job.</summary>
    public async Task<Map> RetryAsync(Caller? caller, long id, CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        await FailureAsync(who, id, "retry this job", cancellationToken).ConfigureAwait(false);
        var job = await AdminWrites.GuardedAsync("retry the job", () => failures.RetryAsync(id, cancellationToken)).ConfigureAwait(false);
        return job is null ? throw AdminErrors.NotFound("Failed job", id) : AdminShapes.Job(job);
    }

    /// <summary>Puts every failed job the caller may administer back on its queue: <c>{retried: n}</c>.</summary>
    public async Task<Map> RetryAllAsync(Caller? caller, CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        var count = await AdminWrites.GuardedAsync("retry the failed jobs",
            () => failures.RetryAllAsync(Administered(who), cancellationToken)).ConfigureAwait(false);
        return new Map { ["retried"] = (long)count };
    }

    /// <summary>Deletes a failed job (its failure and its row).</summary>
    public async Task<bool> ForgetAsync(Caller? caller, long id, CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        await FailureAsync(who, id, "forget this job", cancellationToken).ConfigureAwait(false);
        return await AdminWrites.GuardedAsync("forget the job", () => failures.ForgetAsync(id, cancellationToken)).ConfigureAwait(false)
            ? true
            : throw AdminErrors.NotFound("Failed job", id);
    }

    /// <summary>Deletes every failed job the caller may administer: <c>{deleted: n}</c>.</summary>
    public async Task<Map> FlushAsync(Caller? caller, CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        var count = await AdminWrites.GuardedAsync("flush the failed jobs",
            () => failures.FlushAsync(Administered(who), cancellationToken)).ConfigureAwait(false);
        return new Map { ["deleted"] = (long)count };
    }

    /// <summary>The failure when the caller may administer its job; 404/403 otherwise.</summary>
    private async Task<FailedJobRow> FailureAsync(Caller who, long id, string action, CancellationToken cancellationToken)
    {
        var row = await database.ReadAsync(db => JobMapper.FindFailedAsync(db, id), cancellationToken).ConfigureAwait(false);
        Allowed(who, row?.Appid, row is not null, "Failed job", id, action);
        return row!;
    }

    /// <summary>
    /// Throws unless the caller may administer a job of <paramref name="appid"/>: 404 when it does not exist, is a system
    /// job and the caller is no Administrator, or lies where the caller holds no role; 403 for a lesser role.
    /// </summary>
    private void Allowed(Caller who, long? appid, bool exists, string kind, long id, string action)
    {
        if (!exists)
        {
            throw AdminErrors.NotFound(kind, id);
        }
        if (appid is not { } app)
        {
            if (!AdminAccess.IsAdministrator(who))
            {
                throw AdminErrors.NotFound(kind, id);
            }
            return;
        }
        if (access.AccountOf(null, app) is not { } accid)
        {
            throw AdminErrors.NotFound(kind, id);
        }
        if (!AdminAccess.DevelopsApplication(who, accid, app))
        {
            throw access.Denied(who, accid, app, kind, id, action);
        }
    }

    /// <summary>The applications a list covers: the one asked for (when the caller develops it), else all the caller administers.</summary>
    private async Task<IReadOnlyCollection<long>?> ScopeAsync(Caller who, long? appid, CancellationToken cancellationToken)
    {
        if (appid is not { } app)
        {
            return Administered(who);
        }
        var row = await applications.VisibleAsync(who, app, cancellationToken).ConfigureAwait(false);
        return AdminAccess.DevelopsApplication(who, row.Accid, app) ? [app] : throw AdminErrors.Forbidden("read the jobs of this application");
    }

    /// <summary>The applications whose jobs the caller administers; null for an Administrator (every job, system jobs too).</summary>
    private IReadOnlyCollection<long>? Administered(Caller who) => AdminAccess.IsAdministrator(who)
        ? null
        : registry.Applications.Values.Where(a => AdminAccess.DevelopsApplication(who, a.Accid, a.Appid)).Select(a => a.Appid).ToList();
}
