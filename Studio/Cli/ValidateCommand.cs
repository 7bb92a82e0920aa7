using System.CommandLine;
using ApiStudio.Engine.Http;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Resources;
using ApiStudio.Engine.Validation;

namespace ApiStudio.Studio.Cli;

/// <summary>
/// <c>validate &lt;files|folders...&gt; [--database]</c>: loads every resource file and runs the one validator on it,
/// printing each problem with its file, node and input, and each warning of a valid file (which stays valid). Without <c>--database</c> nothing is read from a database, so
/// whether the account and application exist is not checked; with it they are checked against the configured
/// database. Identities are checked within the files given (two files for the same method and uri are an error); a
/// resource already stored with the same identity is not an error, since importing the file updates it.
/// </summary>
public static class ValidateCommand
{
    /// <summary>The command.</summary>
    public static Command Create(CliContext context)
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Resource files, or folders searched for .yaml, .yml and .json files.",
            Arity = ArgumentArity.OneOrMore,
        };
        var database = new Option<bool>("--database")
        {
            Description = "Also check that each resource's account and application exist in the configured database.",
        };
        var command = new Command("validate", "Validate resource files; exit code 1 when any is invalid.") { paths, database };
        context.SetAction(command, (parsed, cancellationToken) =>
            RunAsync(context, parsed.GetValue(paths)!, parsed.GetValue(database), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string[] paths, bool useDatabase, CancellationToken cancellationToken)
    {
        var files = ResourceFiles.Find(paths);
        await using var app = useDatabase ? await context.OpenDatabaseAsync(false, cancellationToken) : context.BuildServices();
        var planner = app.Services.GetRequiredService<ResourcePlanner>();
        var validator = planner.Validator;
        var environment = useDatabase ? new ApplicationsOnly(app.Services.GetRequiredService<ResourceRegistry>()) : null;
        var identities = new Dictionary<(string, string, string, string), string>();
        var invalid = 0;
        foreach (var file in files)
        {
            var problems = new List<string>();
            var warnings = new List<string>();
            try
            {
                var document = ResourceLoader.LoadFile(file);
                foreach (var problem in validator.Validate(document, environment))
                {
                    problems.Add(CliContext.Describe(file, problem));
                }
                if (problems.Count == 0 && Owner(document, environment) is { } owner)
                {
                    var identity = (owner.Account, owner.Application, document.Method!, document.Uri!);
                    if (identities.TryGetValue(identity, out var first))
                    {
                        problems.Add($"{file}: input 'uri': {document.Method!.ToUpperInvariant()} {owner.Account}/{owner.Application}/{document.Uri} is also the identity of {first}.");
                    }
                    else
                    {
                        identities[identity] = file;
                    }
                }
                if (problems.Count == 0)
                {
                    foreach (var warning in planner.Prepare(document, environment).Warnings)
                    {
                        warnings.Add(CliContext.Describe(file, warning));
                    }
                }
            }
            catch (ResourceLoadException ex)
            {
                problems.Add(ex.Message);
            }
            if (problems.Count == 0)
            {
                await context.Output.WriteLineAsync($"ok      {file}");
                foreach (var warning in warnings)
                {
                    await context.Output.WriteLineAsync($"warning {warning}");
                }
                continue;
            }
            invalid++;
            foreach (var problem in problems)
            {
                await context.Output.WriteLineAsync($"invalid {problem}");
            }
        }
        await context.Output.WriteLineAsync($"{files.Count - invalid} valid, {invalid} invalid.");
        return invalid == 0 ? 0 : 1;
    }

    private static (string Account, string Application)? Owner(ResourceDocument document, IResourceEnvironment? environment)
    {
        if (document.Account is { } account && document.Application is { } application)
        {
            return (account, application);
        }
        return document.AppId is { } appId ? environment?.FindApplication(appId) : null;
    }

    /// <summary>The database's applications; identities are checked among the files instead (see the command).</summary>
    private sealed class ApplicationsOnly(ResourceRegistry registry) : IResourceEnvironment
    {
        public bool ApplicationExists(string account, string application) => registry.ApplicationExists(account, application);

        public (string Account, string Application)? FindApplication(long appId) =>
            ((IResourceEnvironment)registry).FindApplication(appId);

        public bool IdentityTaken(string account, string application, string method, string uri) => false;
    }
}
