namespace ApiStudio.Studio.Cli;

/// <summary>
/// Relative paths on the command line are relative to the folder the command was typed in. <c>dotnet run --project
/// Studio</c> starts the program in the project folder, but the shell's folder is still in <c>PWD</c>: an input that
/// does not exist from the working directory is looked up from there, and outputs are written there.
/// </summary>
public static class CliPaths
{
    /// <summary>An existing file or folder: as given when it exists, else from the shell's folder when it exists there.</summary>
    public static string Input(string path)
    {
        if (Path.IsPathRooted(path) || File.Exists(path) || Directory.Exists(path) || ShellFolder() is not { } shell)
        {
            return path;
        }
        var fromShell = Path.Combine(shell, path);
        return File.Exists(fromShell) || Directory.Exists(fromShell) ? fromShell : path;
    }

    /// <summary>A file or folder to write: relative to the shell's folder when the program runs elsewhere.</summary>
    public static string Output(string path) =>
        Path.IsPathRooted(path) || ShellFolder() is not { } shell ? path : Path.Combine(shell, path);

    /// <summary>The shell's folder when it differs from the working directory, else null.</summary>
    private static string? ShellFolder()
    {
        var shell = Environment.GetEnvironmentVariable("PWD");
        if (string.IsNullOrEmpty(shell) || !Directory.Exists(shell))
        {
            return null;
        }
        var current = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Directory.GetCurrentDirectory()));
        return string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(shell)), current, StringComparison.Ordinal) ? null : shell;
    }
}
