using System.CommandLine;
using ApiStudio.Engine.Hosting;
using ApiStudio.Engine.Http;
using ApiStudio.Engine.Resources;
using ApiStudio.Engine.Storage.Migrations;
using ApiStudio.Engine.Validation;
using ApiStudio.Studio.Hosting;

namespace ApiStudio.Studio.Cli;

/// <summary>
/// What every command shares: where it writes, the configuration overrides it was started with, and the host it
/// builds — the same services as <c>serve</c>, over the configured database, without listening.
/// </summary>
public sealed class CliContext(TextWriter output, TextWriter error, IDictionary<string, string?>? settings)
{
    /// <summary>The command's results.</summary>
    public TextWriter Output { get; } = output;

    /// <summary>Problems and the host's warnings.</summary>
    public TextWriter Error { get; } = error;

    /// <summary>Configuration that wins over appsettings.json and the environment (tests), or null.</summary>
    public IDictionary<string, string?>? Settings { get; } = settings;

    /// <summary>The host's services without touching the database (catalogue, planner, options).</summary>
    public WebApplication BuildServices(IDictionary<string, string?>? overrides = null) =>
        StudioApp.CreateBuilder([], Merge(overrides), new CliLogs(Error)).Build();

    /// <summary>
    /// The host's services over the configured database, migrated and with the route table loaded. With
    /// <paramref name="firstStart"/> an empty database is also seeded as <c>serve</c> seeds it (applications,
    /// administrator, shipped resources), for commands that write.
    /// </summary>
    public async Task<WebApplication> OpenDatabaseAsync(bool firstStart, CancellationToken cancellationToken)
    {
        var app = BuildServices();
        try
        {
            if (firstStart)
            {
                await app.Services.GetRequiredService<FirstStart>().RunAsync(cancellationToken);
            }
            else
            {
                await app.Services.GetRequiredService<Migrator>().MigrateAsync(cancellationToken);
                await app.Services.GetRequiredService<ResourceRegistry>().ReloadAsync(cancellationToken);
            }
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Wraps a command's work: the exit code it returns, or 1 with a one-line message for any error (a stack trace is
    /// never printed).
    /// </summary>
    public void SetAction(Command command, Func<ParseResult, CancellationToken, Task<int>> work) =>
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            try
            {
                return await work(parseResult, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await Error.WriteLineAsync("Cancelled.");
                return 130;
            }
            catch (ResourceValidationException ex)
            {
                foreach (var problem in ex.Errors)
                {
                    await Error.WriteLineAsync($"error: {problem}");
                }
                return 1;
            }
            catch (Exception ex)
            {
                await Error.WriteLineAsync($"error: {ex.Message}");
                return 1;
            }
        });

    /// <summary>The line of a validation error for a file: the file, then the node and the input it concerns.</summary>
    public static string Describe(string file, ValidationError problem) =>
        ValidationError.Describe(file, problem.NodeId, problem.Input, problem.Message);

    /// <summary>A validation warning as <c>file: node 'id': message</c>.</summary>
    public static string Describe(string file, ValidationWarning warning) =>
        ValidationError.Describe(file, warning.NodeId, null, warning.Message);

    private IDictionary<string, string?>? Merge(IDictionary<string, string?>? overrides)
    {
        if (overrides is null)
        {
            return Settings;
        }
        var merged = new Dictionary<string, string?>(Settings ?? new Dictionary<string, string?>(), StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in overrides)
        {
            merged[key] = value;
        }
        return merged;
    }
}
