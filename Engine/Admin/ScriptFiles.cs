using System.Text;
using ApiStudio.Engine.Http;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Scripting;
using ApiStudio.Engine.Storage;
using ApiStudio.Engine.Storage.Mappers;

namespace ApiStudio.Engine.Admin;

/// <summary>The outcome of importing one script file.</summary>
/// <param name="File">The file.</param>
/// <param name="Row">The stored script, or null when the file was not imported.</param>
/// <param name="Account">The account the script belongs to (as the file says, or the import's target).</param>
/// <param name="Application">The application the script belongs to.</param>
/// <param name="Outcome"><c>created</c>, <c>updated</c>, <c>unchanged</c> or <c>failed</c>.</param>
/// <param name="Problems">Why it was not imported, one line each, each naming the file.</param>
public sealed record ScriptImportResult(string File, ScriptRow? Row, string Account, string Application, string Outcome,
    IReadOnlyList<string> Problems)
{
    /// <summary>True when the script is stored (new, updated or unchanged).</summary>
    public bool Succeeded => Row is not null;
}

/// <summary>One script written by <see cref="ScriptFiles.ExportAsync"/>.</summary>
/// <param name="Row">The script.</param>
/// <param name="Account">Its account.</param>
/// <param name="Application">Its application.</param>
/// <param name="Path">The file written.</param>
public sealed record ScriptExport(ScriptRow Row, string Account, string Application, string Path);

/// <summary>
/// Event scripts to and from files (<see cref="ScriptFile"/>), as resources are: imported on first start and by
/// <c>apistudio import</c>, written by <c>apistudio export</c>. A file is checked as the admin API checks a script
/// (event name of its application, an engine this server allows, content the engine parses or compiles) before
/// anything is written; a script of the same application and event name is updated (a new version) unless nothing
/// changed, never duplicated.
/// </summary>
public sealed class ScriptFiles(Database database, ScriptAdmin scripts, ResourceRegistry registry)
{
    /// <summary>
    /// The script files of <paramref name="folder"/> in a stable order: those in
    /// <c>scripts/{account}/{application}/</c> at any depth.
    /// </summary>
    public static IReadOnlyList<string> Find(string folder) => Directory.Exists(folder)
        ? Directory.EnumerateFiles(folder, "*.*", SearchOption.AllDirectories).Where(ScriptFile.IsInScriptsFolder)
            .Order(StringComparer.Ordinal).ToList()
        : [];

    /// <summary>
    /// Starts an import: files given to the one import must not name the same script twice.
    /// <paramref name="target"/> moves every script to that account and application (its event name then starts with
    /// that application); <paramref name="createApplications"/> creates an account or application a file names when
    /// it does not exist.
    /// </summary>
    public ScriptImport BeginImport((string Account, string Application)? target = null, bool createApplications = false) =>
        new(this, target, createApplications);

    /// <summary>
    /// Writes every script (or those of an account, or of one application) to
    /// <c>{folder}/scripts/{account}/{application}/{event name}.{extension}</c>.
    /// </summary>
    public async Task<IReadOnlyList<ScriptExport>> ExportAsync(string folder, string? account, string? application,
        CancellationToken cancellationToken)
    {
        var (rows, applications) = await database.ReadAsync(async db =>
            (await ScriptMapper.AllAsync(db).ConfigureAwait(false), await ApplicationMapper.AllAsync(db).ConfigureAwait(false)),
            cancellationToken).ConfigureAwait(false);
        var owners = applications.ToDictionary(a => a.Appid);
        var written = new List<ScriptExport>();
        foreach (var row in rows)
        {
            var owner = owners[row.Appid];
            if ((account is not null && owner.AccountName != account) || (application is not null && owner.Name != application))
            {
                continue;
            }
            var path = ScriptFile.PathOf(folder, owner.AccountName, owner.Name, row.Name, row.Engine);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, ScriptFile.Write(row), new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
            written.Add(new ScriptExport(row, owner.AccountName, owner.Name, path));
        }
        return written;
    }

    /// <summary>Imports one file (see <see cref="ScriptImport.ImportAsync"/>).</summary>
    internal async Task<ScriptImportResult> ImportAsync(ScriptImport import, string file, CancellationToken cancellationToken)
    {
        ScriptFileContent read;
        try
        {
            read = ScriptFile.Read(file, await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false));
        }
        catch (ScriptFileException ex)
        {
            return Failed(file, "", "", ex.Message);
        }
        catch (IOException ex)
        {
            return Failed(file, "", "", $"{file}: {ex.Message}");
        }
        var (account, application) = import.Target ?? (read.Account, read.Application);
        var input = read.Script;
        if (import.Target is not null && input.Name is { } name)
        {
            var dot = name.IndexOf('.', StringComparison.Ordinal);
            input = input with { Name = application + (dot < 0 ? "" : name[dot..]) };
        }
        if (!import.Claim(account, application, input.Name!, file, out var first))
        {
            return Failed(file, account, application,
                $"{file}: script {input.Name} of {account}/{application} is also in {first}; not imported.");
        }
        var owner = await database.ReadAsync(db => ApplicationMapper.FindByNameAsync(db, account, application), cancellationToken)
            .ConfigureAwait(false);
        if (owner is null && import.CreateApplications)
        {
            owner = await CreateApplicationAsync(account, application, cancellationToken).ConfigureAwait(false);
        }
        if (owner is null)
        {
            return Failed(file, account, application,
                $"{file}: application '{application}' does not exist in account '{account}'; not imported.");
        }
        ScriptData data;
        try
        {
            data = await scripts.CheckAsync(input with { Appid = owner.Appid }, owner.Name, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiException ex)
        {
            return new ScriptImportResult(file, null, account, application, "failed",
                (ex.Details ?? [ex.Message]).Select(problem => $"{file}: {problem}").ToList());
        }
        var (row, outcome) = await database.WriteAsync("import the script", async db =>
        {
            var stored = await ScriptMapper.FindByNameAsync(db, owner.Appid, data.Name).ConfigureAwait(false);
            if (stored is not null && Same(stored, data))
            {
                return (stored, "unchanged");
            }
            await scripts.AnnounceAsync(db, owner.Appid).ConfigureAwait(false);
            return stored is null
                ? (await ScriptMapper.CreateAsync(db, owner.Appid, data, null).ConfigureAwait(false), "created")
                : (await ScriptMapper.UpdateAsync(db, stored.Sid, data, null).ConfigureAwait(false) ?? stored, "updated");
        }, cancellationToken).ConfigureAwait(false);
        if (outcome != "unchanged")
        {
            await scripts.AppliedAsync(row.Sid, cancellationToken).ConfigureAwait(false);
        }
        return new ScriptImportResult(file, row, account, application, outcome, []);
    }

    private static bool Same(ScriptRow row, ScriptData data) =>
        row.Engine == data.Engine && row.Content == data.Content && row.IsActive == data.IsActive
        && row.AllowEventModification == data.AllowEventModification && row.Queue == data.Queue && row.Delay == data.Delay
        && row.Tries == data.Tries && row.Timeout == data.Timeout;

    private async Task<ApplicationRow?> CreateApplicationAsync(string account, string application, CancellationToken cancellationToken)
    {
        if (!AdminPatterns.Segment().IsMatch(account) || !AdminPatterns.Segment().IsMatch(application))
        {
            return null;
        }
        var created = await database.WriteAsync("create the application", async db =>
        {
            var owner = await AccountMapper.FindByNameAsync(db, account).ConfigureAwait(false)
                ?? await AccountMapper.CreateAsync(db, account).ConfigureAwait(false);
            var found = await ApplicationMapper.FindByNameAsync(db, account, application).ConfigureAwait(false);
            if (found is null)
            {
                found = await ApplicationMapper.CreateAsync(db, owner.Accid, application).ConfigureAwait(false);
                await registry.Changes.AnnounceAsync(db, ChangeFeed.Applications, found.Appid).ConfigureAwait(false);
            }
            return found;
        }, cancellationToken).ConfigureAwait(false);
        await registry.ReloadApplicationsAsync(cancellationToken).ConfigureAwait(false);
        return await database.ReadAsync(db => ApplicationMapper.FindByIdAsync(db, created.Appid), cancellationToken).ConfigureAwait(false);
    }

    private static ScriptImportResult Failed(string file, string account, string application, string problem) =>
        new(file, null, account, application, "failed", [problem]);
}

/// <summary>One import of script files (<see cref="ScriptFiles.BeginImport"/>): remembers which file named which script.</summary>
public sealed class ScriptImport
{
    private readonly ScriptFiles _files;
    private readonly Dictionary<(string, string, string), string> _claimed = [];

    internal ScriptImport(ScriptFiles files, (string Account, string Application)? target, bool createApplications)
    {
        _files = files;
        Target = target;
        CreateApplications = createApplications;
    }

    /// <summary>The account and application every script is moved to, or null.</summary>
    public (string Account, string Application)? Target { get; }

    /// <summary>True when missing accounts and applications are created.</summary>
    public bool CreateApplications { get; }

    /// <summary>
    /// Imports one file; never throws for a bad file (its problems, each naming the file, are in the result): a file
    /// that is not a script file, a header it cannot read, an application that does not exist, any problem the admin
    /// API would report (the engine's parse or compile error with its line among them).
    /// </summary>
    public Task<ScriptImportResult> ImportAsync(string file, CancellationToken cancellationToken) =>
        _files.ImportAsync(this, file, cancellationToken);

    internal bool Claim(string account, string application, string name, string file, out string first)
    {
        if (_claimed.TryGetValue((account, application, name), out first!))
        {
            return false;
        }
        _claimed[(account, application, name)] = file;
        first = file;
        return true;
    }
}
