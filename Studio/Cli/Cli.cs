using System.CommandLine;

namespace ApiStudio.Studio.Cli;

/// <summary>
/// The command line of the Studio executable: <c>serve</c> (the default), <c>validate</c>, <c>import</c>,
/// <c>export</c>, <c>test</c>, <c>user:create</c>, <c>openapi</c>, the <c>queue:*</c> verbs, <c>schedule:list</c> and
/// <c>schedule:run</c>. Exit code 0 on success, non-zero on failure; errors are one-line messages naming the file and node where
/// they apply.
/// </summary>
public static class Cli
{
    private static readonly string[] RootOptions = ["-h", "-?", "--help", "/h", "/?", "--version"];

    /// <summary>Runs a command line on the console.</summary>
    public static Task<int> RunAsync(string[] args) => RunAsync(args, Console.Out, Console.Error);

    /// <summary>Runs a command line writing to the given writers (tests capture them).</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="output">Results.</param>
    /// <param name="error">Problems.</param>
    /// <param name="settings">Configuration that wins over appsettings.json and the environment.</param>
    /// <param name="cancellationToken">Stops a long command.</param>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error,
        IDictionary<string, string?>? settings = null, CancellationToken cancellationToken = default)
    {
        // No termination handling of its own: serve's host shuts down gracefully on Ctrl+C and SIGTERM as it always did.
        var configuration = new InvocationConfiguration
        {
            Output = output, Error = error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null,
        };
        return Parse(args, new CliContext(output, error, settings)).InvokeAsync(configuration, cancellationToken);
    }

    /// <summary>
    /// What a command line means. Arguments that start with an option rather than a command are the host's
    /// configuration (<c>--urls ...</c>): they mean <c>serve</c> with those arguments, as before the CLI existed.
    /// </summary>
    public static ParseResult Parse(string[] args, CliContext context)
    {
        var root = new RootCommand("ApiStudio: a low-code API engine. With no command, serves the published resources.");
        ServeCommand.SetServeAction(root, context);
        root.Subcommands.Add(ServeCommand.Create(context));
        root.Subcommands.Add(ValidateCommand.Create(context));
        root.Subcommands.Add(ImportCommand.Create(context));
        root.Subcommands.Add(ExportCommand.Create(context));
        root.Subcommands.Add(TestCommand.Create(context));
        root.Subcommands.Add(UserCreateCommand.Create(context));
        root.Subcommands.Add(OpenApiCommand.Create(context));
        root.Subcommands.Add(QueueWorkCommand.Create(context));
        root.Subcommands.Add(QueueListenCommand.Create(context));
        root.Subcommands.Add(QueueFailedCommands.Failed(context));
        root.Subcommands.Add(QueueFailedCommands.Retry(context));
        root.Subcommands.Add(QueueFailedCommands.Forget(context));
        root.Subcommands.Add(QueueFailedCommands.Flush(context));
        root.Subcommands.Add(ScheduleListCommand.Create(context));
        root.Subcommands.Add(ScheduleRunCommand.Create(context));
        if (args.Length > 0 && args[0].StartsWith('-') && Array.IndexOf(RootOptions, args[0]) < 0)
        {
            args = ["serve", .. args];
        }
        return root.Parse(args);
    }
}
