using System.Data.Common;
using ApiStudio.Engine.Http;
using ApiStudio.Engine.OpenApi;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Resources;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Storage;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Engine.Validation;
using ApiStudio.Engine.Values;

namespace ApiStudio.Engine.Admin;

/// <summary>
/// A resource's draft made ready to run or to compare, as <see cref="ResourceAdmin.PlanDraftAsync"/> returns it.
/// </summary>
/// <param name="Resource">The stored resource (status <c>draft</c> when it was never published).</param>
/// <param name="Draft">Its draft.</param>
/// <param name="Prepared">The draft validated and prepared (version 0, not served), or null when it cannot run.</param>
/// <param name="Errors">Why it cannot run, one sentence each; empty when <paramref name="Prepared"/> is there.</param>
public sealed record DraftPlan(ResourceRow Resource, ResourceDraftRow Draft, PublishedResource? Prepared, IReadOnlyList<string> Errors);

/// <summary>
/// Resources through the <see cref="ResourceRegistry"/>: import, read, update, delete, export, versions, revert and drafts
/// (a new resource may start as one), with what publishing a draft would break.
/// Only a Developer (or a manager) of the application reads or writes its resources; a Consumer gets 403, a caller
/// without any role there 404. Every write is validated before anything is stored and is one transaction: a refused
/// document leaves the previous version serving.
/// </summary>
public sealed class ResourceAdmin(Database database, ResourceRegistry registry, ResourceQueryValidator queryRules)
{

    /// <summary>Imports a new resource from its document (YAML or JSON, account + application or an ApiOpenStudio appid).</summary>
    public async Task<Map> ImportAsync(Caller? caller, string? text, DocumentFormat? format, string source, CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        var (document, resolved) = Load(text, format, source);
        CheckTarget(who, document);
        return await SaveAsync(text!, resolved, source, null, who.Uid, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One resource with its document (<paramref name="resid"/>), or the resources the caller may read, filtered.</summary>
    public async Task<object> ReadAsync(Caller? caller, long? resid, ResourceQuery query, CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        if (resid is { } id)
        {
            return AdminShapes.Resource(await ReadableAsync(who, id, "read resources of this application", cancellationToken).ConfigureAwait(false), withDocument: true);
        }
        queryRules.Check(query);
        List<ResourceRow> rows;
        if (query.Appid is { } appid)
        {
            var application = registry.Applications.GetValueOrDefault(appid);
            if (application is null || !AdminAccess.DevelopsApplication(who, application.Accid, appid))
            {
                throw application is null || !AdminAccess.SeesApplication(who, application.Accid, appid)
                    ? AdminErrors.NotFound("Application", appid)
                    : AdminErrors.Forbidden("read resources of this application");
            }
            rows = await database.ReadAsync(db => ResourceMapper.ListAsync(db, appid), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            rows = await database.ReadAsync(db => ResourceMapper.ListAsync(db), cancellationToken).ConfigureAwait(false);
        }
        var method = query.Method?.ToLowerInvariant();
        var uri = query.Uri?.Trim().Trim('/');
        return rows.Where(r => (method is null || r.Method == method) && (uri is null || r.Uri == uri) && Develops(who, r.Appid))
            .Select(r => (object?)AdminShapes.Resource(r)).ToList();
    }

    /// <summary>Saves a new version of a resource from a new document (which may move it to another application the caller develops).</summary>
    public async Task<Map> UpdateAsync(Caller? caller, long resid, string? text, DocumentFormat? format, string source, CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        await ReadableAsync(who, resid, "change resources of this application", cancellationToken).ConfigureAwait(false);
        var (document, resolved) = Load(text, format, source);
        CheckTarget(who, document);
        return await SaveAsync(text!, resolved, source, resid, who.Uid, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes a resource and its history; it stops being served at once.</summary>
    public async Task<bool> DeleteAsync(Caller? caller, long resid, CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        await ReadableAsync(who, resid, "delete resources of this application", cancellationToken).ConfigureAwait(false);
        try
        {
            return await registry.DeleteAsync(resid, cancellationToken).ConfigureAwait(false);
        }
        catch (DbException ex)
        {
            throw AdminErrors.Database("delete the resource", ex);
        }
    }

    /// <summary>The document of a resource as YAML or JSON: as written when the format is the stored one, else converted.</summary>
    public async Task<string> ExportAsync(Caller? caller, long resid, DocumentFormat format, CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        var row = await ReadableAsync(who, resid, "export resources of this application", cancellationToken).ConfigureAwait(false);
        if (row.Status == ResourceStatus.Draft)
        {
            throw AdminErrors.NotFound("Published version of resource", resid);
        }
        var stored = FormatOf(row.Format);
        return stored == format
            ? row.Document
            : ResourceWriter.Write(ResourceLoader.Load(row.Document, $"resource {resid}", stored), format);
    }

    /// <summary>The stored versions of a resource, newest first; one version with its document when <paramref name="version"/> is given.</summary>
    public async Task<object> VersionsAsync(Caller? caller, long resid, long? version, CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        await ReadableAsync(who, resid, "read resources of this application", cancellationToken).ConfigureAwait(false);
        var versions = await database.ReadAsync(db => ResourceMapper.VersionsAsync(db, resid), cancellationToken).ConfigureAwait(false);
        if (version is { } wanted)
        {
            return AdminShapes.ResourceVersion(Version(versions, resid, wanted), withDocument: true);
        }
        return versions.Select(v => (object?)AdminShapes.ResourceVersion(v)).ToList();
    }

    /// <summary>Saves the document of an earlier version as the newest version (validated like any other save).</summary>
    public async Task<Map> RevertAsync(Caller? caller, long resid, long version, CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        await ReadableAsync(who, resid, "change resources of this application", cancellationToken).ConfigureAwait(false);
        var versions = await database.ReadAsync(db => ResourceMapper.VersionsAsync(db, resid), cancellationToken).ConfigureAwait(false);
        var old = Version(versions, resid, version);
        var source = $"resource {resid} version {version}";
        var (document, format) = Load(old.Document, FormatOf(old.Format), source);
        CheckTarget(who, document);
        return await SaveAsync(old.Document, format, source, resid, who.Uid, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Creates a resource that exists only as a draft and returns the draft (<c>resid</c>, <c>revision</c> 1, ...). It
    /// is never served and is listed with status <c>draft</c> until <see cref="PublishDraftAsync"/> publishes it; like
    /// any draft it may be invalid, even unreadable. It belongs to the application <paramref name="account"/> /
    /// <paramref name="application"/> when given, else to the one the document names (which then must be readable);
    /// when both name one they must agree. The caller must develop that application, as for an import.
    /// </summary>
    public async Task<Map> CreateDraftAsync(Caller? caller, string? text, DocumentFormat? format, string? account, string? application,
        CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw AdminErrors.Invalid("Give the draft document: send the YAML or JSON as the request body.");
        }
        var (data, document) = ReadDraft(text, format, "new draft");
        var target = DraftTarget(document, account, application);
        if (TargetRefusal(who, target) is { } refusal)
        {
            throw refusal;
        }
        var draft = await WriteAsync("create the draft",
            db => ResourceDraftMapper.CreateWithResourceAsync(db, target.Application!.Appid, data, who.Uid), cancellationToken).ConfigureAwait(false);
        var shape = AdminShapes.ResourceDraft(draft);
        shape["status"] = ResourceStatus.Draft;
        return shape;
    }

    /// <summary>
    /// Saves the draft of a resource over revision <paramref name="expected"/> (see <see cref="DraftAsync"/>). The
    /// draft may be invalid, and even unreadable (kept with its load error); it is never served. A stale revision is a
    /// 409 naming the current one.
    /// </summary>
    public async Task<Map> SaveDraftAsync(Caller? caller, long resid, string? text, DocumentFormat? format, long expected,
        CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        await ReadableAsync(who, resid, "change resources of this application", cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw AdminErrors.Invalid("Give the draft document: send the YAML or JSON as the request body.");
        }
        var (data, _) = ReadDraft(text, format, $"draft of resource {resid}");
        var draft = await WriteAsync("save the draft",
            db => ResourceDraftMapper.SaveAsync(db, resid, expected, data, who.Uid), cancellationToken).ConfigureAwait(false);
        if (draft is null)
        {
            throw await StaleAsync(resid, expected, cancellationToken).ConfigureAwait(false);
        }
        return AdminShapes.ResourceDraft(draft, withDocument: false);
    }

    /// <summary>
    /// The draft of a resource with its document and load error, and <c>breaking_changes</c>: what publishing it would
    /// break for clients of the published version (see <see cref="ChangesAsync"/>; empty for a resource never
    /// published, null while the draft is not valid). 404 without a draft (a first draft is saved over the version served).
    /// </summary>
    public async Task<Map> DraftAsync(Caller? caller, long resid, CancellationToken cancellationToken)
    {
        var plan = await PlanDraftAsync(caller, resid, cancellationToken).ConfigureAwait(false);
        var shape = AdminShapes.ResourceDraft(plan.Draft, withDocument: true);
        shape["breaking_changes"] = plan.Prepared is null ? null : BreakingChangesOf(plan.Prepared).Select(change => (object?)change).ToList();
        return shape;
    }

    /// <summary>
    /// What publishing the draft would break for clients of the published version, one sentence each naming the
    /// parameter (see <see cref="BreakingChanges"/>); empty for a resource never published. A draft that is not valid
    /// is a 400 listing its errors.
    /// </summary>
    public async Task<IReadOnlyList<string>> ChangesAsync(Caller? caller, long resid, CancellationToken cancellationToken)
    {
        var plan = await PlanDraftAsync(caller, resid, cancellationToken).ConfigureAwait(false);
        return plan.Prepared is null ? throw AdminErrors.Invalid(plan.Errors) : BreakingChangesOf(plan.Prepared);
    }

    /// <summary>
    /// The draft of a resource, validated and prepared as publishing it would, but neither stored nor served: what a
    /// designer tries and compares. Its <see cref="DraftPlan.Errors"/> list why it cannot run (load error, validation,
    /// an application the caller may not write to). Needs Developer or above on the resource's application (403/404
    /// like reading the draft); 404 without a draft.
    /// </summary>
    public async Task<DraftPlan> PlanDraftAsync(Caller? caller, long resid, CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        var row = await ReadableAsync(who, resid, "read resources of this application", cancellationToken).ConfigureAwait(false);
        var draft = await database.ReadAsync(db => ResourceDraftMapper.FindAsync(db, resid), cancellationToken).ConfigureAwait(false)
            ?? throw AdminErrors.NotFound("Draft of resource", resid);
        if (draft.LoadError is { } loadError)
        {
            return new DraftPlan(row, draft, null, [$"The resource document cannot be read: {loadError}"]);
        }
        var document = ResourceLoader.Load(draft.Document, $"draft of resource {resid}", FormatOf(draft.Format));
        if (TargetRefusal(who, TargetOf(document)) is { } refusal)
        {
            return new DraftPlan(row, draft, null, [refusal.Message]);
        }
        try
        {
            return new DraftPlan(row, draft, registry.PrepareUnpublished(document, resid), []);
        }
        catch (ResourceValidationException ex)
        {
            return new DraftPlan(row, draft, null, ex.Errors.Select(e => e.ToString()).ToList());
        }
    }

    /// <summary>
    /// The stored resource (its published version; none yet when its status is <c>draft</c>) for a caller who develops
    /// its application: 404 when the caller has no role there, 403 when the role is not Developer or above.
    /// </summary>
    public Task<ResourceRow> FindAsync(Caller? caller, long resid, CancellationToken cancellationToken) =>
        ReadableAsync(AdminAccess.Authenticated(caller), resid, "read resources of this application", cancellationToken);

    /// <summary>
    /// Drops the draft at revision <paramref name="expected"/>; the published version is untouched. A resource that was
    /// never published has nothing left without its draft: it is deleted with it.
    /// </summary>
    public async Task<bool> DiscardDraftAsync(Caller? caller, long resid, long expected, CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        await ReadableAsync(who, resid, "change resources of this application", cancellationToken).ConfigureAwait(false);
        var deleted = await WriteAsync("discard the draft", async db =>
        {
            var found = await ResourceDraftMapper.DeleteAsync(db, resid, expected).ConfigureAwait(false);
            if (found)
            {
                await ResourceMapper.DeleteUnpublishedAsync(db, resid).ConfigureAwait(false);
            }
            return found;
        }, cancellationToken).ConfigureAwait(false);
        if (!deleted)
        {
            throw await StaleAsync(resid, expected, cancellationToken).ConfigureAwait(false);
        }
        return true;
    }

    /// <summary>
    /// Publishes the draft at revision <paramref name="expected"/> through the same validation as an import: refused
    /// with every error while invalid (the published version keeps serving); else it becomes the newest version (the
    /// first, for a resource never published) and the draft is cleared, in one transaction. The answer lists
    /// <c>breaking_changes</c>, also among its <c>warnings</c>: publishing is not refused for them.
    /// </summary>
    public async Task<Map> PublishDraftAsync(Caller? caller, long resid, long expected, CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        await ReadableAsync(who, resid, "change resources of this application", cancellationToken).ConfigureAwait(false);
        var draft = await database.ReadAsync(db => ResourceDraftMapper.FindAsync(db, resid), cancellationToken).ConfigureAwait(false);
        if (draft is null || draft.Revision != expected)
        {
            throw await StaleAsync(resid, expected, cancellationToken).ConfigureAwait(false);
        }
        if (draft.LoadError is { } loadError)
        {
            throw AdminErrors.Invalid($"The resource document cannot be read: {loadError}");
        }
        var source = $"draft of resource {resid}";
        var (document, format) = Load(draft.Document, FormatOf(draft.Format), source);
        CheckTarget(who, document);
        // The draft goes in the transaction that stores the version, only while still at this revision: a save that
        // came in after it was read has a newer revision and stays as the draft (status published_with_draft).
        return await SaveAsync(draft.Document, format, source, resid, who.Uid, cancellationToken,
            db => ResourceDraftMapper.DeleteAsync(db, resid, expected)).ConfigureAwait(false);
    }

    /// <summary>The 409 for a save, publish or discard over a revision that is not the current one (or 404 when the resource went).</summary>
    private async Task<ApiException> StaleAsync(long resid, long expected, CancellationToken cancellationToken)
    {
        var (row, draft) = await database.ReadAsync(async db => (await ResourceMapper.FindByIdAsync(db, resid).ConfigureAwait(false),
            await ResourceDraftMapper.FindAsync(db, resid).ConfigureAwait(false)), cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            return AdminErrors.NotFound("Resource", resid);
        }
        var current = draft?.Revision ?? row.Version;
        var what = draft is null ? "the published version (no draft)" : "the draft";
        return AdminErrors.Conflict(
            $"Resource {resid} is at revision {current}, {what}, not at revision {expected}: reload it and apply your change again.");
    }

    private async Task<T> WriteAsync<T>(string what, Func<DbSession, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            return await database.InTransactionAsync(work, cancellationToken).ConfigureAwait(false);
        }
        catch (DbException ex)
        {
            throw AdminErrors.Database(what, ex);
        }
    }

    private static DocumentFormat Detect(string text) =>
        text.TrimStart('\uFEFF').TrimStart().StartsWith('{') ? DocumentFormat.Json : DocumentFormat.Yaml;

    /// <summary>The format a stored format name stands for.</summary>
    public static DocumentFormat FormatOf(string name) => name == "json" ? DocumentFormat.Json : DocumentFormat.Yaml;

    /// <summary>The resource when the caller develops its application; 404/403 otherwise.</summary>
    private async Task<ResourceRow> ReadableAsync(Caller who, long resid, string action, CancellationToken cancellationToken)
    {
        var row = await database.ReadAsync(db => ResourceMapper.FindByIdAsync(db, resid), cancellationToken).ConfigureAwait(false);
        var application = row is null ? null : registry.Applications.GetValueOrDefault(row.Appid);
        if (row is null || application is null || !AdminAccess.SeesApplication(who, application.Accid, application.Appid))
        {
            throw AdminErrors.NotFound("Resource", resid);
        }
        return AdminAccess.DevelopsApplication(who, application.Accid, application.Appid) ? row : throw AdminErrors.Forbidden(action);
    }

    private bool Develops(Caller who, long appid) =>
        registry.Applications.TryGetValue(appid, out var application) && AdminAccess.DevelopsApplication(who, application.Accid, appid);

    /// <summary>Reads the document (a load error is a 400 naming the position); the format is detected when not given.</summary>
    private static (ResourceDocument Document, DocumentFormat Format) Load(string? text, DocumentFormat? format, string source)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw AdminErrors.Invalid(
                "Give the resource document: upload it in the multipart field 'resource_file' or send the YAML or JSON as the request body.");
        }
        var resolved = format ?? Detect(text);
        try
        {
            return (ResourceLoader.Load(text, source, resolved), resolved);
        }
        catch (ResourceLoadException ex)
        {
            throw AdminErrors.Invalid($"The resource document cannot be read: {ex.Message}");
        }
    }

    /// <summary>The caller must develop the application the document names (see <see cref="TargetRefusal"/>); a document naming none is left to the validator.</summary>
    private void CheckTarget(Caller who, ResourceDocument document)
    {
        if (TargetRefusal(who, TargetOf(document)) is { } refusal)
        {
            throw refusal;
        }
    }

    /// <summary>
    /// Why the caller may not write resources of the target application, or null when they may (or when there is no
    /// target). An application that does not exist and one the caller has no role in give the same 404.
    /// </summary>
    private static ApiException? TargetRefusal(Caller who, ResourceTarget target)
    {
        if (target.Label is null)
        {
            return null;
        }
        if (target.Application is not { } application || !AdminAccess.SeesApplication(who, application.Accid, application.Appid))
        {
            return AdminErrors.NotFound("Application", target.Label);
        }
        return AdminAccess.DevelopsApplication(who, application.Accid, application.Appid)
            ? null
            : AdminErrors.Forbidden("write resources of this application");
    }

    /// <summary>The application a document names (account and application, or an ApiOpenStudio appid); no label when it names none.</summary>
    private ResourceTarget TargetOf(ResourceDocument document)
    {
        if (!string.IsNullOrWhiteSpace(document.Account) && !string.IsNullOrWhiteSpace(document.Application))
        {
            return new ResourceTarget(registry.FindApplication(document.Account!, document.Application!), $"'{document.Account}/{document.Application}'");
        }
        if (document.AppId is { } appid && document.Account is null && document.Application is null)
        {
            return new ResourceTarget(registry.Applications.GetValueOrDefault(appid), appid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        return new ResourceTarget(null, null);
    }

    /// <summary>
    /// The application of a new draft: the one given, else the one the document names; both must agree when both are
    /// there, and one of them must be (400 otherwise).
    /// </summary>
    private ResourceTarget DraftTarget(ResourceDocument? document, string? account, string? application)
    {
        var named = document is null ? new ResourceTarget(null, null) : TargetOf(document);
        if (string.IsNullOrWhiteSpace(account) != string.IsNullOrWhiteSpace(application))
        {
            throw AdminErrors.Invalid("Give both 'account' and 'application', or neither (the document then names them).");
        }
        if (string.IsNullOrWhiteSpace(account))
        {
            return named.Label is not null
                ? named
                : throw AdminErrors.Invalid(document is null
                    ? "The document cannot be read, so it does not tell which application the draft belongs to: give 'account' and 'application'."
                    : "The document names no application: give 'account' and 'application', or name them in the document.");
        }
        var given = new ResourceTarget(registry.FindApplication(account.Trim(), application!.Trim()), $"'{account.Trim()}/{application.Trim()}'");
        var agree = named.Application is null ? named.Label == given.Label : named.Application.Appid == given.Application?.Appid;
        if (named.Label is not null && !agree)
        {
            throw AdminErrors.Invalid($"The document names the application {named.Label}, but the draft is created in {given.Label}: make them agree.");
        }
        return given;
    }

    /// <summary>An application a document or a request names (null when it does not exist), and how to name it in an error (null: none named).</summary>
    private sealed record ResourceTarget(ApplicationInfo? Application, string? Label);

    /// <summary>A draft as stored: the text, its load error, and the header values the resource list shows.</summary>
    private static (ResourceDraftData Data, ResourceDocument? Document) ReadDraft(string text, DocumentFormat? format, string source)
    {
        var resolved = format ?? Detect(text);
        var name = resolved == DocumentFormat.Json ? "json" : "yaml";
        try
        {
            var document = ResourceLoader.Load(text, source, resolved);
            return (new ResourceDraftData(name, text, null, document.Name, document.Method?.Trim().ToLowerInvariant(), document.Uri?.Trim().Trim('/')),
                document);
        }
        catch (ResourceLoadException ex)
        {
            return (new ResourceDraftData(name, text, ex.Message, null, null, null), null);
        }
    }

    /// <summary>
    /// Validates and stores through the registry (with <paramref name="alongside"/> in the same transaction); every
    /// validation problem is listed in the 400. The answer is the stored resource, with its <c>warnings</c> (one line
    /// each) when publishing it raised any; a new version of a served resource also lists its <c>breaking_changes</c>,
    /// which are warnings too.
    /// </summary>
    private async Task<Map> SaveAsync(string text, DocumentFormat format, string source, long? resid, long? by, CancellationToken cancellationToken,
        Func<DbSession, Task>? alongside = null)
    {
        try
        {
            var previous = resid is { } id ? Served(id) : null;
            var (row, published) = await registry.PublishAsync(text, format, source, resid, by, cancellationToken, alongside).ConfigureAwait(false);
            var shape = AdminShapes.Resource(row);
            var warnings = published.Resource.Warnings.Select(warning => warning.ToString()).ToList();
            if (resid is not null)
            {
                var changes = previous is null ? [] : BreakingChanges.Between(previous.Resource, published.Resource);
                shape["breaking_changes"] = changes.Select(change => (object?)change).ToList();
                warnings.AddRange(changes.Select(change => $"Breaking change: {change}"));
            }
            if (warnings.Count > 0)
            {
                shape["warnings"] = warnings.Select(warning => (object?)warning).ToList();
            }
            return shape;
        }
        catch (ResourceLoadException ex)
        {
            throw AdminErrors.Invalid($"The resource document cannot be read: {ex.Message}");
        }
        catch (ResourceValidationException ex)
        {
            throw AdminErrors.Invalid(ex.Errors.Select(e => e.ToString()).ToList());
        }
        catch (KeyNotFoundException)
        {
            throw AdminErrors.NotFound("Resource", resid!.Value);
        }
        catch (DbException ex)
        {
            throw AdminErrors.Database("save the resource", ex);
        }
    }

    /// <summary>The version of a resource being served, or null.</summary>
    private PublishedResource? Served(long resid) => registry.Routes.Resources.FirstOrDefault(r => r.Resid == resid);

    /// <summary>What publishing a prepared draft would break for clients of the version served (none when nothing is served).</summary>
    private IReadOnlyList<string> BreakingChangesOf(PublishedResource draft) =>
        Served(draft.Resid) is { } served ? BreakingChanges.Between(served.Resource, draft.Resource) : [];

    private static ResourceVersionRow Version(List<ResourceVersionRow> versions, long resid, long version) =>
        versions.FirstOrDefault(v => v.Version == version) ?? throw AdminErrors.NotFound($"Version {version} of resource", resid);
}
