namespace ApiStudio.Engine.Scripting;

/// <summary>
/// The configuration section <c>ApiStudio:Scripting</c>: the limits of the in-process JavaScript engine and which of
/// the trusted engines (C#, Node.js, Python) the operator allows.
/// </summary>
public sealed class ScriptingOptions
{
    /// <summary>The limits of one JavaScript run.</summary>
    public JavaScriptOptions JavaScript { get; set; } = new();

    /// <summary>The limits of one C# run.</summary>
    public CSharpOptions CSharp { get; set; } = new();

    /// <summary>The Node.js worker processes.</summary>
    public WorkerOptions NodeJs { get; set; } = new() { Executable = "node" };

    /// <summary>The Python worker processes.</summary>
    public WorkerOptions Python { get; set; } = new() { Executable = "python3" };

    /// <summary>How deep <c>platform.api</c> calls into the host may nest (a script calling itself ends here).</summary>
    public int MaxApiDepth { get; set; } = 8;

    /// <summary>C# scripts run with the host's rights: the operator may switch them off.</summary>
    public bool CSharpEnabled { get; set; } = true;

    /// <summary>Node.js scripts run in worker processes of the host's user: the operator may switch them off.</summary>
    public bool NodeJsEnabled { get; set; } = true;

    /// <summary>Python scripts run in worker processes of the host's user: the operator may switch them off.</summary>
    public bool PythonEnabled { get; set; } = true;

    /// <summary>True when scripts of <paramref name="engine"/> may be saved and run.</summary>
    public bool Allows(string engine) => engine switch
    {
        ScriptEngines.JavaScript => true,
        ScriptEngines.CSharp => CSharpEnabled,
        ScriptEngines.NodeJs => NodeJsEnabled,
        ScriptEngines.Python => PythonEnabled,
        _ => false,
    };
}

/// <summary>
/// What one JavaScript run may use; each limit ends a runaway script with a clear error and leaves the host serving.
/// </summary>
public sealed class JavaScriptOptions
{
    /// <summary>Seconds one run may take.</summary>
    public double TimeoutSeconds { get; set; } = 5;

    /// <summary>The lowest accepted statement limit: freezing the built-ins of a new engine runs under it too.</summary>
    public const int MinimumStatements = 100_000;

    /// <summary>Statements one run may execute (at least <see cref="MinimumStatements"/>).</summary>
    public int MaxStatements { get; set; } = 5_000_000;

    /// <summary>How often one function may be on the call stack at once; always on, since endless recursion would otherwise end the process.</summary>
    public int MaxRecursionDepth { get; set; } = 256;

    /// <summary>Bytes one run may allocate.</summary>
    public long MemoryBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Idle engines kept for reuse (at least 1); more are created under load and dropped when returned to a full pool.</summary>
    public int PoolSize { get; set; } = Environment.ProcessorCount * 8;

    /// <summary>
    /// Runs after which a pooled engine is replaced by a fresh one. Making an engine (freezing its built-ins) takes about
    /// 12 ms and 4 MB, so a replacement should be rare next to runs of a few microseconds.
    /// </summary>
    public int RunsPerEngine { get; set; } = 100_000;
}

/// <summary>What one C# run may take.</summary>
public sealed class CSharpOptions
{
    /// <summary>Seconds one run may take before it is cancelled and answered with an error.</summary>
    public double TimeoutSeconds { get; set; } = 5;

    /// <summary>Bytes one run may allocate (counted approximately, at the checkpoints of the script's loops and calls).</summary>
    public long MemoryBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// Bytes of call stack one run may use (deep or endless recursion ends here, well before the stack of its thread
    /// does; a simple recursive method takes about 100 bytes a call).
    /// </summary>
    public long StackBytes { get; set; } = 256 * 1024;
}

/// <summary>
/// A pool of long-lived interpreter processes (Node.js or Python) for scripts of one engine: what starts them, how
/// many, and what one call and one process may use.
/// </summary>
public sealed class WorkerOptions
{
    /// <summary>The interpreter: a name looked up on PATH or a full path.</summary>
    public string Executable { get; set; } = "";

    /// <summary>Worker processes kept running (started on first use); 0 for one per core.</summary>
    public int Workers { get; set; } = 2;

    /// <summary>Seconds one call may take; a worker that does not answer in time is killed and replaced.</summary>
    public double TimeoutSeconds { get; set; } = 5;

    /// <summary>Memory one worker process may use, in MiB; a worker over it is ended and replaced.</summary>
    public int MemoryMegabytes { get; set; } = 256;

    /// <summary>
    /// A folder of packages installed with npm (its <c>node_modules</c>) or pip (<c>--target</c>) that scripts may
    /// import; null for none.
    /// </summary>
    public string? ModulesPath { get; set; }
}
