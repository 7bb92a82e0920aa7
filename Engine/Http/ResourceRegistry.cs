using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Resources;
using ApiStudio.Engine.Scripting;
using ApiStudio.Engine.Storage;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Engine.Validation;
using Microsoft.Extensions.Logging;

namespace ApiStudio.Engine.Http;

/// <summary>
/// The published resources and the applications they belong to, in memory: builds the <see cref="RouteTable"/> from
/// the database at start-up and patches it when a resource is saved or deleted. A save validates and prepares the
/// document before anything is written, so an invalid document never replaces the version being served. Every write
/// is announced through the <see cref="ChangeFeed"/> in its transaction; <see cref="ChangeListener"/> applies the
/// changes other hosts announce (<see cref="RefreshResourceAsync"/>, <see cref="ReloadApplicationsAsync"/>,
/// <see cref="ReloadAsync"/>).
/// </summary>
public sealed class ResourceRegistry : IResourceEnvironment
{
    private readonly Database _database;
    private readonly ResourcePlanner _planner;
    private readonly ILogger<ResourceRegistry> _logger;
    private readonly ChangeFeed _changes;
    private readonly SemaphoreSlim _writes = new(1, 1);
    private RouteTable _routes = RouteTable.Empty;
    private Dictionary<long, ApplicationInfo> _applications = [];
    private Dictionary<(string Account, string Application), ApplicationInfo> _applicationsByName = [];
    private Dictionary<long, List<EventScript>> _scripts = [];

    /// <summary>A registry over the system database; its writes are announced through <paramref name="changes"/> (a feed of its own when null).</summary>
    public ResourceRegistry(Database database, ResourcePlanner planner, ILogger<ResourceRegistry> logger, ChangeFeed? changes = null)
    {
        _database = database;
        _planner = planner;
        _logger = logger;
        _changes = changes ?? new ChangeFeed();
    }

    /// <summary>The feed that announces this registry's writes (and other writers' application changes) to the other hosts.</summary>
    public ChangeFeed Changes => _changes;

    /// <summary>The current route table.</summary>
    public RouteTable Routes => Volatile.Read(ref _routes);

    /// <summary>The planner (and through it the catalogue and the validator).</summary>
    public ResourcePlanner Planner => _planner;

    /// <summary>Every application, by id.</summary>
    public IReadOnlyDictionary<long, ApplicationInfo> Applications => Volatile.Read(ref _applications);

    /// <summary>The application of an account by names, or null.</summary>
    public ApplicationInfo? FindApplication(string account, string application) =>
        Volatile.Read(ref _applicationsByName).GetValueOrDefault((account, application));

    /// <summary>Loads applications and resources from the database and rebuilds the route table.</summary>
    public async Task ReloadAsync(CancellationToken cancellationToken = default)
    {
        await _writes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Read before the rows: a change committed after this point is either in the rows or seen as new later.
            var counter = _database.Provider == DatabaseProvider.Sqlite
                ? await _database.ReadAsync(ChangeFeed.ReadCounterAsync, cancellationToken).ConfigureAwait(false)
                : 0;
            await ReloadApplicationsLockedAsync(cancellationToken).ConfigureAwait(false);
            await ReloadScriptsLockedAsync(cancellationToken).ConfigureAwait(false);
            var rows = await _database.ReadAsync(ResourceMapper.AllAsync, cancellationToken).ConfigureAwait(false);
            var published = new List<PublishedResource>(rows.Count);
            foreach (var row in rows)
            {
                if (TryPrepareStored(row) is { } resource)
                {
                    published.Add(resource);
                }
            }
            Volatile.Write(ref _routes, Routed(published));
            _changes.Reloaded(counter);
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>Reloads the applications only (after an application is created, renamed or deleted).</summary>
    public async Task ReloadApplicationsAsync(CancellationToken cancellationToken = default)
    {
        await _writes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await ReloadApplicationsLockedAsync(cancellationToken).ConfigureAwait(false);
            var known = Volatile.Read(ref _applications);
            Volatile.Write(ref _routes, Routed(Routes.Resources.Where(r => known.ContainsKey(r.Appid))));
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>
    /// Reads the event scripts again (after one was saved or deleted, here or on another host) and attaches them to
    /// every published resource.
    /// </summary>
    public async Task ReloadScriptsAsync(CancellationToken cancellationToken = default)
    {
        await _writes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await ReloadScriptsLockedAsync(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _routes, Routed(Routes.Resources));
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary><paramref name="resource"/> with the event scripts of its application that match it (a draft run in-process gets them too).</summary>
    public PublishedResource WithEvents(PublishedResource resource)
    {
        var scripts = Volatile.Read(ref _scripts).GetValueOrDefault(resource.Appid);
        var events = scripts is null
            ? ResourceEvents.None
            : ResourceEvents.For(scripts, resource.Resource.Application, resource.Resource.Method, resource.Resource.Uri);
        return ReferenceEquals(events, resource.Events) ? resource : resource with { Events = events };
    }

    /// <summary>
    /// Validates, prepares and stores a resource document (new, or a new version of <paramref name="resid"/>), then
    /// serves it. Throws <see cref="ResourceLoadException"/> or <see cref="ResourceValidationException"/> before
    /// anything is written when the document is not valid.
    /// </summary>
    public async Task<ResourceRow> SaveAsync(string text, DocumentFormat format, string source, long? resid = null, long? by = null,
        CancellationToken cancellationToken = default) =>
        (await PublishAsync(text, format, source, resid, by, cancellationToken).ConfigureAwait(false)).Row;

    /// <summary>
    /// <see cref="SaveAsync"/>, returning the stored row and the resource now served (whose
    /// <see cref="PreparedResource.Warnings"/> say what works otherwise than written). <paramref name="alongside"/> runs
    /// in the same transaction once the version is written (clearing the draft it came from): if it throws, nothing is
    /// stored and the previous version keeps serving.
    /// </summary>
    public async Task<(ResourceRow Row, PublishedResource Published)> PublishAsync(string text, DocumentFormat format, string source,
        long? resid = null, long? by = null, CancellationToken cancellationToken = default, Func<DbSession, Task>? alongside = null)
    {
        var document = ResourceLoader.Load(text, source, format);
        await _writes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var environment = EnvironmentFor(resid);
            var prepared = _planner.Prepare(document, environment);
            var application = FindApplication(prepared.Account, prepared.Application)!;
            var data = new ResourceData(application.Appid, document.Name!, document.Description!, prepared.Method, prepared.Uri,
                document.Ttl ?? 0, format == DocumentFormat.Json ? "json" : "yaml", text);
            var row = await _database.InTransactionAsync(async db =>
            {
                var stored = resid is { } id
                    ? await ResourceMapper.UpdateAsync(db, id, data, by).ConfigureAwait(false) ?? throw new KeyNotFoundException($"Resource {id} does not exist.")
                    : await ResourceMapper.CreateAsync(db, data, by).ConfigureAwait(false);
                await _changes.AnnounceAsync(db, ChangeFeed.Resource, stored.Resid).ConfigureAwait(false);
                if (alongside is not null)
                {
                    await alongside(db).ConfigureAwait(false);
                    // Read again: what ran alongside may have changed what the row shows (a draft cleared).
                    stored = await ResourceMapper.FindByIdAsync(db, stored.Resid).ConfigureAwait(false) ?? stored;
                }
                return stored;
            }, cancellationToken).ConfigureAwait(false);
            var published = new PublishedResource(row.Resid, row.Appid, row.Version, prepared);
            Volatile.Write(ref _routes, Routed(Routes.Resources.Where(r => r.Resid != row.Resid).Append(published)));
            return (row, published);
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>
    /// Validates and prepares a document as it would be published over resource <paramref name="resid"/> (the resource
    /// does not take its own identity), without storing or serving it: a draft to compare or to run in place of the
    /// published version (version 0). Throws <see cref="ResourceValidationException"/> listing every problem.
    /// </summary>
    public PublishedResource PrepareUnpublished(ResourceDocument document, long resid)
    {
        var prepared = _planner.Prepare(document, new ExcludingEnvironment(this, resid));
        return new PublishedResource(resid, FindApplication(prepared.Account, prepared.Application)!.Appid, 0, prepared);
    }

    /// <summary>Deletes a resource and stops serving it; false when it does not exist.</summary>
    public async Task<bool> DeleteAsync(long resid, CancellationToken cancellationToken = default)
    {
        await _writes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var deleted = await _database.InTransactionAsync(async db =>
            {
                var found = await ResourceMapper.DeleteAsync(db, resid).ConfigureAwait(false);
                if (found)
                {
                    await _changes.AnnounceAsync(db, ChangeFeed.Resource, resid).ConfigureAwait(false);
                }
                return found;
            }, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _routes, Routed(Routes.Resources.Where(r => r.Resid != resid)));
            return deleted;
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>
    /// Serves what the database holds for one resource (after another host changed it): the stored version when it is
    /// not the one served, nothing when it was deleted or cannot be served.
    /// </summary>
    public async Task RefreshResourceAsync(long resid, CancellationToken cancellationToken = default)
    {
        await _writes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var row = await _database.ReadAsync(db => ResourceMapper.FindByIdAsync(db, resid), cancellationToken).ConfigureAwait(false);
            if (row?.Status == ResourceStatus.Draft)
            {
                row = null; // Never published: nothing to serve.
            }
            var served = Routes.Resources.FirstOrDefault(r => r.Resid == resid);
            if (row is not null && served is not null && served.Version == row.Version && served.Appid == row.Appid)
            {
                return;
            }
            if (row is not null && !Applications.ContainsKey(row.Appid))
            {
                // The application was created on another host and its notice has not been applied yet.
                await ReloadApplicationsLockedAsync(cancellationToken).ConfigureAwait(false);
            }
            var others = Routes.Resources.Where(r => r.Resid != resid);
            var published = row is null ? null : TryPrepareStored(row);
            Volatile.Write(ref _routes, Routed(published is null ? others : others.Append(published)));
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <inheritdoc />
    public bool ApplicationExists(string account, string application) => FindApplication(account, application) is not null;

    /// <inheritdoc />
    (string Account, string Application)? IResourceEnvironment.FindApplication(long appId) =>
        Applications.TryGetValue(appId, out var app) ? (app.Account, app.Name) : null;

    /// <inheritdoc />
    public bool IdentityTaken(string account, string application, string method, string uri) =>
        Routes.FindByIdentity(account, application, method, uri) is not null;

    /// <summary>
    /// The environment a document of resource <paramref name="resid"/> (null: a new one) is validated in: its own identity
    /// does not count as taken.
    /// </summary>
    public IResourceEnvironment EnvironmentFor(long? resid) => new ExcludingEnvironment(this, resid);

    private static ResourceDocument LoadDocument(ResourceRow row) =>
        ResourceLoader.Load(row.Document, $"resource {row.Resid}", row.Format == "json" ? DocumentFormat.Json : DocumentFormat.Yaml);

    /// <summary>
    /// Prepares a stored resource, or logs why it cannot be served. Its identity is not checked against the table in
    /// memory: the database keeps identities unique, and the table may still hold another host's older state.
    /// </summary>
    private PublishedResource? TryPrepareStored(ResourceRow row)
    {
        try
        {
            return new PublishedResource(row.Resid, row.Appid, row.Version, _planner.Prepare(LoadDocument(row), new StoredEnvironment(this)));
        }
        catch (Exception ex) when (ex is ResourceLoadException or ResourceValidationException)
        {
            _logger.LogError("Resource {Resid} ({Method} {Account}/{Application}/{Uri}) is not served: {Problem}",
                row.Resid, row.Method, row.AccountName, row.ApplicationName, row.Uri, ex.Message);
            return null;
        }
    }

    /// <summary>The route table of <paramref name="resources"/>, each with its event scripts.</summary>
    private RouteTable Routed(IEnumerable<PublishedResource> resources) => RouteTable.Build(resources.Select(WithEvents));

    private async Task ReloadScriptsLockedAsync(CancellationToken cancellationToken)
    {
        var rows = await _database.ReadAsync(ScriptMapper.AllAsync, cancellationToken).ConfigureAwait(false);
        var byApplication = new Dictionary<long, List<EventScript>>();
        foreach (var row in rows.Where(r => r.IsActive))
        {
            if (EventScript.From(row) is { } script)
            {
                (byApplication.TryGetValue(row.Appid, out var list) ? list : byApplication[row.Appid] = []).Add(script);
            }
        }
        Volatile.Write(ref _scripts, byApplication);
    }

    private async Task ReloadApplicationsLockedAsync(CancellationToken cancellationToken)
    {
        var rows = await _database.ReadAsync(ApplicationMapper.AllAsync, cancellationToken).ConfigureAwait(false);
        var byId = rows.Select(ApplicationInfo.From).ToDictionary(a => a.Appid);
        Volatile.Write(ref _applications, byId);
        Volatile.Write(ref _applicationsByName, byId.Values.ToDictionary(a => (a.Account, a.Name)));
    }

    /// <summary>The registry's environment for documents read from the database, whose identities are unique there.</summary>
    private sealed class StoredEnvironment(IResourceEnvironment inner) : IResourceEnvironment
    {
        public bool ApplicationExists(string account, string application) => inner.ApplicationExists(account, application);

        public (string Account, string Application)? FindApplication(long appId) => inner.FindApplication(appId);

        public bool IdentityTaken(string account, string application, string method, string uri) => false;
    }

    /// <summary>The registry's environment, except that the resource being saved does not count as taking its own identity.</summary>
    private sealed class ExcludingEnvironment(ResourceRegistry registry, long? resid) : IResourceEnvironment
    {
        public bool ApplicationExists(string account, string application) => registry.ApplicationExists(account, application);

        public (string Account, string Application)? FindApplication(long appId) => ((IResourceEnvironment)registry).FindApplication(appId);

        public bool IdentityTaken(string account, string application, string method, string uri) =>
            registry.Routes.FindByIdentity(account, application, method, uri) is { } holder && holder.Resid != resid;
    }
}
