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

    /// <summary>Last save (epoch ms).</summary>
    public long UpdatedAt { get; init; }

    /// <summary>Who saved it last, when known.</summary>
    public long? UpdatedBy { get; init; }
}

/// <summary>The <c>resource_drafts</c> table: at most one draft per resource, never served.</summary>
public static class ResourceDraftMapper
{
    /// <summary>The draft of a resource, or null.</summary>
    public static Task<ResourceDraftRow?> FindAsync(DbSession db, long resid) =>
        db.QuerySingleOrDefaultAsync<ResourceDraftRow>(
            "SELECT resid, revision, format, document, load_error, updated_at, updated_by FROM resource_drafts WHERE resid = @resid",
            new { resid });

    /// <summary>
    /// Saves the draft of a resource over revision <paramref name="expected"/>: the current draft's revision, or the
    /// resource's version when it has no draft. The check and the write are one statement, so of two saves over the
    /// same revision one wins and the other gets null (stale) instead of overwriting.
    /// </summary>
    public static async Task<ResourceDraftRow?> SaveAsync(DbSession db, long resid, long expected, string format, string document,
        string? loadError, long? by)
    {
        var now = Clock.Now();
        var parameters = new { resid, expected, format, document, loadError, now, by };
        var revision = await db.ScalarAsync<long?>(
            "UPDATE resource_drafts SET revision = revision + 1, format = @format, document = @document, load_error = @loadError, " +
            "updated_at = @now, updated_by = @by WHERE resid = @resid AND revision = @expected RETURNING revision", parameters);
        if (revision is null)
        {
            revision = await db.ScalarAsync<long?>(
                "INSERT INTO resource_drafts (resid, revision, format, document, load_error, updated_at, updated_by) " +
                "SELECT resid, version + 1, @format, @document, @loadError, @now, @by FROM resources r WHERE resid = @resid AND version = @expected " +
                "AND NOT EXISTS (SELECT 1 FROM resource_drafts d WHERE d.resid = r.resid) RETURNING revision", parameters);
        }
        return revision is null ? null : await FindAsync(db, resid);
    }

    /// <summary>Deletes the draft of a resource when it is still at <paramref name="revision"/>; false otherwise.</summary>
    public static async Task<bool> DeleteAsync(DbSession db, long resid, long revision) =>
        await db.ExecuteAsync("DELETE FROM resource_drafts WHERE resid = @resid AND revision = @revision", new { resid, revision }) > 0;

    /// <summary>Deletes the draft of a resource; false when there is none.</summary>
    public static async Task<bool> DeleteAsync(DbSession db, long resid) =>
        await db.ExecuteAsync("DELETE FROM resource_drafts WHERE resid = @resid", new { resid }) > 0;
}
