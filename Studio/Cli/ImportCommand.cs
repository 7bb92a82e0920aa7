using System.CommandLine;
using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Http;
using ApiStudio.Engine.Storage;

namespace ApiStudio.Studio.Cli;

/// <summary>
/// <c>import &lt;files|folders...&gt; [--account A --application B] [--create]</c>: saves resource files into the
/// configured database (validated first; an existing identity gets a new version), reporting each file. With
/// <c>--account</c>/<c>--application</c> every document's header is rewritten to that application before it is saved.
/// Event script files (<see cref="ScriptFile"/>: <c>scripts/{account}/{application}/{event name}.{js|cs|mjs|py}</c>)
/// are imported after the resources, under the same rules: checked first, an existing script of the same event gets a
/// new version, a bad file is reported and the others are imported.
/// </summary>
public static class ImportCommand
{
    /// <summary>The command.</summary>
    public static Command Create(CliContext context)
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Resource and script files, or folders searched for .yaml, .yml and .json files and for scripts/{account}/{application}/ script files.",
            Arity = ArgumentArity.OneOrMore,
        };
        var account = new Option<string>("--account") { Description = "Import into this account (rewrites each document's header)." };
        var application = new Option<string>("--application") { Description = "Import into this application (with --account)." };
        var create = new Option<bool>("--create") { Description = "Create accounts and applications the documents name when missing." };
        var command = new Command("import", "Import resource files into the configured database.") { paths, account, application, create };
        context.SetAction(command, (parsed, cancellationToken) => RunAsync(context, parsed.GetValue(paths)!,
            CliTarget.From(parsed.GetValue(account), parsed.GetValue(application)), parsed.GetValue(create), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string[] paths, (string, string)? target, bool create,
        CancellationToken cancellationToken)
    {
        var (files, scriptFiles) = ResourceFiles.FindWithScripts(paths);
        await using var app = await context.OpenDatabaseAsync(true, cancellationToken);
        var registry = app.Services.GetRequiredService<ResourceRegistry>();
        if (target is { } wanted && !create && registry.FindApplication(wanted.Item1, wanted.Item2) is null)
        {
            throw new CliException($"Application '{wanted.Item2}' does not exist in account '{wanted.Item1}' (add --create to create it).");
        }
        var importer = new ResourceImporter(registry, app.Services.GetRequiredService<Database>())
        {
            Target = target,
            CreateApplications = create,
        };
        var failed = 0;
        foreach (var file in files)
        {
            var result = await importer.ImportAsync(file, cancellationToken);
            if (result.Row is { } row)
            {
                await context.Output.WriteLineAsync(
                    $"{result.Outcome,-9} {file} -> {row.Method.ToUpperInvariant()} {row.AccountName}/{row.ApplicationName}/{row.Uri} (resource {row.Resid}, version {row.Version})");
                foreach (var warning in result.Warnings)
                {
                    await context.Output.WriteLineAsync($"warning   {warning}");
                }
                continue;
            }
            failed++;
            foreach (var problem in result.Problems)
            {
                await context.Output.WriteLineAsync($"failed    {problem}");
            }
        }
        var scripts = app.Services.GetRequiredService<ScriptFiles>().BeginImport(target, create);
        foreach (var file in scriptFiles)
        {
            var result = await scripts.ImportAsync(file, cancellationToken);
            if (result.Row is { } row)
            {
                await context.Output.WriteLineAsync(
                    $"{result.Outcome,-9} {file} -> script {result.Account}/{result.Application}/{row.Name} (script {row.Sid}, version {row.Version})");
                continue;
            }
            failed++;
            foreach (var problem in result.Problems)
            {
                await context.Output.WriteLineAsync($"failed    {problem}");
            }
        }
        await context.Output.WriteLineAsync($"{files.Count + scriptFiles.Count - failed} imported, {failed} failed.");
        return failed == 0 ? 0 : 1;
    }
}
