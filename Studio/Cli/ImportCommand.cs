using System.CommandLine;
using ApiStudio.Engine.Http;
using ApiStudio.Engine.Storage;

namespace ApiStudio.Studio.Cli;

/// <summary>
/// <c>import &lt;files|folders...&gt; [--account A --application B] [--create]</c>: saves resource files into the
/// configured database (validated first; an existing identity gets a new version), reporting each file. With
/// <c>--account</c>/<c>--application</c> every document's header is rewritten to that application before it is saved.
/// </summary>
public static class ImportCommand
{
    /// <summary>The command.</summary>
    public static Command Create(CliContext context)
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Resource files, or folders searched for .yaml, .yml and .json files.",
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
        var files = ResourceFiles.Find(paths);
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
        await context.Output.WriteLineAsync($"{files.Count - failed} imported, {failed} failed.");
        return failed == 0 ? 0 : 1;
    }
}
