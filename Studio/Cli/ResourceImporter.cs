using ApiStudio.Engine.Http;
using ApiStudio.Engine.Resources;
using ApiStudio.Engine.Storage;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Engine.Validation;

namespace ApiStudio.Studio.Cli;

/// <summary>The outcome of importing one file.</summary>
/// <param name="File">The file.</param>
/// <param name="Row">The stored resource, or null when the file was not imported.</param>
/// <param name="Outcome"><c>created</c>, <c>updated</c>, <c>unchanged</c> or <c>failed</c>.</param>
/// <param name="Problems">Why it was not imported, one line each.</param>
public sealed record ImportResult(string File, ResourceRow? Row, string Outcome, IReadOnlyList<string> Problems)
{
    /// <summary>True when the file is stored (new, updated or unchanged).</summary>
    public bool Succeeded => Row is not null;

    /// <summary>What publishing the file warned about (it is stored nonetheless), one line each.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>
/// Imports resource files into a database through <see cref="ResourceRegistry.SaveAsync"/> (validated before anything
/// is written): a file whose identity (account, application, method, uri) is already stored becomes a new version of
/// that resource, unless its text is the same (then nothing is written); two files of one import with the same
/// identity are refused. Used by <c>import</c> and by <c>test</c> (which imports into a temporary database).
/// </summary>
public sealed class ResourceImporter(ResourceRegistry registry, Database database)
{
    private readonly Dictionary<(string, string, string, string), string> _identities = [];

    /// <summary>Rewrite every document to this account and application before saving (null: as written).</summary>
    public (string Account, string Application)? Target { get; init; }

    /// <summary>Create an account or application a document names when it does not exist.</summary>
    public bool CreateApplications { get; init; }

    /// <summary>Imports one file; never throws for a bad file (its problems are in the result).</summary>
    public async Task<ImportResult> ImportAsync(string file, CancellationToken cancellationToken)
    {
        try
        {
            var text = await File.ReadAllTextAsync(file, cancellationToken);
            var format = ResourceLoader.FormatOf(file);
            var document = ResourceLoader.Load(text, file, format);
            if (Target is { } target)
            {
                text = HeaderRewriter.SetApplication(text, format, file, target.Account, target.Application);
                document = ResourceLoader.Load(text, file, format);
            }
            long? resid = null;
            if (Owner(document) is { } owner && document.Method is { } method && document.Uri is { } uri)
            {
                var application = registry.FindApplication(owner.Account, owner.Application);
                if (application is null && CreateApplications)
                {
                    application = await CreateApplicationAsync(owner.Account, owner.Application, cancellationToken);
                }
                if (application is not null)
                {
                    var identity = (owner.Account, owner.Application, method, uri);
                    if (_identities.TryGetValue(identity, out var first))
                    {
                        return Failed(file,
                            $"{file}: input 'uri': {method.ToUpperInvariant()} {owner.Account}/{owner.Application}/{uri} is also the identity of {first}; not imported.");
                    }
                    _identities[identity] = file;
                    var stored = await database.ReadAsync(db => ResourceMapper.FindByIdentityAsync(db, application.Appid, method, uri), cancellationToken);
                    if (stored is not null && stored.Document == text)
                    {
                        return new ImportResult(file, stored, "unchanged", []);
                    }
                    resid = stored?.Resid;
                }
            }
            var (row, published) = await registry.PublishAsync(text, format, file, resid, cancellationToken: cancellationToken);
            return new ImportResult(file, row, resid is null ? "created" : "updated", [])
            {
                Warnings = published.Resource.Warnings.Select(warning => CliContext.Describe(file, warning)).ToList(),
            };
        }
        catch (ResourceLoadException ex)
        {
            return Failed(file, ex.Message);
        }
        catch (ResourceValidationException ex)
        {
            return new ImportResult(file, null, "failed", ex.Errors.Select(e => CliContext.Describe(file, e)).ToList());
        }
        catch (IOException ex)
        {
            return Failed(file, $"{file}: {ex.Message}");
        }
    }

    private (string Account, string Application)? Owner(ResourceDocument document)
    {
        if (document.Account is { } account && document.Application is { } application)
        {
            return (account, application);
        }
        return document.AppId is { } appId && registry.Applications.TryGetValue(appId, out var found) ? (found.Account, found.Name) : null;
    }

    private async Task<ApplicationInfo?> CreateApplicationAsync(string account, string application, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(account) || string.IsNullOrWhiteSpace(application))
        {
            return null;
        }
        await database.InTransactionAsync(async db =>
        {
            var owner = await AccountMapper.FindByNameAsync(db, account) ?? await AccountMapper.CreateAsync(db, account);
            if (await ApplicationMapper.FindByNameAsync(db, account, application) is null)
            {
                var created = await ApplicationMapper.CreateAsync(db, owner.Accid, application);
                await registry.Changes.AnnounceAsync(db, ChangeFeed.Applications, created.Appid);
            }
        }, cancellationToken);
        await registry.ReloadApplicationsAsync(cancellationToken);
        return registry.FindApplication(account, application);
    }

    private static ImportResult Failed(string file, string problem) => new(file, null, "failed", [problem]);
}
