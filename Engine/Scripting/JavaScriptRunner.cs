using System.Collections.Concurrent;
using ApiStudio.Engine.Hosting;
using ApiStudio.Engine.Processing;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Microsoft.Extensions.ObjectPool;
using Microsoft.Extensions.Options;

namespace ApiStudio.Engine.Scripting;

/// <summary>
/// Runs prepared JavaScript programs on a pool of sandboxed Jint engines: no CLR access, no <c>eval</c> or
/// <c>new Function</c>, time, statement, recursion (counted and native-stack) and memory limits per run. Built-in
/// objects are frozen when an engine is created and its globals are restored after every run, so nothing one run
/// leaves behind is seen by the next; an engine that hit a limit is dropped rather than reused.
/// </summary>
public sealed class JavaScriptRunner : IDisposable
{
    private readonly JavaScriptOptions _limits;
    private readonly ObjectPool<PooledEngine> _pool;
    private const int MaxInlinePrograms = 1024;

    private readonly ConcurrentDictionary<long, (long Version, JavaScriptProgram Program)> _programs = new();
    private readonly ConcurrentDictionary<(string Name, string Content), JavaScriptProgram> _inline = new();

    /// <summary>Creates the runner with the limits of <c>ApiStudio:Scripting:JavaScript</c>.</summary>
    public JavaScriptRunner(IOptions<ApiStudioOptions> options)
    {
        _limits = options.Value.Scripting.JavaScript;
        // Lock-free: renting and returning never wait for another request; an engine the pool cannot keep is disposed.
        _pool = new DefaultObjectPoolProvider { MaximumRetained = Math.Max(1, _limits.PoolSize) }.Create(new EnginePolicy(_limits));
    }

    /// <summary>The program of a stored script at a version, parsed once per version.</summary>
    public JavaScriptProgram ProgramFor(long sid, long version, string name, string content)
    {
        if (_programs.TryGetValue(sid, out var cached) && cached.Version == version)
        {
            return cached.Program;
        }
        var program = JavaScriptProgram.Prepare(name, content);
        _programs[sid] = (version, program);
        return program;
    }

    /// <summary>
    /// The program of an inline script (the <c>script</c> processor's literal code), parsed once per text; the cache
    /// is bounded and starts over when full.
    /// </summary>
    public JavaScriptProgram InlineProgram(string name, string content)
    {
        var key = (name, content);
        if (_inline.TryGetValue(key, out var cached))
        {
            return cached;
        }
        if (_inline.Count >= MaxInlinePrograms)
        {
            _inline.Clear();
        }
        return _inline[key] = JavaScriptProgram.Prepare(name, content);
    }

    /// <summary>Forgets the program of a deleted script.</summary>
    public void Forget(long sid) => _programs.TryRemove(sid, out _);

    /// <summary>
    /// Runs <paramref name="program"/> with <paramref name="globals"/> (plain values: null, bool, numbers, string,
    /// lists, maps) and returns what it returned, as a plain value. A script error or a limit ends in
    /// <see cref="ApiException"/> naming the script (see <see cref="Run{T}"/>).
    /// </summary>
    public object? Run(JavaScriptProgram program, IReadOnlyDictionary<string, object?>? globals = null) =>
        Run(program, (engine, _) =>
        {
            foreach (var (name, value) in globals ?? new Dictionary<string, object?>())
            {
                engine.SetValue(name, JsValues.ToJs(engine, value));
            }
        }, (_, _, result) => JsValues.ToPlain(result), CancellationToken.None);

    /// <summary>
    /// Runs <paramref name="program"/> on a pooled engine: <paramref name="setUp"/> gives it its globals,
    /// <paramref name="finish"/> reads what it returned (and what it left in its globals) before the engine is reset.
    /// An exception of <see cref="ScriptExceptions"/> thrown by the script keeps its status, code and context; any
    /// other thrown value is a 500 with its message and line; a limit or <paramref name="cancellationToken"/> ends the
    /// run with a 500 naming the limit.
    /// </summary>
    internal T Run<T>(JavaScriptProgram program, Action<Jint.Engine, JavaScriptHost> setUp, Func<Jint.Engine, JavaScriptHost, JsValue, T> finish,
        CancellationToken cancellationToken)
    {
        var pooled = _pool.Get();
        pooled.Reusable = false;
        try
        {
            // Armed for this run only: creating an engine (freezing its built-ins) is never timed.
            pooled.Limit.Arm(Environment.TickCount64 + (long)Math.Ceiling(_limits.TimeoutSeconds * 1000), cancellationToken);
            setUp(pooled.Engine, pooled.Host);
            var value = pooled.Engine.Evaluate(program.Prepared);
            var result = finish(pooled.Engine, pooled.Host, value);
            pooled.Reusable = true;
            return result;
        }
        catch (JavaScriptException ex)
        {
            pooled.Reusable = true;
            throw Thrown(program, ex);
        }
        catch (RunLimit.StoppedException)
        {
            throw Failed(program, cancellationToken.IsCancellationRequested
                ? "was stopped: the request ended"
                : $"ran longer than its time limit of {_limits.TimeoutSeconds} s");
        }
        catch (StatementsCountOverflowException)
        {
            throw Failed(program, $"executed more than its limit of {_limits.MaxStatements} statements");
        }
        catch (RecursionDepthOverflowException)
        {
            throw Failed(program, $"recursed deeper than its limit of {_limits.MaxRecursionDepth} calls");
        }
        catch (MemoryLimitExceededException)
        {
            throw Failed(program, $"allocated more than its memory limit of {_limits.MemoryBytes} bytes");
        }
        catch (JsValues.UnsupportedValueException ex)
        {
            pooled.Reusable = true;
            throw Failed(program, ex.Message);
        }
        finally
        {
            pooled.Limit.Disarm();
            pooled.Host.Clear();
            _pool.Return(pooled);
        }
    }

    /// <summary>
    /// What a script threw: one of the exception classes (an object carrying <c>status_code</c>) keeps its status, code,
    /// message and context; anything else is a 500 with its message and line.
    /// </summary>
    private static ApiException Thrown(JavaScriptProgram program, JavaScriptException ex)
    {
        if (ex.Error is ObjectInstance thrown && thrown.Get("status_code") is JsNumber status)
        {
            var code = thrown.Get("code") is JsNumber number ? (long?)number.AsNumber() : null;
            var context = thrown.Get("context") is var value && !value.IsNull() && !value.IsUndefined() ? JsValues.ToPlain(value) : null;
            return ScriptExceptions.Thrown(program.Name, (int)status.AsNumber(), thrown.Get("message").ToString(), code, context);
        }
        return Failed(program, $"{ex.Message} (line {ex.Location.Start.Line})");
    }

    private static ApiException Failed(JavaScriptProgram program, string why) => ScriptExceptions.Failed(program.Name, why);

    /// <summary>Disposes the pooled engines.</summary>
    public void Dispose() => (_pool as IDisposable)?.Dispose();

    /// <summary>
    /// Engines are made on demand; one comes back to the pool with its globals restored, unless a run broke off inside
    /// it (a limit) or it has served <see cref="JavaScriptOptions.RunsPerEngine"/> runs.
    /// </summary>
    private sealed class EnginePolicy(JavaScriptOptions limits) : IPooledObjectPolicy<PooledEngine>
    {
        public PooledEngine Create() => new(limits);

        public bool Return(PooledEngine pooled)
        {
            if (!pooled.Reusable || ++pooled.Runs >= limits.RunsPerEngine)
            {
                return false;
            }
            try
            {
                pooled.Engine.Advanced.RestoreGlobalSnapshot(pooled.Clean);
                return true;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }
    }

    /// <summary>
    /// The time limit of one run and its request's cancellation, checked by the engine every few statements; disarmed
    /// between runs (<see cref="Constraint.Reset"/>, called at every evaluation, leaves it as it is).
    /// </summary>
    internal sealed class RunLimit : Constraint
    {
        private long _deadline = long.MaxValue;
        private CancellationToken _cancellation;

        /// <summary>Ends the run: past its deadline or its request over.</summary>
        public sealed class StoppedException : Exception;

        public override bool IsAmortizable => true;

        public void Arm(long deadline, CancellationToken cancellation)
        {
            _deadline = deadline;
            _cancellation = cancellation;
        }

        public void Disarm()
        {
            _deadline = long.MaxValue;
            _cancellation = CancellationToken.None;
        }

        public override void Check()
        {
            if (Environment.TickCount64 > _deadline || _cancellation.IsCancellationRequested)
            {
                throw new StoppedException();
            }
        }

        public override void Reset()
        {
        }
    }

    /// <summary>An engine with its limits, its built-ins frozen, and the snapshot of its clean globals.</summary>
    private sealed class PooledEngine : IDisposable
    {
        public PooledEngine(JavaScriptOptions limits)
        {
            Engine = new Jint.Engine(options =>
            {
                options.MaxStatements(limits.MaxStatements);
                options.LimitRecursion(limits.MaxRecursionDepth);
                options.LimitMemory(limits.MemoryBytes);
                options.Constraints.StackOverflowGuard = true;
                options.DisableStringCompilation();
                options.Constraints.Constraints.Add(Limit);
            });
            Engine.SetValue("__exceptionKinds", JsValues.ToJs(Engine, ScriptExceptions.AsPlain()));
            Engine.Execute(ExceptionClasses);
            Host = new JavaScriptHost(Engine);
            Engine.Execute(FreezeBuiltIns);
            Clean = Engine.Advanced.CaptureGlobalSnapshot();
        }

        public Jint.Engine Engine { get; }

        public RunLimit Limit { get; } = new();

        public JavaScriptHost Host { get; }

        public GlobalSnapshot Clean { get; }

        public int Runs { get; set; }

        /// <summary>The last run ended normally (or by the script's own exception): the engine may serve again.</summary>
        public bool Reusable { get; set; }

        public void Dispose() => Engine.Dispose();
    }

    // The exception classes of every engine (ScriptExceptions): each carries status_code, code and context, which
    // Thrown reads back. They are globals like the built-ins, frozen with them.
    private const string ExceptionClasses = """
        (function (kinds) {
          'use strict';
          const define = (name, cls) => {
            Object.defineProperty(cls, 'name', { value: name });
            Object.defineProperty(cls.prototype, 'name', { value: name, writable: true, configurable: true });
            Object.defineProperty(globalThis, name, { value: cls, writable: false, enumerable: false, configurable: false });
          };
          for (const kind of kinds) {
            define(kind.name, class extends Error {
              constructor(message, code, context) {
                super(message);
                this.status_code = kind.status;
                this.code = code ?? kind.code ?? kind.status;
                this.context = context ?? null;
              }
            });
          }
          define('RestException', class extends Error {
            constructor(status, message, code, context) {
              super(message);
              this.status_code = status;
              this.code = code ?? status;
              this.context = context ?? null;
            }
          });
        })(__exceptionKinds);
        delete globalThis.__exceptionKinds;
        """;

    // Restoring the globals does not undo changes to built-in objects (Object.prototype.x = 1), so they are frozen.
    // Assigning a property an object inherits from a frozen prototype would then fail silently (err.name = 'X' in a
    // custom error): those inherited values become accessors whose setter gives the object its own property instead.
    private const string FreezeBuiltIns = """
        (function () {
          'use strict';
          const own = (o) => Reflect.ownKeys(o).map((k) => Object.getOwnPropertyDescriptor(o, k));
          const overridable = (proto) => {
            for (const key of Reflect.ownKeys(proto)) {
              const d = Object.getOwnPropertyDescriptor(proto, key);
              if (!('value' in d) || !d.writable || !d.configurable) continue;
              const value = d.value;
              Object.defineProperty(proto, key, {
                get() { return value; },
                set(v) {
                  if (this === proto) throw new TypeError('Built-in objects cannot be changed.');
                  Object.defineProperty(this, key, { value: v, writable: true, enumerable: true, configurable: true });
                },
                enumerable: d.enumerable,
                configurable: false,
              });
            }
          };
          for (const p of [Object.prototype, Function.prototype, Array.prototype, Error.prototype, EvalError.prototype,
            RangeError.prototype, ReferenceError.prototype, SyntaxError.prototype, TypeError.prototype, URIError.prototype]) {
            overridable(p);
          }
          const seen = new Set([globalThis]);
          const todo = [Object.getPrototypeOf(function* () {}), Object.getPrototypeOf(async function () {}),
            Object.getPrototypeOf(async function* () {}), Object.getPrototypeOf([][Symbol.iterator]()),
            Object.getPrototypeOf(new Map().entries()), Object.getPrototypeOf(new Set().values()),
            Object.getPrototypeOf(''[Symbol.iterator]()), Object.getPrototypeOf(/x/[Symbol.matchAll]('')),
            Object.getPrototypeOf(globalThis)];
          for (const d of own(globalThis)) todo.push(d.value, d.get, d.set);
          while (todo.length) {
            const o = todo.pop();
            if ((typeof o !== 'object' && typeof o !== 'function') || o === null || seen.has(o)) continue;
            seen.add(o);
            Object.freeze(o);
            todo.push(Object.getPrototypeOf(o));
            for (const d of own(o)) todo.push(d.value, d.get, d.set);
          }
        })();
        """;
}
