using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ApiStudio.Tests.Support;

/// <summary>
/// The built Studio program (<c>dotnet apistudio.dll serve</c>) running as a separate OS process on a loopback port,
/// configured through environment variables — a host that a test can kill outright (<c>kill -9</c>) and start again
/// on the same database. Its output is kept for the assertion messages.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _folder;

    private HostProcess(Process process, string folder, Uri address)
    {
        _process = process;
        _folder = folder;
        Address = address;
    }

    /// <summary>The host's base address.</summary>
    public Uri Address { get; }

    /// <summary>What the process wrote so far (standard output and error).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts the program over <paramref name="database"/> with <paramref name="settings"/> (configuration keys, as
    /// <c>ApiStudio:Queue:GraceSeconds</c>) and waits until it answers <c>/health</c>.
    /// </summary>
    public static async Task<HostProcess> StartAsync(TestDatabase database, IDictionary<string, string?> settings)
    {
        var folder = Path.Combine(Path.GetTempPath(), "apistudio-tests", "process-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var address = new Uri($"http://127.0.0.1:{FreePort()}/");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "apistudio.dll"));
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(address.ToString().TrimEnd('/'));
        var configuration = new Dictionary<string, string?>
        {
            ["ApiStudio:Database:Provider"] = database.Options.Provider,
            ["ApiStudio:Database:ConnectionString"] = database.Options.ConnectionString,
            ["ApiStudio:Admin:Password"] = TestHost.AdminPassword,
            ["ApiStudio:ResourcesPath"] = Path.Combine(folder, "no-resources"),
            ["Serilog:MinimumLevel"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            configuration[key] = value;
        }
        foreach (var (key, value) in configuration)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        var process = Process.Start(start)!;
        var host = new HostProcess(process, folder, address);
        process.OutputDataReceived += (_, e) => host.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => host.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var healthy = await Eventually.Until(async () =>
        {
            if (process.HasExited)
            {
                return true;
            }
            try
            {
                return (await client.GetAsync("health")).StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, ready => ready, TimeSpan.FromSeconds(60));
        if (!healthy || process.HasExited)
        {
            await host.DisposeAsync();
            Assert.Fail($"The host process did not start:\n{host.Output}");
        }
        return host;
    }

    /// <summary>Kills the process at once (SIGKILL: no shutdown, nothing flushed) and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the system's temporary-file cleanup.
        }
    }
}
