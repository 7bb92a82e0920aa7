namespace ApiStudio.Engine.Scripting.Workers;

/// <summary>
/// What differs between the interpreters that run worker processes: the engine's name, the runtime file embedded in
/// this assembly, the command line (with the memory limit where the interpreter takes one) and where modules are
/// looked up.
/// </summary>
public sealed class WorkerRuntime
{
    private WorkerRuntime(string engine, string label, string file, string section,
        Func<WorkerOptions, string, IEnumerable<string>> arguments, Func<string, IEnumerable<KeyValuePair<string, string>>> modules)
    {
        Engine = engine;
        Label = label;
        File = file;
        Section = section;
        Arguments = arguments;
        Modules = modules;
    }

    /// <summary>Node.js: <c>node --max-old-space-size=N worker.js</c>; modules from <c>ModulesPath/node_modules</c>.</summary>
    public static readonly WorkerRuntime NodeJs = new(ScriptEngines.NodeJs, "Node.js", "worker.js", "NodeJs",
        (options, file) => [$"--max-old-space-size={options.MemoryMegabytes}", "--no-warnings", file],
        path => [new("NODE_PATH", string.Join(Path.PathSeparator, Path.Combine(path, "node_modules"), path))]);

    /// <summary>Python 3: <c>python3 worker.py</c> (the worker limits its own address space); modules from <c>ModulesPath</c>.</summary>
    public static readonly WorkerRuntime Python = new(ScriptEngines.Python, "Python", "worker.py", "Python",
        (_, file) => [file],
        path => [new("PYTHONPATH", path)]);

    /// <summary>The engine's name (<see cref="ScriptEngines"/>).</summary>
    public string Engine { get; }

    /// <summary>The interpreter's name for messages.</summary>
    public string Label { get; }

    /// <summary>The runtime file's name, embedded next to this class.</summary>
    public string File { get; }

    /// <summary>The configuration section under <c>ApiStudio:Scripting</c>, for messages.</summary>
    public string Section { get; }

    /// <summary>The interpreter's arguments for a worker running <c>file</c>.</summary>
    public Func<WorkerOptions, string, IEnumerable<string>> Arguments { get; }

    /// <summary>The environment variables that make the packages of a modules folder importable.</summary>
    public Func<string, IEnumerable<KeyValuePair<string, string>>> Modules { get; }

    /// <summary>The runtime's source text.</summary>
    public string Source()
    {
        var name = typeof(WorkerRuntime).Namespace + "." + File;
        using var stream = typeof(WorkerRuntime).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The {Label} worker runtime {name} is not embedded in {typeof(WorkerRuntime).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
