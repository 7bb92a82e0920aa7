using System.Data.Common;
using ApiStudio.Engine.Http;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Resources;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Storage;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Engine.Validation;
using ApiStudio.Engine.Values;

namespace ApiStudio.Engine.Admin;

/// <summary>
/// Resources through the <see cref="ResourceRegistry"/>: import, read, update, delete, export, versions, revert and drafts.
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
            rows = await database.ReadAsync(db => ResourceMapper.ByApplicationAsync(db, appid), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            rows = await database.ReadAsync(ResourceMapper.AllAsync, cancellationToken).ConfigureAwait(false);
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
        var resolved = format ?? Detect(text);
        string? loadError = null;
        try
        {
            ResourceLoader.Load(text, $"draft of resource {resid}", resolved);
        }
        catch (ResourceLoadException ex)
        {
            loadError = ex.Message;
        }
        var name = resolved == DocumentFormat.Json ? "json" : "yaml";
        var draft = await WriteAsync("save the draft",
            db => ResourceDraftMapper.SaveAsync(db, resid, expected, name, text, loadError, who.Uid), cancellationToken).ConfigureAwait(false);
        if (draft is null)
        {
            throw await StaleAsync(resid, expected, cancellationToken).ConfigureAwait(false);
        }
        return AdminShapes.ResourceDraft(draft, withDocument: false);
    }

    /// <summary>The draft of a resource with its document and load error; 404 without one (a first draft is saved over the version served).</summary>
    public async Task<Map> DraftAsync(Caller? caller, long resid, CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        await ReadableAsync(who, resid, "read resources of this application", cancellationToken).ConfigureAwait(false);
        var draft = await database.ReadAsync(db => ResourceDraftMapper.FindAsync(db, resid), cancellationToken).ConfigureAwait(false);
        return draft is null ? throw AdminErrors.NotFound("Draft of resource", resid) : AdminShapes.ResourceDraft(draft, withDocument: true);
    }

    /// <summary>Drops the draft at revision <paramref name="expected"/>; the published version is untouched.</summary>
    public async Task<bool> DiscardDraftAsync(Caller? caller, long resid, long expected, CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        await ReadableAsync(who, resid, "change resources of this application", cancellationToken).ConfigureAwait(false);
        var deleted = await WriteAsync("discard the draft", db => ResourceDraftMapper.DeleteAsync(db, resid, expected), cancellationToken)
            .ConfigureAwait(false);
        if (!deleted)
        {
            throw await StaleAsync(resid, expected, cancellationToken).ConfigureAwait(false);
        }
        return true;
    }

    /// <summary>
    /// Publishes the draft at revision <paramref name="expected"/> through the same validation as an import: refused
    /// with every error while invalid (the published version keeps serving); else it becomes the newest version and
    /// the draft is cleared.
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
        var published = await SaveAsync(draft.Document, format, source, resid, who.Uid, cancellationToken).ConfigureAwait(false);
        // A save that came in meanwhile has a newer revision and stays as the draft.
        var cleared = await WriteAsync("clear the draft", db => ResourceDraftMapper.DeleteAsync(db, resid, expected), cancellationToken)
            .ConfigureAwait(false);
        published["status"] = cleared ? "published" : "published_with_draft";
        return published;
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

    /// <summary>
    /// The caller must develop the application the document names. An application that does not exist and one the
    /// caller has no role in give the same 404; a document naming none is left to the validator.
    /// </summary>
    private void CheckTarget(Caller who, ResourceDocument document)
    {
        ApplicationInfo? target;
        string label;
        if (!string.IsNullOrWhiteSpace(document.Account) && !string.IsNullOrWhiteSpace(document.Application))
        {
            target = registry.FindApplication(document.Account!, document.Application!);
            label = $"'{document.Account}/{document.Application}'";
        }
        else if (document.AppId is { } appid && document.Account is null && document.Application is null)
        {
            target = registry.Applications.GetValueOrDefault(appid);
            label = appid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        else
        {
            return;
        }
        if (target is null || !AdminAccess.SeesApplication(who, target.Accid, target.Appid))
        {
            throw AdminErrors.NotFound("Application", label);
        }
        if (!AdminAccess.DevelopsApplication(who, target.Accid, target.Appid))
        {
            throw AdminErrors.Forbidden("write resources of this application");
        }
    }

    /// <summary>
    /// Validates and stores through the registry; every validation problem is listed in the 400. The answer is the
    /// stored resource, with its <c>warnings</c> (one line each) when publishing it raised any.
    /// </summary>
    private async Task<Map> SaveAsync(string text, DocumentFormat format, string source, long? resid, long? by, CancellationToken cancellationToken)
    {
        try
        {
            var (row, published) = await registry.PublishAsync(text, format, source, resid, by, cancellationToken).ConfigureAwait(false);
            var shape = AdminShapes.Resource(row);
            var warnings = published.Resource.Warnings;
            if (warnings.Count > 0)
            {
                shape["warnings"] = warnings.Select(warning => (object?)warning.ToString()).ToList();
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

    private static ResourceVersionRow Version(List<ResourceVersionRow> versions, long resid, long version) =>
        versions.FirstOrDefault(v => v.Version == version) ?? throw AdminErrors.NotFound($"Version {version} of resource", resid);
}
