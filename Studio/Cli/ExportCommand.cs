using System.CommandLine;
using System.Text;
using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Storage;
using ApiStudio.Engine.Storage.Mappers;

namespace ApiStudio.Studio.Cli;

/// <summary>
/// <c>export --out &lt;folder&gt; [--account A [--application B]]</c>: writes each stored resource document, exactly
/// as stored, to <c>{out}/{account}/{application}/{uri with / as _}.{method}.{yaml|json}</c>, so an application can
/// live in git, and each event script to <c>{out}/scripts/{account}/{application}/{event name}.{js|cs|mjs|py}</c>
/// with its settings in a header line (<see cref="ScriptFile"/>); <c>import</c> reads the folder back.
/// </summary>
public static class ExportCommand
{
    /// <summary>The command.</summary>
    public static Command Create(CliContext context)
    {
        var output = new Option<string>("--out") { Description = "The folder to write into (created when missing).", Required = true };
        var account = new Option<string>("--account") { Description = "Only the resources and scripts of this account." };
        var application = new Option<string>("--application") { Description = "Only the resources and scripts of this application (with --account)." };
        var command = new Command("export", "Export stored resources and event scripts as files, one folder per account and application.")
        {
            output, account, application,
        };
        context.SetAction(command, (parsed, cancellationToken) => RunAsync(context, parsed.GetValue(output)!,
            parsed.GetValue(account), parsed.GetValue(application), cancellationToken));
        return command;
    }

    /// <summary>The file name of a resource: its uri with <c>/</c> as <c>_</c>, then the method and the format.</summary>
    public static string FileName(string uri, string method, string format) =>
        $"{uri.Replace('/', '_')}.{method}.{(format == "json" ? "json" : "yaml")}";

    private static async Task<int> RunAsync(CliContext context, string folder, string? account, string? application,
        CancellationToken cancellationToken)
    {
        if (application is not null && account is null)
        {
            throw new CliException("--application needs --account.");
        }
        folder = CliPaths.Output(folder);
        await using var app = await context.OpenDatabaseAsync(false, cancellationToken);
        var database = app.Services.GetRequiredService<Database>();
        var rows = await database.ReadAsync(ResourceMapper.AllAsync, cancellationToken);
        if (account is not null)
        {
            var known = await database.ReadAsync(async db => application is null
                ? await AccountMapper.FindByNameAsync(db, account) is not null
                : await ApplicationMapper.FindByNameAsync(db, account, application) is not null, cancellationToken);
            if (!known)
            {
                throw new CliException(application is null
                    ? $"Account '{account}' does not exist."
                    : $"Application '{application}' does not exist in account '{account}'.");
            }
            rows = rows.Where(r => r.AccountName == account && (application is null || r.ApplicationName == application)).ToList();
        }
        var written = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in rows)
        {
            var directory = Path.Combine(folder, row.AccountName, row.ApplicationName);
            Directory.CreateDirectory(directory);
            var path = Path.Combine(directory, FileName(row.Uri, row.Method, row.Format));
            if (!written.Add(path))
            {
                // Two uris that differ only by / versus _ (or by case, on a case-insensitive file system): keep both.
                path = Path.Combine(directory, FileName($"{row.Uri}.{row.Resid}", row.Method, row.Format));
                written.Add(path);
            }
            await File.WriteAllTextAsync(path, row.Document, new UTF8Encoding(false), cancellationToken);
            await context.Output.WriteLineAsync($"exported {row.Method.ToUpperInvariant()} {row.AccountName}/{row.ApplicationName}/{row.Uri} -> {path}");
        }
        await context.Output.WriteLineAsync($"{rows.Count} resources exported to {folder}.");
        var scripts = await app.Services.GetRequiredService<ScriptFiles>().ExportAsync(folder, account, application, cancellationToken);
        foreach (var script in scripts)
        {
            await context.Output.WriteLineAsync($"exported script {script.Account}/{script.Application}/{script.Row.Name} -> {script.Path}");
        }
        if (scripts.Count > 0)
        {
            await context.Output.WriteLineAsync($"{scripts.Count} scripts exported to {folder}.");
        }
        return 0;
    }
}
