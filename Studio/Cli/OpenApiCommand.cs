using System.CommandLine;
using System.Text;
using ApiStudio.Engine.OpenApi;
using ApiStudio.Engine.Values;

namespace ApiStudio.Studio.Cli;

/// <summary>
/// <c>openapi &lt;account&gt;/&lt;application&gt; [--out file]</c>: prints (or writes) the application's OpenAPI 3
/// document, generated from its resources in the configured database — the document the host serves at
/// <c>/api/{account}/{application}/openapi.json</c>.
/// </summary>
public static class OpenApiCommand
{
    /// <summary>The command.</summary>
    public static Command Create(CliContext context)
    {
        var application = new Argument<string>("application") { Description = "The application as account/application." };
        var output = new Option<string>("--out") { Description = "Write the document to this file instead of the output." };
        var command = new Command("openapi", "Print the OpenAPI 3 document of an application.") { application, output };
        context.SetAction(command, (parsed, cancellationToken) =>
            RunAsync(context, parsed.GetValue(application)!, parsed.GetValue(output), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string name, string? file, CancellationToken cancellationToken)
    {
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == name.Length - 1 || name.IndexOf('/', slash + 1) >= 0)
        {
            throw new CliException($"'{name}' is not account/application.");
        }
        var (account, application) = (name[..slash], name[(slash + 1)..]);
        await using var app = await context.OpenDatabaseAsync(false, cancellationToken);
        var document = app.Services.GetRequiredService<OpenApiDocuments>().Document(account, application)
            ?? throw new CliException($"Application '{application}' does not exist in account '{account}'.");
        var json = PlainJson.Serialize(document, indented: true);
        if (file is null)
        {
            await context.Output.WriteLineAsync(json);
            return 0;
        }
        file = CliPaths.Output(file);
        var folder = Path.GetDirectoryName(Path.GetFullPath(file));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }
        await File.WriteAllTextAsync(file, json + "\n", new UTF8Encoding(false), cancellationToken);
        await context.Output.WriteLineAsync($"Wrote the OpenAPI document of {account}/{application} to {file}.");
        return 0;
    }
}
