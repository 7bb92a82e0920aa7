using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;
using ApiStudio.Engine.Queue;
using ApiStudio.Engine.Storage;

namespace ApiStudio.Studio.Cli;

/// <summary>
/// <c>queue:listen [--queue high,low] [--tries N] [--timeout S] [--sleep S]</c>: like <c>queue:work</c>, but each job
/// runs in a fresh worker process (<c>queue:work --once</c>), so plugins and configuration changed on disk take
/// effect at the next job without a restart — slower per job, meant for development. This process only watches for
/// due jobs (the wake-up notification on PostgreSQL, else every <c>--sleep</c> seconds) and starts the workers.
/// </summary>
public static class QueueListenCommand
{
    /// <summary>The command.</summary>
    public static Command Create(CliContext context)
    {
        var worker = new WorkerOptions();
        var command = new Command("queue:listen", "Work queued jobs, each in a fresh worker process (for development).");
        worker.AddTo(command);
        context.SetAction(command, (parsed, cancellationToken) => RunAsync(context, worker.Read(parsed), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, WorkerRequest request, CancellationToken cancellationToken)
    {
        await using var app = await context.OpenDatabaseAsync(false, cancellationToken);
        var settings = await request.SettingsAsync(app.Services, cancellationToken);
        var runner = app.Services.GetRequiredService<JobRunner>();
        var signal = app.Services.GetRequiredService<JobSignal>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        void Stop(PosixSignalContext posix)
        {
            posix.Cancel = true;
            stop.Cancel();
        }
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        var listening = app.Services.GetRequiredService<JobNotifications>().ListenAsync(stop.Token);
        await context.Output.WriteLineAsync($"Listening on {string.Join(", ", settings.Queues)}: each job runs in a new worker process.");
        while (!stop.IsCancellationRequested)
        {
            var wake = signal.Next;
            var wait = settings.Poll ?? TimeSpan.FromSeconds(1);
            try
            {
                if (await runner.NextDueAsync(settings) is { } due && due <= Clock.Now())
                {
                    // The job in the worker's hands is finished even when asked to stop (the worker stops on its own signal).
                    if (await RunWorkerAsync(context, request, CancellationToken.None) == 0)
                    {
                        continue;
                    }
                }
                else
                {
                    wait = await runner.IdleWaitAsync(settings);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await context.Error.WriteLineAsync($"error: {ex.Message}");
            }
            try
            {
                await wake.WaitAsync(wait, stop.Token);
            }
            catch (TimeoutException)
            {
                // Time to look again.
            }
            catch (OperationCanceledException)
            {
                // Stopping.
            }
        }
        await listening;
        return 0;
    }

    /// <summary>Runs <c>queue:work --once</c> in a new process of this executable, with this command's configuration; its exit code.</summary>
    private static async Task<int> RunWorkerAsync(CliContext context, WorkerRequest request, CancellationToken cancellationToken)
    {
        var start = WorkerProcess();
        start.ArgumentList.Add("queue:work");
        start.ArgumentList.Add("--once");
        foreach (var argument in request.Arguments())
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in context.Settings ?? new Dictionary<string, string?>())
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start) ?? throw new CliException($"Could not start a worker process ({start.FileName}).");
        var output = Copy(process.StandardOutput, context.Output);
        var error = Copy(process.StandardError, context.Error);
        await process.WaitForExitAsync(cancellationToken);
        await Task.WhenAll(output, error);
        return process.ExitCode;
    }

    /// <summary>This executable: its native launcher when there is one beside the assembly, else <c>dotnet</c> with the assembly.</summary>
    private static ProcessStartInfo WorkerProcess()
    {
        var assembly = typeof(Cli).Assembly.Location;
        var launcher = Path.ChangeExtension(assembly, OperatingSystem.IsWindows() ? ".exe" : null);
        if (File.Exists(launcher))
        {
            return new ProcessStartInfo(launcher);
        }
        var host = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet"
            ? path
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var start = new ProcessStartInfo(host);
        start.ArgumentList.Add(assembly);
        return start;
    }

    private static async Task Copy(StreamReader from, TextWriter to)
    {
        while (await from.ReadLineAsync() is { } line)
        {
            await to.WriteLineAsync(line);
        }
    }
}
