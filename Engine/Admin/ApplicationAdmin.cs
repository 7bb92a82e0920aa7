using ApiStudio.Engine.Hosting;
using ApiStudio.Engine.Http;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Storage;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Engine.Values;

namespace ApiStudio.Engine.Admin;

/// <summary>
/// Applications and their settings (<c>wrap</c>, <c>cors_origins</c>): an account's manager creates and deletes
/// them; an Application manager changes its name and settings; moving one to another account needs the managers of
/// both. An application holding resources keeps its name and account (their documents name them); the core
/// application cannot be renamed, moved or deleted.
/// </summary>
public sealed class ApplicationAdmin(Database database, ResourceRegistry registry, AccountAdmin accounts,
    ApplicationCreateValidator createRules, ApplicationUpdateValidator updateRules)
{

    /// <summary>Creates an application: <c>{appid, accid, name, settings}</c>.</summary>
    public async Task<Map> CreateAsync(Caller? caller, ApplicationInput input, CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        createRules.Check(input);
        var accid = input.Accid!.Value;
        await accounts.VisibleAsync(who, accid, cancellationToken).ConfigureAwait(false);
        if (!AdminAccess.ManagesAccount(who, accid))
        {
            throw AdminErrors.Forbidden("create applications in this account");
        }
        var row = await database.WriteAsync("create the application", async db =>
        {
            await NameFreeAsync(db, accid, input.Name!, null).ConfigureAwait(false);
            var created = await ApplicationMapper.CreateAsync(db, accid, input.Name!, SettingsJson(null, input)).ConfigureAwait(false);
            await registry.Changes.AnnounceAsync(db, ChangeFeed.Applications, created.Appid).ConfigureAwait(false);
            return created;
        }, cancellationToken).ConfigureAwait(false);
        await registry.ReloadApplicationsAsync(cancellationToken).ConfigureAwait(false);
        return AdminShapes.Application(row);
    }

    /// <summary>One application (<paramref name="appid"/>), or every application the caller sees (of one account when <paramref name="accid"/> is given).</summary>
    public async Task<object> ReadAsync(Caller? caller, long? appid, long? accid, CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        if (appid is { } id)
        {
            return AdminShapes.Application(await VisibleAsync(who, id, cancellationToken).ConfigureAwait(false));
        }
        var rows = await database.ReadAsync(ApplicationMapper.AllAsync, cancellationToken).ConfigureAwait(false);
        return rows.Where(r => (accid is null || r.Accid == accid) && AdminAccess.SeesApplication(who, r.Accid, r.Appid))
            .Select(r => (object?)AdminShapes.Application(r)).ToList();
    }

    /// <summary>Changes name, account or settings (only what is given): <c>{appid, accid, name, settings}</c>.</summary>
    public async Task<Map> UpdateAsync(Caller? caller, long appid, ApplicationInput input, CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        var current = await VisibleAsync(who, appid, cancellationToken).ConfigureAwait(false);
        if (!AdminAccess.ManagesApplication(who, current.Accid, appid))
        {
            throw AdminErrors.Forbidden("change this application");
        }
        updateRules.Check(input);
        var accid = input.Accid ?? current.Accid;
        var name = input.Name ?? current.Name;
        var renamed = accid != current.Accid || name != current.Name;
        if (accid != current.Accid)
        {
            await accounts.VisibleAsync(who, accid, cancellationToken).ConfigureAwait(false);
            if (!AdminAccess.ManagesAccount(who, current.Accid) || !AdminAccess.ManagesAccount(who, accid))
            {
                throw AdminErrors.Forbidden("move applications between these accounts");
            }
        }
        if (renamed && IsCore(current))
        {
            throw CoreIsFixed();
        }
        var row = await database.WriteAsync("change the application", async db =>
        {
            if (renamed)
            {
                await NameFreeAsync(db, accid, name, appid).ConfigureAwait(false);
                if (await ResourceMapper.CountByApplicationAsync(db, appid).ConfigureAwait(false) is var count and > 0)
                {
                    throw AdminErrors.Conflict(
                        $"Application '{current.Name}' cannot be renamed or moved while it holds {count} resource(s) that name it: export and delete them first.");
                }
            }
            await ApplicationMapper.UpdateAsync(db, appid, accid, name, SettingsJson(current.Settings, input)).ConfigureAwait(false);
            await registry.Changes.AnnounceAsync(db, ChangeFeed.Applications, appid).ConfigureAwait(false);
            return (await ApplicationMapper.FindByIdAsync(db, appid).ConfigureAwait(false))!;
        }, cancellationToken).ConfigureAwait(false);
        await registry.ReloadApplicationsAsync(cancellationToken).ConfigureAwait(false);
        return AdminShapes.Application(row);
    }

    /// <summary>Deletes an application with its resources.</summary>
    public async Task<bool> DeleteAsync(Caller? caller, long appid, CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        var current = await VisibleAsync(who, appid, cancellationToken).ConfigureAwait(false);
        if (!AdminAccess.ManagesAccount(who, current.Accid))
        {
            throw AdminErrors.Forbidden("delete this application");
        }
        if (IsCore(current))
        {
            throw CoreIsFixed();
        }
        await database.WriteAsync("delete the application", async db =>
        {
            await ApplicationMapper.DeleteAsync(db, appid).ConfigureAwait(false);
            await registry.Changes.AnnounceAsync(db, ChangeFeed.Applications, appid).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
        await registry.ReloadApplicationsAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>The application when it exists and the caller holds a role in it or its account; 404 otherwise.</summary>
    internal async Task<ApplicationRow> VisibleAsync(Caller who, long appid, CancellationToken cancellationToken)
    {
        var row = await database.ReadAsync(db => ApplicationMapper.FindByIdAsync(db, appid), cancellationToken).ConfigureAwait(false);
        return row is not null && AdminAccess.SeesApplication(who, row.Accid, appid) ? row : throw AdminErrors.NotFound("Application", appid);
    }

    /// <summary>The application when the caller develops it; 404 when they hold no role there, 403 (may not <paramref name="action"/>) for a lesser role.</summary>
    internal async Task<ApplicationRow> DevelopedAsync(Caller who, long appid, string action, CancellationToken cancellationToken)
    {
        var app = await VisibleAsync(who, appid, cancellationToken).ConfigureAwait(false);
        return AdminAccess.DevelopsApplication(who, app.Accid, appid) ? app : throw AdminErrors.Forbidden(action);
    }

    /// <summary>Stored settings with the given ones applied; keys this API does not manage (rate limits, ...) are kept.</summary>
    private static string SettingsJson(string? stored, ApplicationInput input)
    {
        var settings = AdminShapes.Settings(stored);
        if (input.Wrap is { } wrap)
        {
            settings["wrap"] = wrap;
        }
        if (input.CorsOrigins is { } origins)
        {
            settings["cors_origins"] = origins.Select(o => (object?)o).ToList();
        }
        return PlainJson.Serialize(settings);
    }

    private static bool IsCore(ApplicationRow row) =>
        row.AccountName == FirstStart.CoreAccount && row.Name == FirstStart.CoreApplication;

    private static Processing.ApiException CoreIsFixed() => AdminErrors.Conflict(
        $"Application '{FirstStart.CoreAccount}/{FirstStart.CoreApplication}' holds the admin API: it cannot be renamed, moved or deleted.");

    private static async Task NameFreeAsync(DbSession db, long accid, string name, long? self)
    {
        var taken = (await ApplicationMapper.ByAccountAsync(db, accid).ConfigureAwait(false)).FirstOrDefault(a => a.Name == name);
        if (taken is not null && taken.Appid != self)
        {
            throw AdminErrors.Conflict($"The account already has an application named '{name}'.");
        }
    }
}
