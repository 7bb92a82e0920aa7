using System.CommandLine;
using ApiStudio.Studio.Hosting;

namespace ApiStudio.Studio.Cli;

/// <summary>
/// <c>serve</c> (also what runs with no command): the HTTP host. Arguments it does not know are passed on as
/// configuration (<c>--urls http://0.0.0.0:8080</c>, <c>--ApiStudio:ApiBasePath=v1</c>).
/// </summary>
public static class ServeCommand
{
    /// <summary>The command.</summary>
    public static Command Create(CliContext context)
    {
        var command = new Command("serve", "Serve the published resources over HTTP (the default command).")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        SetServeAction(command, context);
        return command;
    }

    /// <summary>Makes <paramref name="command"/> run the host with its unmatched arguments as configuration.</summary>
    public static void SetServeAction(Command command, CliContext context) =>
        context.SetAction(command, async (parsed, cancellationToken) =>
        {
            await using var app = await StudioApp.BuildAsync(parsed.UnmatchedTokens.ToArray(), context.Settings);
            await app.RunAsync(cancellationToken);
            return 0;
        });
}
