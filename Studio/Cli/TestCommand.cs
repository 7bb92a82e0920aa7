using System.CommandLine;
using System.Security.Cryptography;
using ApiStudio.Engine.Hosting;
using ApiStudio.Engine.Http;
using ApiStudio.Engine.Storage;
using ApiStudio.Engine.Testing;
using ApiStudio.Studio.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace ApiStudio.Studio.Cli;

/// <summary>
/// <c>test [&lt;files|folders...&gt;]</c>: runs the <c>tests:</c> examples of every resource through the real pipeline.
/// A host is started on a free loopback port over a temporary SQLite database (the configured database is never
/// touched); the files are imported into it (accounts and applications they name are created), then every example is
/// sent over HTTP and its answer compared. Prints one line per example and <c>N passed, N failed</c>; the exit code
/// is 1 when an example failed or a file could not be imported. The default folder is the configured resources folder.
/// </summary>
public static class TestCommand
{
    /// <summary>The command.</summary>
    public static Command Create(CliContext context)
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Resource files or folders (default: the configured resources folder).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command("test", "Run the tests: examples of resources against a temporary host.") { paths };
        context.SetAction(command, (parsed, cancellationToken) => RunAsync(context, parsed.GetValue(paths) ?? [], cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string[] paths, CancellationToken cancellationToken)
    {
        if (paths.Length == 0)
        {
            await using var services = context.BuildServices();
            paths = [services.Services.GetRequiredService<IOptions<ApiStudioOptions>>().Value.ResourcesPath];
        }
        var files = ResourceFiles.Find(paths);
        var folder = Path.Combine(Path.GetTempPath(), "apistudio-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(folder, "resources"));
        try
        {
            return await RunInFolderAsync(context, files, folder, cancellationToken);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open is left for the system's temporary-file cleanup.
            }
        }
    }

    private static async Task<int> RunInFolderAsync(CliContext context, IReadOnlyList<string> files, string folder, CancellationToken cancellationToken)
    {
        var overrides = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["ApiStudio:Database:Provider"] = "sqlite",
            ["ApiStudio:Database:ConnectionString"] = $"Data Source={Path.Combine(folder, "apistudio.db")}",
            ["ApiStudio:Admin:Password"] = RandomNumberGenerator.GetHexString(32),
            ["ApiStudio:ResourcesPath"] = Path.Combine(folder, "resources"),
        };
        var settings = new Dictionary<string, string?>(context.Settings ?? new Dictionary<string, string?>(), StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }
        await using var app = await StudioApp.BuildAsync([], settings, new CliLogs(context.Error));
        await app.StartAsync(cancellationToken);
        try
        {
            var registry = app.Services.GetRequiredService<ResourceRegistry>();
            var importer = new ResourceImporter(registry, app.Services.GetRequiredService<Database>()) { CreateApplications = true };
            var imported = new List<(string File, long Resid)>();
            var notImported = 0;
            foreach (var file in files)
            {
                var result = await importer.ImportAsync(file, cancellationToken);
                if (result.Row is { } row)
                {
                    imported.Add((file, row.Resid));
                    continue;
                }
                notImported++;
                foreach (var problem in result.Problems)
                {
                    await context.Output.WriteLineAsync($"ERROR {problem}");
                }
            }
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var client = new HttpClient { BaseAddress = new Uri(address.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(100) };
            var basePath = app.Services.GetRequiredService<IOptions<ApiStudioOptions>>().Value.ApiBasePath;
            var (passed, failed) = (0, 0);
            foreach (var (file, resid) in imported)
            {
                var published = registry.Routes.Resources.FirstOrDefault(r => r.Resid == resid);
                if (published is null)
                {
                    continue;
                }
                var examples = ResourceExample.Parse(published.Resource.Document.Tests, new List<string>());
                var wrap = registry.Applications[published.Appid].Settings.Wrap;
                foreach (var example in examples)
                {
                    var failures = await ExampleRunner.RunAsync(client, basePath, published.Resource, wrap, example, cancellationToken);
                    if (failures.Count == 0)
                    {
                        passed++;
                        await context.Output.WriteLineAsync($"PASS  {file}: {example.Name}");
                        continue;
                    }
                    failed++;
                    await context.Output.WriteLineAsync($"FAIL  {file}: {example.Name}");
                    foreach (var failure in failures)
                    {
                        await context.Output.WriteLineAsync($"      {failure}");
                    }
                }
            }
            await context.Output.WriteLineAsync($"{passed} passed, {failed} failed.");
            if (notImported > 0)
            {
                await context.Output.WriteLineAsync($"{notImported} files could not be imported; their tests did not run.");
            }
            return failed == 0 && notImported == 0 ? 0 : 1;
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
        }
    }
}
