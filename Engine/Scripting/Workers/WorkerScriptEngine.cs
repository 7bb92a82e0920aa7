using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using ApiStudio.Engine.Hosting;
using Microsoft.Extensions.Options;

namespace ApiStudio.Engine.Scripting.Workers;

/// <summary>
/// An engine whose scripts run in a pool of long-lived interpreter processes (<see cref="WorkerOptions"/>): the
/// interpreter installed on the server, its modules importable, each call bounded by its time limit and each process
/// by its memory limit. Each worker prepares a script version once (keyed by script id and version, or by a hash of
/// the text of an inline script) and the host sends the text only to workers that do not hold it yet. Disposing the
/// engine kills its processes.
/// </summary>
public abstract class WorkerScriptEngine : IScriptEngine, IDisposable
{
    private readonly WorkerRuntime _runtime;
    private readonly WorkerOptions _options;
    private readonly Lazy<string> _runtimeFile;
    private readonly WorkerPool _pool;
    private readonly ConditionalWeakTable<string, string> _hashes = new();
    private int _disposed;

    /// <summary>An engine for <paramref name="runtime"/> with the pool and limits of <paramref name="options"/>.</summary>
    protected WorkerScriptEngine(WorkerRuntime runtime, WorkerOptions options)
    {
        _runtime = runtime;
        _options = options;
        _runtimeFile = new Lazy<string>(WriteRuntime, LazyThreadSafetyMode.ExecutionAndPublication);
        var size = options.Workers > 0 ? options.Workers : Environment.ProcessorCount;
        _pool = new WorkerPool(size, options.MemoryMegabytes, overflow => ScriptWorker.Start(_runtime, _options, _runtimeFile.Value, overflow));
    }

    /// <inheritdoc />
    public string Name => _runtime.Engine;

    /// <summary>The process ids of the running workers (idle and busy).</summary>
    public IReadOnlyList<int> WorkerProcessIds => _pool.Workers.Where(w => w.Alive).Select(w => w.Pid).ToList();

    private TimeSpan Timeout => TimeSpan.FromSeconds(_options.TimeoutSeconds);

    /// <inheritdoc />
    public async ValueTask<ScriptSyntaxError?> CheckAsync(string content, CancellationToken cancellationToken)
    {
        var worker = await AcquireAsync("check", cancellationToken);
        try
        {
            return await worker.CheckAsync(content, Timeout, cancellationToken);
        }
        finally
        {
            _pool.Release(worker);
        }
    }

    /// <inheritdoc />
    public async Task<ScriptOutcome> RunAsync(ScriptSource source, ScriptRun run)
    {
        var worker = await AcquireAsync(source.Name, run.CancellationToken);
        _pool.Holding = true;
        try
        {
            return await worker.RunAsync(source, KeyOf(source), run, Timeout);
        }
        finally
        {
            _pool.Release(worker);
        }
    }

    /// <inheritdoc />
    public void Forget(long sid) => _pool.Forget(sid);

    private async ValueTask<ScriptWorker> AcquireAsync(string script, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ScriptWorker worker;
        try
        {
            worker = await _pool.AcquireAsync(cancellationToken);
        }
        catch (WorkerStartException ex)
        {
            throw ScriptExceptions.Failed(script, ex.Why);
        }
        bool started;
        try
        {
            started = await worker.StartedAsync(StartLimit, cancellationToken);
        }
        catch
        {
            _pool.Release(worker);
            throw;
        }
        if (!started)
        {
            _pool.Release(worker);
            throw ScriptExceptions.Failed(script,
                $"its {_runtime.Label} worker did not start (is '{_options.Executable}' a working {_runtime.Label} interpreter?)");
        }
        return worker;
    }

    // A fresh interpreter may take a while on a loaded server; its start does not count against a run's time limit.
    private TimeSpan StartLimit => TimeSpan.FromSeconds(Math.Max(10, _options.TimeoutSeconds));

    /// <summary>A stored script by id and version; an inline script by a hash of its text (hashed once per text instance).</summary>
    private string KeyOf(ScriptSource source) =>
        source.Sid != 0
            ? string.Create(CultureInfo.InvariantCulture, $"{source.Sid}:{source.Version}")
            : _hashes.GetValue(source.Content, static content => "h:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(content))));

    // The runtime goes to a folder of this engine's own (created private to the user), removed on dispose.
    private string WriteRuntime()
    {
        var folder = Directory.CreateTempSubdirectory("apistudio-" + _runtime.Engine + "-");
        var file = Path.Combine(folder.FullName, _runtime.File);
        File.WriteAllText(file, _runtime.Source());
        return file;
    }

    /// <summary>Kills the worker processes and removes the runtime's folder.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        _pool.Dispose();
        if (_runtimeFile.IsValueCreated)
        {
            try
            {
                Directory.Delete(Path.GetDirectoryName(_runtimeFile.Value)!, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A temporary folder left behind.
            }
        }
        GC.SuppressFinalize(this);
    }
}

/// <summary>
/// Node.js scripts (<see cref="ScriptEngines.NodeJs"/>): the script is the body of an async function, so
/// <c>await platform.api.get(...)</c> works, as does DreamFactory's callback style; the run ends when the function and
/// every <c>platform.api</c> call with its callback are done. <c>require</c> finds the packages of
/// <see cref="WorkerOptions.ModulesPath"/>.
/// </summary>
public sealed class NodeJsEngine(IOptions<ApiStudioOptions> options)
    : WorkerScriptEngine(WorkerRuntime.NodeJs, options.Value.Scripting.NodeJs);

/// <summary>
/// Python 3 scripts (<see cref="ScriptEngines.Python"/>): the script is the body of a function, so <c>return</c>
/// works; <c>platform.api</c> calls wait for the host's answer; <c>event</c> reads by key and by attribute.
/// <c>import</c> finds the packages of <see cref="WorkerOptions.ModulesPath"/>.
/// </summary>
public sealed class PythonEngine(IOptions<ApiStudioOptions> options)
    : WorkerScriptEngine(WorkerRuntime.Python, options.Value.Scripting.Python);
