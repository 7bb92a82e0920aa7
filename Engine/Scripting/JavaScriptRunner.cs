using System.Collections.Concurrent;
using ApiStudio.Engine.Hosting;
using ApiStudio.Engine.Processing;
using Jint;
using Jint.Runtime;
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
    private readonly ConcurrentBag<PooledEngine> _pool = [];
    private readonly ConcurrentDictionary<long, (long Version, JavaScriptProgram Program)> _programs = new();

    /// <summary>Creates the runner with the limits of <c>ApiStudio:Scripting:JavaScript</c>.</summary>
    public JavaScriptRunner(IOptions<ApiStudioOptions> options) => _limits = options.Value.Scripting.JavaScript;

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

    /// <summary>Forgets the program of a deleted script.</summary>
    public void Forget(long sid) => _programs.TryRemove(sid, out _);

    /// <summary>
    /// Runs <paramref name="program"/> with <paramref name="globals"/> (plain values: null, bool, numbers, string,
    /// lists, maps) and returns what it returned, as a plain value. A script error or a limit ends in
    /// <see cref="ApiException"/> (500) naming the script.
    /// </summary>
    public object? Run(JavaScriptProgram program, IReadOnlyDictionary<string, object?>? globals = null)
    {
        var pooled = Rent();
        var reusable = false;
        try
        {
            foreach (var (name, value) in globals ?? new Dictionary<string, object?>())
            {
                pooled.Engine.SetValue(name, JsValues.ToJs(pooled.Engine, value));
            }
            var result = JsValues.ToPlain(pooled.Engine.Evaluate(program.Prepared));
            reusable = true;
            return result;
        }
        catch (JavaScriptException ex)
        {
            reusable = true;
            throw Failed(program, $"{ex.Message} (line {ex.Location.Start.Line})", ex);
        }
        catch (TimeoutException ex)
        {
            throw Failed(program, $"ran longer than its time limit of {_limits.TimeoutSeconds} s", ex);
        }
        catch (StatementsCountOverflowException ex)
        {
            throw Failed(program, $"executed more than its limit of {_limits.MaxStatements} statements", ex);
        }
        catch (RecursionDepthOverflowException ex)
        {
            throw Failed(program, $"recursed deeper than its limit of {_limits.MaxRecursionDepth} calls", ex);
        }
        catch (MemoryLimitExceededException ex)
        {
            throw Failed(program, $"allocated more than its memory limit of {_limits.MemoryBytes} bytes", ex);
        }
        catch (JsValues.UnsupportedValueException ex)
        {
            reusable = true;
            throw Failed(program, ex.Message, ex);
        }
        finally
        {
            Return(pooled, reusable);
        }
    }

    private static ApiException Failed(JavaScriptProgram program, string why, Exception inner) =>
        new($"Script {program.Name} failed: {why}.", ErrorCodes.Core, null, 500, inner);

    private PooledEngine Rent() => _pool.TryTake(out var pooled) ? pooled : new PooledEngine(_limits);

    private void Return(PooledEngine pooled, bool reusable)
    {
        try
        {
            pooled.Engine.Advanced.RestoreGlobalSnapshot(pooled.Clean);
        }
        catch (InvalidOperationException)
        {
            reusable = false;
        }
        if (reusable && ++pooled.Runs < _limits.RunsPerEngine && _pool.Count < _limits.PoolSize)
        {
            _pool.Add(pooled);
        }
        else
        {
            pooled.Engine.Dispose();
        }
    }

    /// <summary>Disposes the pooled engines.</summary>
    public void Dispose()
    {
        while (_pool.TryTake(out var pooled))
        {
            pooled.Engine.Dispose();
        }
    }

    /// <summary>An engine with its limits, its built-ins frozen, and the snapshot of its clean globals.</summary>
    private sealed class PooledEngine
    {
        public PooledEngine(JavaScriptOptions limits)
        {
            Engine = new Jint.Engine(options =>
            {
                options.TimeoutInterval(TimeSpan.FromSeconds(limits.TimeoutSeconds));
                options.MaxStatements(limits.MaxStatements);
                options.LimitRecursion(limits.MaxRecursionDepth);
                options.LimitMemory(limits.MemoryBytes);
                options.Constraints.StackOverflowGuard = true;
                options.DisableStringCompilation();
            });
            Engine.Execute(FreezeBuiltIns);
            Clean = Engine.Advanced.CaptureGlobalSnapshot();
        }

        public Jint.Engine Engine { get; }

        public GlobalSnapshot Clean { get; }

        public int Runs { get; set; }
    }

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
