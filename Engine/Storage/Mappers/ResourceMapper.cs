namespace ApiStudio.Engine.Storage.Mappers;

/// <summary>The states a resource is listed with.</summary>
public static class ResourceStatus
{
    /// <summary>Served, no draft waiting.</summary>
    public const string Published = "published";

    /// <summary>Served, and a draft waits to be published.</summary>
    public const string PublishedWithDraft = "published_with_draft";

    /// <summary>Never published: the resource exists only as its draft and is not served.</summary>
    public const string Draft = "draft";
}

/// <summary>A row of <c>resources</c>: the current version of a resource document, with its identity.</summary>
public sealed class ResourceRow
{
    /// <summary>Resource id.</summary>
    public long Resid { get; init; }

    /// <summary>Application id.</summary>
    public long Appid { get; init; }

    /// <summary>Account name (joined).</summary>
    public string AccountName { get; init; } = "";

    /// <summary>Application name (joined).</summary>
    public string ApplicationName { get; init; } = "";

    /// <summary>Human title.</summary>
    public string Name { get; init; } = "";

    /// <summary>Description.</summary>
    public string Description { get; init; } = "";

    /// <summary>Lower-case method.</summary>
    public string Method { get; init; } = "";

    /// <summary>Uri without leading slash.</summary>
    public string Uri { get; init; } = "";

    /// <summary>Cache seconds.</summary>
    public long Ttl { get; init; }

    /// <summary><c>yaml</c> or <c>json</c>: the syntax of <see cref="Document"/>.</summary>
    public string Format { get; init; } = "yaml";

    /// <summary>The document as written.</summary>
    public string Document { get; init; } = "";

    /// <summary>Version number, starting at 1; every save adds one.</summary>
    public long Version { get; init; }

    /// <summary>Creation time (epoch ms).</summary>
    public long CreatedAt { get; init; }

    /// <summary>Last change (epoch ms).</summary>
    public long UpdatedAt { get; init; }

    /// <summary>Who saved the version served, when known.</summary>
    public long? UpdatedBy { get; init; }

    /// <summary>The user name of <see cref="UpdatedBy"/>, while that user exists.</summary>
    public string? UpdatedByName { get; init; }

    /// <summary>
    /// <c>published</c>, <c>published_with_draft</c> while a draft waits to be published, or <c>draft</c> for a resource
    /// that was never published (version 0; its name, method and uri are those of its draft).
    /// </summary>
    public string Status { get; init; } = ResourceStatus.Published;
}

/// <summary>A previous version of a resource.</summary>
public sealed class ResourceVersionRow
{
    /// <summary>Resource id.</summary>
    public long Resid { get; init; }

    /// <summary>Version number.</summary>
    public long Version { get; init; }

    /// <summary><c>yaml</c> or <c>json</c>.</summary>
    public string Format { get; init; } = "yaml";

    /// <summary>The document of that version.</summary>
    public string Document { get; init; } = "";

    /// <summary>When it was saved (epoch ms).</summary>
    public long CreatedAt { get; init; }

    /// <summary>Who saved it, when known.</summary>
    public long? CreatedBy { get; init; }
}

/// <summary>What is stored of a resource: identity, header values and the document.</summary>
/// <param name="Appid">Application id.</param>
/// <param name="Name">Title.</param>
/// <param name="Description">Description.</param>
/// <param name="Method">Lower-case method.</param>
/// <param name="Uri">Uri.</param>
/// <param name="Ttl">Cache seconds.</param>
/// <param name="Format">yaml or json.</param>
/// <param name="Document">The document text.</param>
public sealed record ResourceData(long Appid, string Name, string Description, string Method, string Uri, long Ttl, string Format, string Document);

/// <summary>
/// The <c>resources</c> and <c>resource_versions</c> tables. Every save writes the new document to the history too,
/// so any version can be shown, diffed or restored.
/// </summary>
public static class ResourceMapper
{
    // A resource never published shows the header values of its draft (its own identity columns are placeholders).
    private const string Select =
        "SELECT r.resid, r.appid, c.name AS account_name, a.name AS application_name, " +
        "CASE WHEN r.published THEN r.name ELSE COALESCE(d.name, '') END AS name, r.description, " +
        "CASE WHEN r.published THEN r.method ELSE COALESCE(d.method, '') END AS method, " +
        "CASE WHEN r.published THEN r.uri ELSE COALESCE(d.uri, '') END AS uri, " +
        "r.ttl, CASE WHEN r.published THEN r.format ELSE COALESCE(d.format, r.format) END AS format, r.document, r.version, r.created_at, r.updated_at, " +
        "CASE WHEN r.published THEN (SELECT v.created_by FROM resource_versions v WHERE v.resid = r.resid AND v.version = r.version) " +
        "ELSE d.updated_by END AS updated_by, " +
        "(SELECT u.username FROM users u WHERE u.uid = CASE WHEN r.published THEN " +
        "(SELECT v.created_by FROM resource_versions v WHERE v.resid = r.resid AND v.version = r.version) ELSE d.updated_by END) AS updated_by_name, " +
        "CASE WHEN NOT r.published THEN 'draft' WHEN d.resid IS NULL THEN 'published' ELSE 'published_with_draft' END AS status " +
        "FROM resources r JOIN applications a ON a.appid = r.appid JOIN accounts c ON c.accid = a.accid LEFT JOIN resource_drafts d ON d.resid = r.resid";

    /// <summary>Inserts a resource as version 1.</summary>
    public static async Task<ResourceRow> CreateAsync(DbSession db, ResourceData data, long? by = null)
    {
        var now = Clock.Now();
        var resid = await db.QuerySingleAsync<long>(
            "INSERT INTO resources (appid, name, description, method, uri, ttl, format, document, version, created_at, updated_at) " +
            "VALUES (@Appid, @Name, @Description, @Method, @Uri, @Ttl, @Format, @Document, 1, @now, @now) RETURNING resid",
            new { data.Appid, data.Name, data.Description, data.Method, data.Uri, data.Ttl, data.Format, data.Document, now });
        await AddVersionAsync(db, resid, 1, data, now, by);
        return (await FindByIdAsync(db, resid))!;
    }

    /// <summary>Saves a new version of a resource (the first, for one that existed only as a draft); null when it does not exist.</summary>
    public static async Task<ResourceRow?> UpdateAsync(DbSession db, long resid, ResourceData data, long? by = null)
    {
        var now = Clock.Now();
        var version = await db.ScalarAsync<long?>(
            "UPDATE resources SET appid = @Appid, name = @Name, description = @Description, method = @Method, uri = @Uri, ttl = @Ttl, " +
            "format = @Format, document = @Document, version = version + 1, updated_at = @now, published = TRUE WHERE resid = @resid RETURNING version",
            new { resid, data.Appid, data.Name, data.Description, data.Method, data.Uri, data.Ttl, data.Format, data.Document, now });
        if (version is null)
        {
            return null;
        }
        await AddVersionAsync(db, resid, version.Value, data, now, by);
        return await FindByIdAsync(db, resid);
    }

    /// <summary>The resource with this id, or null.</summary>
    public static Task<ResourceRow?> FindByIdAsync(DbSession db, long resid) =>
        db.QuerySingleOrDefaultAsync<ResourceRow>($"{Select} WHERE r.resid = @resid", new { resid });

    /// <summary>The published resource with this identity, or null.</summary>
    public static Task<ResourceRow?> FindByIdentityAsync(DbSession db, long appid, string method, string uri) =>
        db.QuerySingleOrDefaultAsync<ResourceRow>($"{Select} WHERE r.appid = @appid AND r.method = @method AND r.uri = @uri AND r.published",
            new { appid, method, uri });

    /// <summary>Every published resource (what the route table and the export are built from).</summary>
    public static Task<List<ResourceRow>> AllAsync(DbSession db) =>
        db.QueryAsync<ResourceRow>($"{Select} WHERE r.published ORDER BY c.name, a.name, r.uri, r.method");

    /// <summary>Every resource of one application, or of all when <paramref name="appid"/> is null, those that exist only as a draft included.</summary>
    public static Task<List<ResourceRow>> ListAsync(DbSession db, long? appid = null) =>
        db.QueryAsync<ResourceRow>(appid is null
            ? $"{Select} ORDER BY c.name, a.name, r.uri, r.method, r.resid"
            : $"{Select} WHERE r.appid = @appid ORDER BY r.uri, r.method, r.resid", new { appid });

    /// <summary>How many resources the applications of an account hold.</summary>
    public static Task<long> CountByAccountAsync(DbSession db, long accid) =>
        db.QuerySingleAsync<long>("SELECT COUNT(*) FROM resources r JOIN applications a ON a.appid = r.appid WHERE a.accid = @accid", new { accid });

    /// <summary>How many resources an application holds.</summary>
    public static Task<long> CountByApplicationAsync(DbSession db, long appid) =>
        db.QuerySingleAsync<long>("SELECT COUNT(*) FROM resources WHERE appid = @appid", new { appid });

    /// <summary>The stored versions of a resource, newest first.</summary>
    public static Task<List<ResourceVersionRow>> VersionsAsync(DbSession db, long resid) =>
        db.QueryAsync<ResourceVersionRow>(
            "SELECT resid, version, format, document, created_at, created_by FROM resource_versions WHERE resid = @resid ORDER BY version DESC",
            new { resid });

    /// <summary>Deletes a resource and its history; false when it does not exist.</summary>
    public static async Task<bool> DeleteAsync(DbSession db, long resid) =>
        await db.ExecuteAsync("DELETE FROM resources WHERE resid = @resid", new { resid }) > 0;

    /// <summary>Deletes a resource that was never published (it has nothing left once its draft goes); false otherwise.</summary>
    public static async Task<bool> DeleteUnpublishedAsync(DbSession db, long resid) =>
        await db.ExecuteAsync("DELETE FROM resources WHERE resid = @resid AND NOT published", new { resid }) > 0;

    private static Task AddVersionAsync(DbSession db, long resid, long version, ResourceData data, long now, long? by) =>
        db.ExecuteAsync(
            "INSERT INTO resource_versions (resid, version, format, document, created_at, created_by) VALUES (@resid, @version, @Format, @Document, @now, @by)",
            new { resid, version, data.Format, data.Document, now, by });
}
