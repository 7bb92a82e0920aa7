using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Engine.Scripting.Workers;

/// <summary>
/// One interpreter process running the worker runtime: one run or check at a time, messages as lines of JSON on its
/// stdin and stdout. While a run is in flight the worker's <c>platform.api</c> requests are answered from
/// <see cref="ScriptRun.Api"/> over the same pipe. A run that outlives its time limit or is cancelled kills the
/// process; a process that ends (crash, <c>process.exit()</c>, memory limit) fails the run in flight and is not reused.
/// </summary>
internal sealed class ScriptWorker : IDisposable
{
    private const int MaxHeldScripts = 512;
    private const int StderrTailLines = 20;
    private const int MaxLogLines = 1000;
    private const int MaxLogCharacters = 16 * 1024;
    private const int MaxMessageCharacters = 64 * 1024 * 1024;

    private readonly WorkerRuntime _runtime;
    private readonly WorkerOptions _options;
    private readonly Process _process;
    private readonly Stream _input;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Lock _gate = new();
    private readonly HashSet<string> _held = new(StringComparer.Ordinal);
    private readonly List<string> _drops = [];
    private readonly Queue<string> _stderrTail = new();
    private readonly Task _stdout;
    private readonly Task _stderr;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Channel<Map>? _inbox;
    private long _nextId;
    private volatile bool _alive = true;
    private volatile bool _overMemory;
    private volatile bool _killed;
    private int _disposed;

    private ScriptWorker(WorkerRuntime runtime, WorkerOptions options, Process process)
    {
        _runtime = runtime;
        _options = options;
        _process = process;
        _input = process.StandardInput.BaseStream;
        Pid = process.Id;
        _stdout = Task.Run(() => ReadOutputAsync(process.StandardOutput));
        _stderr = Task.Run(() => ReadErrorsAsync(process.StandardError));
        _ = WatchExitAsync();
    }

    /// <summary>The process id.</summary>
    public int Pid { get; }

    /// <summary>False once the process ended or was killed: the pool replaces it.</summary>
    public bool Alive => _alive;

    /// <summary>Started beyond the pool's size for a nested run; ended when released.</summary>
    public bool Overflow { get; init; }

    /// <summary>
    /// Starts a worker: the interpreter with an empty environment but for <c>PATH</c>, <c>HOME</c>, the temporary
    /// folder and the modules path, then the init message (the exception classes and the memory limit).
    /// </summary>
    /// <exception cref="WorkerStartException">The interpreter could not be started.</exception>
    public static ScriptWorker Start(WorkerRuntime runtime, WorkerOptions options, string runtimeFile, bool overflow = false)
    {
        var start = new ProcessStartInfo(options.Executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(runtimeFile)!,
            StandardOutputEncoding = new System.Text.UTF8Encoding(false),
            StandardErrorEncoding = new System.Text.UTF8Encoding(false),
        };
        foreach (var argument in runtime.Arguments(options, runtimeFile))
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment.Clear();
        start.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH") is { Length: > 0 } path ? path : "/usr/local/bin:/usr/bin:/bin";
        start.Environment["HOME"] = Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } home ? home : Path.GetTempPath();
        start.Environment["TMPDIR"] = Path.GetTempPath();
        start.Environment["LANG"] = "C.UTF-8";
        if (!string.IsNullOrEmpty(options.ModulesPath))
        {
            foreach (var (name, value) in runtime.Modules(Path.GetFullPath(options.ModulesPath)))
            {
                start.Environment[name] = value;
            }
        }
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new WorkerStartException(NotStarted(runtime, options));
        }
        catch (Win32Exception)
        {
            throw new WorkerStartException(NotStarted(runtime, options));
        }
        var worker = new ScriptWorker(runtime, options, process) { Overflow = overflow };
        var init = new Map
        {
            ["t"] = "init",
            ["exceptions"] = ScriptExceptions.AsPlain(),
            ["memory"] = (long)options.MemoryMegabytes,
            ["modules"] = string.IsNullOrEmpty(options.ModulesPath) ? null : Path.GetFullPath(options.ModulesPath),
        };
        try
        {
            worker.Write(init);
        }
        catch (IOException)
        {
            // The process ended at once: the first run reports it.
        }
        return worker;
    }

    private static string NotStarted(WorkerRuntime runtime, WorkerOptions options) =>
        $"the {runtime.Label} interpreter '{options.Executable}' could not be started: install it on the server or set " +
        $"ApiStudio:Scripting:{runtime.Section}:Executable";

    /// <summary>The resident memory of the process in bytes, or null when it cannot be read.</summary>
    public long? ResidentBytes()
    {
        try
        {
            var statm = File.ReadAllText($"/proc/{Pid}/statm");
            var fields = statm.Split(' ');
            return long.Parse(fields[1], CultureInfo.InvariantCulture) * Environment.SystemPageSize;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>Ends a worker that uses more memory than it may; the run in flight fails with the memory limit.</summary>
    public void KillForMemory()
    {
        _overMemory = true;
        Kill();
    }

    /// <summary>Drops what this worker prepared for a script (sent along with its next run).</summary>
    public void Forget(long sid)
    {
        var prefix = sid.ToString(CultureInfo.InvariantCulture) + ":";
        lock (_gate)
        {
            foreach (var key in _held.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList())
            {
                _held.Remove(key);
                _drops.Add(key);
            }
        }
    }

    /// <summary>Runs a script and answers its <c>platform.api</c> calls until it is done, fails or is out of time.</summary>
    public async Task<ScriptOutcome> RunAsync(ScriptSource source, string key, ScriptRun run, TimeSpan timeout)
    {
        var limit = CancellationTokenSource.CreateLinkedTokenSource(run.CancellationToken);
        limit.CancelAfter(timeout);
        var inbox = Open(out var id);
        List<Task>? calls = null;
        var logged = 0;
        try
        {
            await WriteAsync(RunMessage(source, key, run, id, force: false), limit.Token);
            while (true)
            {
                var reply = await inbox.Reader.ReadAsync(limit.Token);
                switch (reply.GetValueOrDefault("t") as string)
                {
                    case "log":
                        if (++logged <= MaxLogLines)
                        {
                            run.Log(reply.GetValueOrDefault("line") as string ?? "");
                        }
                        break;
                    case "api":
                        (calls ??= []).Add(ProxyAsync(reply, run, limit.Token));
                        break;
                    case "missing":
                        await WriteAsync(RunMessage(source, key, run, id, force: true), limit.Token);
                        break;
                    case "done":
                        return new ScriptOutcome(reply.GetValueOrDefault("event") as Map ?? new Map(), reply.GetValueOrDefault("result"));
                    case "error":
                        var error = reply.GetValueOrDefault("error") as Map ?? new Map();
                        if (error.GetValueOrDefault("memory") is true)
                        {
                            // The interpreter refused an allocation: the worker is not trusted with another run.
                            KillForMemory();
                            throw ScriptExceptions.Failed(source.Name, MemoryReason());
                        }
                        throw ErrorOf(source.Name, error);
                    case "exit":
                        throw ScriptExceptions.Failed(source.Name, await ExitReasonAsync());
                    case "oversize":
                        Kill();
                        throw ScriptExceptions.Failed(source.Name,
                            $"its {_runtime.Label} worker wrote a line longer than {MaxMessageCharacters / 1024 / 1024} Mi characters to the protocol and was replaced");
                }
            }
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            Kill();
            run.CancellationToken.ThrowIfCancellationRequested();
            throw ScriptExceptions.Failed(source.Name, $"ran longer than its time limit of {Seconds(timeout)} s");
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            var why = await ExitReasonAsync();
            Kill();
            throw ScriptExceptions.Failed(source.Name, why);
        }
        finally
        {
            Close();
            if (calls is null)
            {
                limit.Dispose();
            }
            else
            {
                // The run is over: calls still waiting for the host are cancelled, then the limit is let go.
                await limit.CancelAsync();
                _ = Task.WhenAll(calls).ContinueWith(_ => limit.Dispose(), TaskScheduler.Default);
            }
        }
    }

    /// <summary>Why <paramref name="content"/> does not parse or compile in this interpreter, or null when it does.</summary>
    public async Task<ScriptSyntaxError?> CheckAsync(string content, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var inbox = Open(out var id);
        try
        {
            await WriteAsync(new Map { ["t"] = "check", ["id"] = id, ["code"] = content }, limit.Token);
            while (true)
            {
                var reply = await inbox.Reader.ReadAsync(limit.Token);
                switch (reply.GetValueOrDefault("t") as string)
                {
                    case "checked":
                        if (reply.GetValueOrDefault("error") is not Map error)
                        {
                            return null;
                        }
                        return new ScriptSyntaxError(error.GetValueOrDefault("message") as string ?? "The script does not compile.",
                            ToInt(error.GetValueOrDefault("line")), ToInt(error.GetValueOrDefault("column")));
                    case "exit":
                        throw ScriptExceptions.Failed("check", await ExitReasonAsync());
                }
            }
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            Kill();
            cancellationToken.ThrowIfCancellationRequested();
            throw ScriptExceptions.Failed("check", $"the {_runtime.Label} syntax check took longer than {Seconds(timeout)} s");
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            var why = await ExitReasonAsync();
            Kill();
            throw ScriptExceptions.Failed("check", why);
        }
        finally
        {
            Close();
        }
    }

    private static int ToInt(object? value) => value is long l ? (int)Math.Clamp(l, 1, int.MaxValue) : 1;

    private static string Seconds(TimeSpan timeout) => timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    private Map RunMessage(ScriptSource source, string key, ScriptRun run, long id, bool force)
    {
        var message = new Map { ["t"] = "run", ["id"] = id, ["key"] = key, ["name"] = source.Name };
        lock (_gate)
        {
            if (force || !_held.Contains(key))
            {
                message["code"] = source.Content;
                if (_held.Count >= MaxHeldScripts)
                {
                    _drops.AddRange(_held);
                    _held.Clear();
                }
                if (source.Sid != 0)
                {
                    // An older version of the same script is not run again.
                    var prefix = source.Sid.ToString(CultureInfo.InvariantCulture) + ":";
                    foreach (var stale in _held.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList())
                    {
                        _held.Remove(stale);
                        _drops.Add(stale);
                    }
                }
                _held.Add(key);
            }
            if (_drops.Count > 0)
            {
                message["drop"] = _drops.Cast<object?>().ToList();
                _drops.Clear();
            }
        }
        message["event"] = run.Event;
        message["platform"] = run.Platform;
        if (run.Variables.Count > 0)
        {
            message["vars"] = run.Variables as Map ?? new Map(run.Variables);
        }
        return message;
    }

    private async Task ProxyAsync(Map request, ScriptRun run, CancellationToken cancellationToken)
    {
        var reply = new Map { ["t"] = "api_result", ["call"] = request.GetValueOrDefault("call") };
        try
        {
            var method = (request.GetValueOrDefault("method") as string ?? "get").ToLowerInvariant();
            var path = request.GetValueOrDefault("path") as string ?? "";
            var value = await run.Api.CallAsync(method, path, request.GetValueOrDefault("payload"),
                request.GetValueOrDefault("options") as Map, cancellationToken);
            reply["ok"] = true;
            reply["value"] = value;
        }
        catch (ApiException ex)
        {
            reply["ok"] = false;
            reply["status"] = (long)ex.HttpStatus;
            reply["code"] = (long)ex.Code;
            reply["message"] = ex.Message;
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (Exception)
        {
            reply["ok"] = false;
            reply["status"] = 500L;
            reply["message"] = "The platform.api call failed.";
        }
        try
        {
            await WriteAsync(reply, cancellationToken);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The run ended meanwhile.
        }
    }

    private static ApiException ErrorOf(string script, Map error)
    {
        var message = error.GetValueOrDefault("message") as string;
        if (error.GetValueOrDefault("compile") is true)
        {
            return ScriptExceptions.Failed(script, $"it does not compile: {message}");
        }
        if (error.GetValueOrDefault("status") is long status)
        {
            return ScriptExceptions.Thrown(script, (int)Math.Clamp(status, 0, 999), message, error.GetValueOrDefault("code") as long?,
                error.GetValueOrDefault("context"));
        }
        return ScriptExceptions.Thrown(script, null, message);
    }

    private Channel<Map> Open(out long id)
    {
        var inbox = Channel.CreateUnbounded<Map>(new UnboundedChannelOptions { SingleReader = true });
        lock (_gate)
        {
            id = ++_nextId;
            _inbox = inbox;
        }
        if (!_alive)
        {
            inbox.Writer.TryWrite(new Map { ["t"] = "exit" });
        }
        return inbox;
    }

    private void Close()
    {
        lock (_gate)
        {
            _inbox = null;
        }
    }

    private void Deliver(Map message)
    {
        Channel<Map>? inbox;
        lock (_gate)
        {
            inbox = _inbox;
        }
        inbox?.Writer.TryWrite(message);
    }

    private async Task WriteAsync(Map message, CancellationToken cancellationToken)
    {
        var bytes = PlainJsonUtf8.Serialize(message, default, "\n"u8);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await _input.WriteAsync(bytes, cancellationToken);
            await _input.FlushAsync(cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private void Write(Map message)
    {
        var bytes = PlainJsonUtf8.Serialize(message, default, "\n"u8);
        _writeLock.Wait();
        try
        {
            _input.Write(bytes);
            _input.Flush();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task ReadOutputAsync(StreamReader output)
    {
        try
        {
            var lines = new LineReader(output, MaxMessageCharacters);
            while (await lines.ReadAsync() is ({ } line, var cut))
            {
                if (cut)
                {
                    // Not a message the worker could have meant: the run in flight fails and the worker goes.
                    Deliver(new Map { ["t"] = "oversize" });
                    continue;
                }
                if (line.Length == 0)
                {
                    continue;
                }
                // A line that is not a message (whatever reached the real stdout) is a log line of the run in flight.
                if (line[0] == '{' && TryMessage(line) is { } message)
                {
                    if (message["t"] is "ready")
                    {
                        _ready.TrySetResult();
                    }
                    else
                    {
                        Deliver(message);
                    }
                }
                else
                {
                    Deliver(new Map { ["t"] = "log", ["line"] = line });
                }
            }
        }
        catch (Exception)
        {
            // The process ended (or its pipe broke): the exit is reported by WatchExitAsync.
        }
    }

    private static Map? TryMessage(string line)
    {
        try
        {
            return PlainJson.Parse(line) is Map map && map.GetValueOrDefault("t") is string ? map : null;
        }
        catch (PlainJsonException)
        {
            return null;
        }
    }

    private async Task ReadErrorsAsync(StreamReader errors)
    {
        try
        {
            var lines = new LineReader(errors, MaxLogCharacters);
            while (await lines.ReadAsync() is ({ } line, _))
            {
                lock (_stderrTail)
                {
                    _stderrTail.Enqueue(line.Length > 1000 ? line[..1000] : line);
                    while (_stderrTail.Count > StderrTailLines)
                    {
                        _stderrTail.Dequeue();
                    }
                }
                if (line.Length > 0)
                {
                    Deliver(new Map { ["t"] = "log", ["line"] = line });
                }
            }
        }
        catch (Exception)
        {
            // The process ended (or its pipe broke): the exit is reported by WatchExitAsync.
        }
    }

    private async Task WatchExitAsync()
    {
        try
        {
            await _stdout;
        }
        catch (Exception)
        {
            // Reading failed in a way not foreseen: the worker cannot be talked to any more.
            Kill();
        }
        // What the process wrote last to stderr (a fatal error) is read before the run in flight is told.
        await Task.WhenAny(_stderr, Task.Delay(TimeSpan.FromMilliseconds(500)));
        _alive = false;
        Deliver(new Map { ["t"] = "exit" });
        _ready.TrySetResult();
    }

    /// <summary>
    /// Waits until the interpreter has started and read its init message, so that a run's time limit does not count
    /// the start of a fresh process; a worker that does not start in <paramref name="limit"/> is killed.
    /// </summary>
    public async Task<bool> StartedAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        if (_ready.Task.IsCompleted)
        {
            return _alive;
        }
        try
        {
            await _ready.Task.WaitAsync(limit, cancellationToken);
            return _alive;
        }
        catch (TimeoutException)
        {
            Kill();
            return false;
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw;
        }
    }

    private async Task<string> ExitReasonAsync()
    {
        _alive = false;
        int? code = null;
        try
        {
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _process.WaitForExitAsync(wait.Token);
            code = _process.ExitCode;
        }
        catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException)
        {
            Kill();
        }
        string tail;
        lock (_stderrTail)
        {
            tail = string.Join('\n', _stderrTail);
        }
        if (_overMemory || tail.Contains("out of memory", StringComparison.OrdinalIgnoreCase) || tail.Contains("MemoryError", StringComparison.Ordinal))
        {
            return MemoryReason();
        }
        if (_killed)
        {
            return $"its {_runtime.Label} worker was stopped";
        }
        return code is { } exit
            ? $"its {_runtime.Label} worker ended unexpectedly (exit code {exit}) and was replaced"
            : $"its {_runtime.Label} worker stopped answering and was replaced";
    }

    private string MemoryReason() =>
        $"it used more than its memory limit of {_options.MemoryMegabytes} MiB; its {_runtime.Label} worker was replaced";

    /// <summary>Ends the process (and whatever it started); the pool replaces it.</summary>
    public void Kill()
    {
        _alive = false;
        _killed = true;
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // Already gone.
        }
    }

    /// <summary>Kills the process and lets go of its pipes.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        Kill();
        try
        {
            _process.WaitForExit(TimeSpan.FromSeconds(2));
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception)
        {
            // Already gone.
        }
        _process.Dispose();
    }
}

/// <summary>An interpreter that could not be started (not installed, not executable).</summary>
internal sealed class WorkerStartException(string why) : Exception(why)
{
    /// <summary>Why, for <see cref="ScriptExceptions.Failed"/>.</summary>
    public string Why { get; } = why;
}
