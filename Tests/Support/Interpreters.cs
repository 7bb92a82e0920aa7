using System.Diagnostics;

namespace ApiStudio.Tests.Support;

/// <summary>
/// The interpreters the Node.js and Python engines run: they must be installed. As root on Debian they are installed
/// (as <c>.ci/run</c> does); otherwise the test fails saying what to install — a script engine test is never skipped.
/// </summary>
public static class Interpreters
{
    private static readonly Lock Gate = new();

    /// <summary>The full path of <c>node</c>.</summary>
    public static string Node => Ensure("node", "nodejs");

    /// <summary>The full path of <c>python3</c>.</summary>
    public static string Python => Ensure("python3", "python3");

    private static string Ensure(string command, string package)
    {
        lock (Gate)
        {
            if (Find(command) is { } found)
            {
                return found;
            }
            if (Environment.UserName == "root" && File.Exists("/usr/bin/apt-get"))
            {
                using var install = Process.Start(new ProcessStartInfo("/bin/sh",
                    $"-c \"apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq {package}\"")
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                })!;
                _ = install.StandardOutput.ReadToEndAsync();
                _ = install.StandardError.ReadToEndAsync();
                install.WaitForExit(TimeSpan.FromMinutes(10));
            }
            var installed = Find(command);
            Assert.That(installed, Is.Not.Null,
                $"The script engine tests need {command} on PATH: sudo apt-get install -y {package}");
            return installed!;
        }
    }

    private static string? Find(string command)
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin").Split(Path.PathSeparator))
        {
            var path = Path.Combine(folder, command);
            if (folder.Length > 0 && File.Exists(path))
            {
                return path;
            }
        }
        return null;
    }
}
