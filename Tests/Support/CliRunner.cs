namespace ApiStudio.Tests.Support;

/// <summary>The outcome of one command line: exit code, output and error output.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    /// <inheritdoc />
    public override string ToString() => $"exit {ExitCode}\n--- output\n{Output}--- error\n{Error}";
}

/// <summary>
/// Runs the Studio executable's command line in-process (the same entry point as <c>Program.cs</c>) with captured
/// output, over a <see cref="TestDatabase"/> when one is given.
/// </summary>
public static class CliRunner
{
    /// <summary>Runs <paramref name="args"/> with extra configuration.</summary>
    public static async Task<CliRun> RunAsync(IDictionary<string, string?>? settings, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await global::ApiStudio.Studio.Cli.Cli.RunAsync(args, output, error, settings);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Configuration pointing the commands at <paramref name="database"/>; first start imports from <paramref name="resourcesPath"/> (default: nothing).</summary>
    public static Dictionary<string, string?> Settings(TestDatabase database, string? resourcesPath = null) => new()
    {
        ["ApiStudio:Database:Provider"] = database.Options.Provider,
        ["ApiStudio:Database:ConnectionString"] = database.Options.ConnectionString,
        ["ApiStudio:Admin:UserName"] = "admin",
        ["ApiStudio:Admin:Password"] = TestHost.AdminPassword,
        ["ApiStudio:ResourcesPath"] = resourcesPath ?? Path.Combine(Path.GetTempPath(), "apistudio-tests", "no-resources"),
    };
}

/// <summary>A temporary folder of resource files for one test, deleted on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    /// <summary>Creates an empty folder.</summary>
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "apistudio-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    /// <summary>The folder.</summary>
    public string Path { get; }

    /// <summary>Writes a file (relative path; folders are created) and returns its full path.</summary>
    public string Write(string relative, string text)
    {
        var path = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.ReplaceLineEndings("\n"));
        return path;
    }

    /// <summary>Copies the shipped examples into <paramref name="relative"/> and returns that folder.</summary>
    public string CopyExamples(string relative = "examples")
    {
        var target = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(TestHost.RepositoryFolder(System.IO.Path.Combine("resources", "examples"))))
        {
            File.Copy(file, System.IO.Path.Combine(target, System.IO.Path.GetFileName(file)));
        }
        return target;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Left for the system's temporary-file cleanup.
        }
    }
}

/// <summary>Small resource documents for CLI tests.</summary>
public static class CliDocuments
{
    /// <summary>A valid GET resource returning <paramref name="value"/>, with optional extra header lines.</summary>
    public static string Literal(string uri, string value, string account = "examples", string application = "demo", string extra = "") => $"""
        name: Literal {uri}
        description: Returns a literal.
        account: {account}
        application: {application}
        uri: {uri}
        method: get
        ttl: 0
        {extra}
        process:
          processor: var_str
          id: value
          value: {value}
        """;

    /// <summary>A GET resource with a ttl whose plan reads the body (node <c>raw</c>): valid, with a warning that it is not cached.</summary>
    public static string CachedBodyReader(string uri) => $"""
        name: Echo {uri}
        description: Echoes the body of a GET, asking for a ttl it cannot have.
        account: examples
        application: demo
        uri: {uri}
        method: get
        ttl: 60
        process:
          processor: var_body
          id: raw
          nullable: true
        """;
}
