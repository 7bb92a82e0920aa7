namespace ApiStudio.Engine.Storage.Mappers;

/// <summary>A row of <c>resource_drafts</c>: the unpublished document of a resource.</summary>
public sealed class ResourceDraftRow
{
    /// <summary>Resource id.</summary>
    public long Resid { get; init; }

    /// <summary>Revision of the draft: one more than the revision it was saved over.</summary>
    public long Revision { get; init; }

    /// <summary><c>yaml</c> or <c>json</c>.</summary>
    public string Format { get; init; } = "yaml";

    /// <summary>The document as written.</summary>
    public string Document { get; init; } = "";

    /// <summary>Why the document cannot be read, when it cannot.</summary>
    public string? LoadError { get; init; }

    /// <summary>The <c>name</c> of the document's header, when it reads and has one.</summary>
    public string? Name { get; init; }

    /// <summary>The <c>method</c> of the document's header (lower case), when it reads and has one.</summary>
    public string? Method { get; init; }

    /// <summary>The <c>uri</c> of the document's header, when it reads and has one.</summary>
    public string? Uri { get; init; }

    /// <summary>Last save (epoch ms).</summary>
    public long UpdatedAt { get; init; }

    /// <summary>Who saved it last, when known.</summary>
    public long? UpdatedBy { get; init; }
}

/// <summary>What is stored of a draft: the text, why it does not load (if so) and the header values it shows.</summary>
/// <param name="Format">yaml or json.</param>
/// <param name="Document">The document text.</param>
/// <param name="LoadError">Why it cannot be read, or null.</param>
/// <param name="Name">Header name, or null.</param>
/// <param name="Method">Header method (lower case), or null.</param>
/// <param name="Uri">Header uri, or null.</param>
public sealed record ResourceDraftData(string Format, string Document, string? LoadError, string? Name, string? Method, string? Uri);

/// <summary>The <c>resource_drafts</c> table: at most one draft per resource, never served.</summary>
public static class ResourceDraftMapper
{
    private const string Columns = "resid, revision, format, document, load_error, name, method, uri, updated_at, updated_by";

    /// <summary>The draft of a resource, or null.</summary>
    public static Task<ResourceDraftRow?> FindAsync(DbSession db, long resid) =>
        db.QuerySingleOrDefaultAsync<ResourceDraftRow>($"SELECT {Columns} FROM resource_drafts WHERE resid = @resid", new { resid });

    /// <summary>
    /// Saves the draft of a resource over revision <paramref name="expected"/>: the current draft's revision, or the
    /// resource's version when it has no draft. The check and the write are one statement, so of two saves over the
    /// same revision one wins and the other gets null (stale) instead of overwriting.
    /// </summary>
    public static async Task<ResourceDraftRow?> SaveAsync(DbSession db, long resid, long expected, ResourceDraftData data, long? by)
    {
        var parameters = Parameters(resid, data, by, expected);
        var revision = await db.ScalarAsync<long?>(
            "UPDATE resource_drafts SET revision = revision + 1, format = @Format, document = @Document, load_error = @LoadError, " +
            "name = @Name, method = @Method, uri = @Uri, updated_at = @now, updated_by = @by " +
            "WHERE resid = @resid AND revision = @expected RETURNING revision", parameters);
        if (revision is null)
        {
            revision = await db.ScalarAsync<long?>(
                $"INSERT INTO resource_drafts ({Columns}) " +
                "SELECT resid, version + 1, @Format, @Document, @LoadError, @Name, @Method, @Uri, @now, @by FROM resources r " +
                "WHERE resid = @resid AND version = @expected " +
                "AND NOT EXISTS (SELECT 1 FROM resource_drafts d WHERE d.resid = r.resid) RETURNING revision", parameters);
        }
        return revision is null ? null : await FindAsync(db, resid);
    }

    /// <summary>
    /// Creates a resource of application <paramref name="appid"/> that exists only as this draft (revision 1): its row
    /// has version 0, is not published, and holds a placeholder identity no request or other resource can match.
    /// </summary>
    public static async Task<ResourceDraftRow> CreateWithResourceAsync(DbSession db, long appid, ResourceDraftData data, long? by)
    {
        var now = Clock.Now();
        var resid = await db.QuerySingleAsync<long>(
            "INSERT INTO resources (appid, name, description, method, uri, ttl, format, document, version, created_at, updated_at, published) " +
            "VALUES (@appid, '', '', '', @placeholder, 0, @Format, '', 0, @now, @now, FALSE) RETURNING resid",
            new { appid, placeholder = $"~draft-{Guid.NewGuid():N}", data.Format, now });
        await db.ExecuteAsync($"INSERT INTO resource_drafts ({Columns}) " +
            "VALUES (@resid, 1, @Format, @Document, @LoadError, @Name, @Method, @Uri, @now, @by)", Parameters(resid, data, by, 0, now));
        return (await FindAsync(db, resid))!;
    }

    /// <summary>Deletes the draft of a resource when it is still at <paramref name="revision"/>; false otherwise.</summary>
    public static async Task<bool> DeleteAsync(DbSession db, long resid, long revision) =>
        await db.ExecuteAsync("DELETE FROM resource_drafts WHERE resid = @resid AND revision = @revision", new { resid, revision }) > 0;

    /// <summary>Deletes the draft of a resource; false when there is none.</summary>
    public static async Task<bool> DeleteAsync(DbSession db, long resid) =>
        await db.ExecuteAsync("DELETE FROM resource_drafts WHERE resid = @resid", new { resid }) > 0;

    private static object Parameters(long resid, ResourceDraftData data, long? by, long expected, long? now = null) => new
    {
        resid,
        expected,
        data.Format,
        data.Document,
        data.LoadError,
        data.Name,
        data.Method,
        data.Uri,
        now = now ?? Clock.Now(),
        by,
    };
}
