using ApiStudio.Tests.Support;

namespace ApiStudio.Tests.Cli;

/// <summary>The command line as a whole: help, unknown input, errors without stack traces.</summary>
public class CliTests
{
    [Test]
    public async Task Help_lists_every_command()
    {
        var run = await CliRunner.RunAsync(null, "--help");
        Assert.That(run.ExitCode, Is.EqualTo(0));
        foreach (var command in new[] { "serve", "validate", "import", "export", "test", "user:create", "openapi" })
        {
            Assert.That(run.Output, Does.Contain($"  {command}"), command);
        }
    }

    [Test]
    public async Task An_unknown_option_of_a_command_is_a_usage_error()
    {
        var run = await CliRunner.RunAsync(null, "export", "--out", "x", "--colour", "red");
        Assert.That(run.ExitCode, Is.Not.EqualTo(0));
        Assert.That(run.Error, Does.Contain("--colour"));
    }

    [Test]
    public async Task A_database_that_cannot_be_opened_is_one_line_without_a_stack_trace()
    {
        var settings = new Dictionary<string, string?>
        {
            ["ApiStudio:Database:Provider"] = "sqlite",
            ["ApiStudio:Database:ConnectionString"] = $"Data Source={Path.Combine(Path.GetTempPath(), "apistudio-tests", Guid.NewGuid().ToString("N"), "missing", "x.db")};Mode=ReadWrite",
        };
        var run = await CliRunner.RunAsync(settings, "openapi", "examples/demo");
        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Error, Does.StartWith("error: "));
        Assert.That(run.Error.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
    }

    [Test]
    public void Options_without_a_command_are_the_configuration_of_serve()
    {
        var parsed = global::ApiStudio.Studio.Cli.Cli.Parse(["--urls", "http://127.0.0.1:5999", "--ApiStudio:ApiBasePath=v1"],
            new global::ApiStudio.Studio.Cli.CliContext(TextWriter.Null, TextWriter.Null, null));
        Assert.That(parsed.Errors, Is.Empty);
        Assert.That(parsed.CommandResult.Command.Name, Is.EqualTo("serve"));
        Assert.That(parsed.UnmatchedTokens, Is.EqualTo(new[] { "--urls", "http://127.0.0.1:5999", "--ApiStudio:ApiBasePath=v1" }));
    }

    [Test]
    public void No_arguments_is_serve()
    {
        var parsed = global::ApiStudio.Studio.Cli.Cli.Parse([], new global::ApiStudio.Studio.Cli.CliContext(TextWriter.Null, TextWriter.Null, null));
        Assert.That((parsed.Errors.Count, parsed.Action), Is.EqualTo((0, parsed.RootCommandResult.Command.Action)));
    }

    [Test]
    public void Relative_paths_are_found_from_the_shell_folder_when_dotnet_run_moved_the_working_directory()
    {
        using var shell = new TempFolder();
        var file = shell.Write("mine.yaml", "name: x");
        var saved = Environment.GetEnvironmentVariable("PWD");
        Environment.SetEnvironmentVariable("PWD", shell.Path);
        try
        {
            Assert.That(global::ApiStudio.Studio.Cli.CliPaths.Input("mine.yaml"), Is.EqualTo(file));
            Assert.That(global::ApiStudio.Studio.Cli.CliPaths.Output("out"), Is.EqualTo(Path.Combine(shell.Path, "out")));
            Assert.That(global::ApiStudio.Studio.Cli.CliPaths.Input("absent.yaml"), Is.EqualTo("absent.yaml"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("PWD", saved);
        }
    }
}
