using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using ApiStudio.Engine.Hosting;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Scripting.CSharp.Guarding;
using ApiStudio.Engine.Values;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using Microsoft.Extensions.Options;

namespace ApiStudio.Engine.Scripting.CSharp;

/// <summary>
/// Runs C# event scripts in process with Roslyn scripting. C# scripts are trusted code (only Developers save them,
/// the operator may switch the engine off): they see all of .NET. What keeps a run bounded is the guard
/// <see cref="GuardRewriter"/> compiles into every loop, method, lambda and <c>catch</c>: past the time limit, near the
/// end of the stack or over the memory limit the run is stopped with a 500 naming the script and the limit, and the
/// host goes on serving. The engine also stops waiting for a run at its time limit, whatever the script is doing.
/// </summary>
/// <remarks>
/// <para>Each script version is compiled once (stored scripts by id and version, inline scripts by a hash of their
/// text), concurrent first runs share one compilation, and the compiled delegate is kept until
/// <see cref="Forget"/>. Roslyn loads each compiled script as an assembly that cannot be unloaded: every compiled
/// version stays in memory for the life of the process.</para>
/// <para>The globals are <see cref="CSharpScriptGlobals"/>: <c>@event</c>, <c>platform</c>, <c>console</c>,
/// <c>vars</c>, <c>print</c> and the exception classes. Scripts import System, System.Linq,
/// System.Collections.Generic, System.Text, System.Text.Json, System.Threading.Tasks,
/// <c>ApiStudio.Engine.Scripting.CSharp</c> and <c>ApiStudio.Engine.Values</c> (<see cref="Map"/>).</para>
/// </remarks>
public sealed class CSharpEngine : IScriptEngine
{
    private static readonly string[] Imports =
    [
        "System", "System.Linq", "System.Collections.Generic", "System.Text", "System.Text.Json", "System.Threading.Tasks",
        typeof(CSharpEngine).Namespace!, typeof(Map).Namespace!,
    ];

    private static readonly Lazy<ScriptOptions> Options = new(CreateOptions);

    private readonly CSharpOptions _limits;
    private readonly ConcurrentDictionary<long, (long Version, Lazy<Task<Compiled>> Compiled)> _stored = new();
    private readonly ConcurrentDictionary<string, Lazy<Task<Compiled>>> _inline = new(StringComparer.Ordinal);
    private int _compilations;

    /// <summary>Creates the engine with the limits of <c>ApiStudio:Scripting:CSharp</c>.</summary>
    public CSharpEngine(IOptions<ApiStudioOptions> options) => _limits = options.Value.Scripting.CSharp;

    /// <inheritdoc />
    public string Name => ScriptEngines.CSharp;

    /// <summary>How many script versions this engine compiled (emitted and loaded) so far.</summary>
    internal int Compilations => Volatile.Read(ref _compilations);

    /// <inheritdoc />
    public ValueTask<ScriptSyntaxError?> CheckAsync(string content, CancellationToken cancellationToken) =>
        new(Task.Run(() => Analyze(content, cancellationToken).Error, cancellationToken));

    /// <inheritdoc />
    public void Forget(long sid) => _stored.TryRemove(sid, out _);

    /// <inheritdoc />
    public async Task<ScriptOutcome> RunAsync(ScriptSource source, ScriptRun run)
    {
        Compiled compiled;
        try
        {
            compiled = await CompiledFor(source).WaitAsync(run.CancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (run.CancellationToken.IsCancellationRequested)
        {
            throw Stopped(source.Name, LimitKind.Cancelled);
        }
        if (compiled.Error is { } error)
        {
            throw ScriptExceptions.Failed(source.Name, $"it does not compile: {error}");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(run.CancellationToken);
        var milliseconds = (long)Math.Ceiling(_limits.TimeoutSeconds * 1000);
        timeout.CancelAfter(TimeSpan.FromMilliseconds(milliseconds));
        var limits = new RunLimits(Environment.TickCount64 + milliseconds, _limits.MemoryBytes, _limits.StackBytes, timeout.Token, run.CancellationToken);
        var @event = new ScriptEvent(ScriptValues.ToPlain(run.Event) as Map ?? new Map());
        object? result;
        LimitKind? stopped;
        try
        {
            var globals = new CSharpScriptGlobals(
                @event,
                new ScriptPlatform(ScriptValues.ToPlain(run.Platform) as Map ?? new Map(), new ScriptApi(run.Api, timeout.Token)),
                new ScriptConsole(run.Log),
                ScriptValues.ToPlain(run.Variables) as Map ?? new Map());
            var runner = compiled.Runner!;
            var task = Task.Run(() =>
            {
                __ApiStudioRunGuard.Enter(limits);
                return runner(globals, timeout.Token);
            }, CancellationToken.None);
            result = ScriptValues.ToPlain(await task.WaitAsync(timeout.Token).ConfigureAwait(false));
            stopped = limits.Stopped;
        }
        catch (Exception ex)
        {
            throw Failure(source.Name, ex, limits, timeout.Token);
        }
        finally
        {
            // A task the script left running stops at its next checkpoint.
            limits.End();
        }
        // A stop swallowed where the script's catch clauses could not see it (inside a framework call) still counts.
        return stopped is { } kind ? throw Stopped(source.Name, kind) : new ScriptOutcome(@event.Inner, result);
    }

    /// <summary>Compiles <paramref name="source"/> now (or waits for its compilation), as its first run would.</summary>
    internal Task PrepareAsync(ScriptSource source) => CompiledFor(source);

    private ApiException Failure(string script, Exception ex, RunLimits limits, CancellationToken timeout)
    {
        if (limits.Stopped is { } stopped && stopped != LimitKind.Ended)
        {
            return Stopped(script, stopped);
        }
        // Unwrapped first: a cancelled wait inside the script (Task.Delay(...).Wait()) arrives as an AggregateException.
        while (ex is AggregateException { InnerExceptions.Count: 1 } or TargetInvocationException && ex.InnerException is { } inner)
        {
            ex = inner;
        }
        if (ex is OperationCanceledException && timeout.IsCancellationRequested)
        {
            return Stopped(script, limits.Caller.IsCancellationRequested ? LimitKind.Cancelled : LimitKind.Time);
        }
        return ex switch
        {
            ScriptException thrown => ScriptExceptions.Thrown(script, thrown.Status, thrown.Message, thrown.Code, Plain(thrown.Context)),
            ApiException api => ScriptExceptions.Thrown(script, api.HttpStatus, api.Message, api.Code, api.Context),
            ScriptLimitException limit => Stopped(script, limit.Kind),
            CompilationErrorException compile => ScriptExceptions.Failed(script, $"it does not compile: {compile.Message}"),
            _ => ScriptExceptions.Thrown(script, null, ex.Message),
        };
    }

    private static object? Plain(object? context)
    {
        try
        {
            return ScriptValues.ToPlain(context);
        }
        catch (InvalidOperationException ex)
        {
            return ex.Message;
        }
    }

    private ApiException Stopped(string script, LimitKind kind) => ScriptExceptions.Failed(script, kind switch
    {
        LimitKind.Time => $"ran longer than its time limit of {_limits.TimeoutSeconds.ToString(CultureInfo.InvariantCulture)} s",
        LimitKind.Cancelled => "was cancelled because its request ended",
        LimitKind.Recursion => $"recursed deeper than its stack limit of {_limits.StackBytes} bytes",
        LimitKind.Memory => $"allocated more than its memory limit of {_limits.MemoryBytes} bytes",
        _ => "ran outside of its run",
    });

    private Task<Compiled> CompiledFor(ScriptSource source)
    {
        if (source.Sid == 0)
        {
            var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(source.Content)));
            return _inline.GetOrAdd(key, _ => Compile(source.Content)).Value;
        }
        var entry = _stored.AddOrUpdate(source.Sid,
            _ => (source.Version, Compile(source.Content)),
            (_, existing) => existing.Version == source.Version ? existing : (source.Version, Compile(source.Content)));
        return entry.Compiled.Value;
    }

    // One compilation per version even when the first runs arrive together: the Lazy runs it once.
    private Lazy<Task<Compiled>> Compile(string content) => new(() => Task.Run(() =>
    {
        var (script, error) = Analyze(content, CancellationToken.None);
        if (error is not null)
        {
            return new Compiled(null, error);
        }
        var runner = script!.CreateDelegate();
        Interlocked.Increment(ref _compilations);
        return new Compiled(runner, null);
    }), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Compiles <paramref name="content"/> as written (for its errors, in the script's own lines and columns), refuses
    /// names reserved for the guard, and returns the guarded script, not yet emitted.
    /// </summary>
    private static (Script<object?>? Script, ScriptSyntaxError? Error) Analyze(string content, CancellationToken cancellationToken)
    {
        var original = CSharpScript.Create<object?>(content, Options.Value, typeof(CSharpScriptGlobals));
        var compilation = original.GetCompilation();
        var tree = compilation.SyntaxTrees.Single();
        if (GuardRewriter.FindReserved(tree.GetRoot(cancellationToken)) is { } reserved)
        {
            var place = reserved.GetLocation().GetLineSpan().StartLinePosition;
            return (null, new ScriptSyntaxError($"The name '{reserved.ValueText}' is reserved for the engine.", place.Line + 1, place.Character + 1));
        }
        if (FirstError(compilation, cancellationToken) is { } error)
        {
            return (null, error);
        }
        var guardedText = new GuardRewriter(compilation.GetSemanticModel(tree)).Visit(tree.GetRoot(cancellationToken)).ToFullString();
        var guarded = CSharpScript.Create<object?>(guardedText, Options.Value, typeof(CSharpScriptGlobals));
        if (FirstError(guarded.GetCompilation(), cancellationToken) is { } guardError)
        {
            // Not expected: the rewriter made code that does not compile. Said at save time rather than at the first run.
            return (null, guardError with { Message = $"The engine could not add its limits to this script: {guardError.Message}" });
        }
        return (guarded, null);
    }

    private static ScriptSyntaxError? FirstError(Compilation compilation, CancellationToken cancellationToken)
    {
        var first = compilation.GetDiagnostics(cancellationToken)
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .OrderBy(d => d.Location.SourceSpan.Start)
            .FirstOrDefault();
        if (first is null)
        {
            return null;
        }
        var place = first.Location.GetLineSpan().StartLinePosition;
        return new ScriptSyntaxError($"{first.Id}: {first.GetMessage(CultureInfo.InvariantCulture)}", place.Line + 1, place.Character + 1);
    }

    // The references are made once and shared by every compilation (Roslyn would otherwise open and map the
    // framework's assemblies again for each script): Roslyn's default set for scripts, resolved against the running
    // framework, and the assemblies of the imports and of the script API.
    private static ScriptOptions CreateOptions()
    {
        var platform = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            platform.TryAdd(Path.GetFileNameWithoutExtension(path), path);
        }
        var paths = ScriptOptions.Default.MetadataReferences
            .Select(reference => reference.Display is { } name && platform.TryGetValue(name, out var path) ? path : null)
            .OfType<string>()
            .Concat(new[]
            {
                typeof(object), typeof(Enumerable), typeof(List<>), typeof(ConcurrentDictionary<,>), typeof(StringBuilder),
                typeof(System.Text.Json.JsonSerializer), typeof(System.Text.RegularExpressions.Regex), typeof(Task),
                typeof(System.Linq.Expressions.Expression), typeof(Microsoft.CSharp.RuntimeBinder.Binder),
                typeof(System.Dynamic.DynamicObject), typeof(System.Net.Http.HttpClient), typeof(Uri),
                typeof(System.Security.Cryptography.SHA256), typeof(System.Web.HttpUtility), typeof(Map), typeof(CSharpEngine),
            }.Select(type => type.Assembly.Location))
            .Concat(new[] { "System.Runtime", "netstandard", "System.Collections", "System.Linq" }
                .Select(name => platform.GetValueOrDefault(name)).OfType<string>())
            .Where(path => path.Length > 0)
            .Distinct(StringComparer.Ordinal);
        return ScriptOptions.Default
            .WithMetadataResolver(new SharedMetadataResolver(ScriptOptions.Default.MetadataResolver))
            .WithReferences(paths.Select(path => MetadataReference.CreateFromFile(path)))
            .WithImports(Imports)
            .WithOptimizationLevel(OptimizationLevel.Release)
            .WithAllowUnsafe(false)
            .WithEmitDebugInformation(false);
    }

    /// <summary>
    /// Resolves what a script's references reference in turn (the engine's own dependencies) once for all scripts:
    /// Roslyn's resolver reads such an assembly again for every compilation, and its copy stays in native memory.
    /// </summary>
    private sealed class SharedMetadataResolver(MetadataReferenceResolver inner) : MetadataReferenceResolver
    {
        private readonly ConcurrentDictionary<string, PortableExecutableReference?> _missing = new(StringComparer.Ordinal);

        public override bool ResolveMissingAssemblies => inner.ResolveMissingAssemblies;

        public override PortableExecutableReference? ResolveMissingAssembly(MetadataReference definition, AssemblyIdentity referenceIdentity) =>
            _missing.GetOrAdd(referenceIdentity.GetDisplayName(), _ => inner.ResolveMissingAssembly(definition, referenceIdentity));

        public override System.Collections.Immutable.ImmutableArray<PortableExecutableReference> ResolveReference(string reference, string? baseFilePath,
            MetadataReferenceProperties properties) => inner.ResolveReference(reference, baseFilePath, properties);

        public override bool Equals(object? other) => ReferenceEquals(this, other);

        public override int GetHashCode() => RuntimeHelpers.GetHashCode(this);
    }

    private sealed record Compiled(ScriptRunner<object?>? Runner, ScriptSyntaxError? Error);
}
