using ApiStudio.Engine.Values;
using Jint;
using Jint.Native;
using Jint.Native.Function;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;

namespace ApiStudio.Engine.Scripting;

/// <summary>
/// The <c>javascript</c> engine: scripts run in-process on <see cref="JavaScriptRunner"/>'s sandboxed engines. A script
/// gets <c>event</c> (with <c>setRequest</c> and <c>setResponse</c>), <c>platform</c> (whose <c>api</c> methods answer
/// the result object directly and also call a trailing callback <c>(body, response)</c>), <c>console.log</c> and its
/// variables; nothing else of the host.
/// </summary>
public sealed class JavaScriptEngine(JavaScriptRunner runner) : IScriptEngine
{
    /// <inheritdoc />
    public string Name => ScriptEngines.JavaScript;

    /// <inheritdoc />
    public ValueTask<ScriptSyntaxError?> CheckAsync(string content, CancellationToken cancellationToken) =>
        ValueTask.FromResult(JavaScriptProgram.Check(content));

    /// <inheritdoc />
    public void Forget(long sid) => runner.Forget(sid);

    /// <inheritdoc />
    public Task<ScriptOutcome> RunAsync(ScriptSource source, ScriptRun run)
    {
        var program = source.Sid == 0 ? runner.InlineProgram(source.Name, source.Content) : runner.ProgramFor(source.Sid, source.Version, source.Name, source.Content);
        var outcome = runner.Run(program, (engine, host) =>
        {
            host.Begin(run);
            engine.SetValue("event", host.NewEvent());
            foreach (var (name, value) in run.Variables)
            {
                engine.SetValue(name, JsValues.ToJs(engine, value));
            }
        }, (_, host, result) => new ScriptOutcome(run.EventChangesCount ? host.EventLeft() : run.Event, JsValues.ToPlain(result)),
            run.CancellationToken);
        return Task.FromResult(outcome);
    }
}

/// <summary>
/// The host objects of one pooled engine, made once when the engine is made (and frozen with its built-ins):
/// <c>platform</c> and <c>console</c>, and the accessors of <c>event</c>, all reading the run in progress. The parts
/// of <c>event</c> and <c>platform</c> are converted to JavaScript when a script first reads them, and only what it
/// read or assigned is converted back, so a script that looks at one parameter pays for that parameter's part only.
/// </summary>
internal sealed class JavaScriptHost
{
    private static readonly string[] Parts = ["request", "response", "resource"];
    private static readonly string[] ApiMethods = ["get", "post", "put", "patch", "delete"];

    private readonly Jint.Engine _engine;
    private readonly (ClrFunction Get, ClrFunction Set)[] _accessors;
    private readonly ClrFunction _setRequest;
    private readonly ClrFunction _setResponse;
    private readonly JsValue?[] _parts = new JsValue?[Parts.Length];
    private JsValue? _config;
    private JsValue? _session;
    private ScriptRun? _run;

    public JavaScriptHost(Jint.Engine engine)
    {
        _engine = engine;
        _accessors = Parts.Select((name, i) => (
            new ClrFunction(engine, "get " + name, (_, _) => Part(i)),
            new ClrFunction(engine, "set " + name, (_, args) =>
            {
                _parts[i] = args.Length > 0 ? args[0] : JsValue.Undefined;
                return JsValue.Undefined;
            }))).ToArray();
        _setRequest = new ClrFunction(engine, "setRequest", (_, args) =>
        {
            _parts[0] = args.Length > 0 ? args[0] : JsValue.Null;
            return JsValue.Undefined;
        });
        _setResponse = new ClrFunction(engine, "setResponse", (_, args) => SetResponse(args));

        var platform = new JsObject(engine);
        var api = new JsObject(engine);
        foreach (var method in ApiMethods)
        {
            api.Set(method, new ClrFunction(engine, method, (_, args) => CallApi(method, args)));
        }
        platform.Set("api", api);
        platform.DefineOwnProperty("config", new GetSetPropertyDescriptor(
            new ClrFunction(engine, "get config", (_, _) => _config ??= JsValues.ToJs(engine, Current.Platform.GetValueOrDefault("config"))),
            JsValue.Undefined, enumerable: true, configurable: false));
        platform.DefineOwnProperty("session", new GetSetPropertyDescriptor(
            new ClrFunction(engine, "get session", (_, _) => _session ??= JsValues.ToJs(engine, Current.Platform.GetValueOrDefault("session"))),
            JsValue.Undefined, enumerable: true, configurable: false));
        engine.SetValue("platform", platform);

        var console = new JsObject(engine);
        foreach (var level in new[] { "log", "info", "warn", "error", "debug" })
        {
            console.Set(level, new ClrFunction(engine, level, (_, args) =>
            {
                Current.Log(string.Join(' ', args.Select(Describe)));
                return JsValue.Undefined;
            }));
        }
        engine.SetValue("console", console);
    }

    private ScriptRun Current => _run ?? throw new JavaScriptException(_engine.Intrinsics.Error, "No script is running.");

    /// <summary>Starts a run.</summary>
    public void Begin(ScriptRun run) => _run = run;

    /// <summary>Forgets the run (its values must not reach the next one).</summary>
    public void Clear()
    {
        _run = null;
        Array.Clear(_parts);
        _config = null;
        _session = null;
    }

    /// <summary>A new <c>event</c> whose request, response and resource read and write the run's parts.</summary>
    public ObjectInstance NewEvent()
    {
        var evt = new JsObject(_engine);
        for (var i = 0; i < Parts.Length; i++)
        {
            evt.DefineOwnProperty(Parts[i], new GetSetPropertyDescriptor(_accessors[i].Get, _accessors[i].Set,
                enumerable: true, configurable: true));
        }
        evt.DefineOwnProperty("setRequest", new PropertyDescriptor(_setRequest, PropertyFlag.NonEnumerable));
        evt.DefineOwnProperty("setResponse", new PropertyDescriptor(_setResponse, PropertyFlag.NonEnumerable));
        return evt;
    }

    /// <summary>The event as the script left it: the parts it read or assigned converted back, the others as given.</summary>
    public Map EventLeft()
    {
        var given = Current.Event;
        var left = new Map(Parts.Length);
        for (var i = 0; i < Parts.Length; i++)
        {
            left[Parts[i]] = _parts[i] is { } value ? JsValues.ToPlain(value) : given.GetValueOrDefault(Parts[i]);
        }
        return left;
    }

    private JsValue Part(int index) =>
        _parts[index] ??= JsValues.ToJs(_engine, Current.Event.GetValueOrDefault(Parts[index]));

    /// <summary><c>event.setResponse(content, status_code = 200, content_type = 'application/json')</c>, keeping the headers set so far.</summary>
    private JsValue SetResponse(JsValue[] args)
    {
        var response = new JsObject(_engine);
        response.Set("status_code", args.Length > 1 && args[1].IsNumber() ? args[1] : new JsNumber(200));
        response.Set("headers", Part(1) is ObjectInstance current && current.Get("headers") is ObjectInstance headers ? headers : new JsObject(_engine));
        response.Set("content", args.Length > 0 ? args[0] : JsValue.Null);
        response.Set("content_type", args.Length > 2 && args[2].IsString() ? args[2] : new JsString("application/json"));
        _parts[1] = response;
        return JsValue.Undefined;
    }

    /// <summary>
    /// <c>platform.api.{method}(path, payload?, options?, callback?)</c>: waits for the call (a script runs on its own
    /// thread, synchronously) and answers <c>{status_code, content, content_type, headers}</c>; a trailing function is
    /// called with the body as JSON text and <c>{statusCode, statusMessage, headers}</c>, as DreamFactory's scripts expect.
    /// </summary>
    private JsValue CallApi(string method, JsValue[] args)
    {
        var run = Current;
        var callback = args.Length > 0 && args[^1] is Function function ? function : null;
        var given = callback is null ? args : args[..^1];
        var path = given.Length > 0 && given[0].IsString()
            ? given[0].ToString()
            : throw new JavaScriptException(_engine.Intrinsics.TypeError, $"platform.api.{method} needs a path");
        var payload = given.Length > 1 ? JsValues.ToPlain(given[1]) : null;
        var options = given.Length > 2 ? JsValues.ToPlain(given[2]) as Map : null;
        var result = run.Api.CallAsync(method, path, payload, options, run.CancellationToken).GetAwaiter().GetResult();
        var value = JsValues.ToJs(_engine, result);
        if (callback is not null)
        {
            var status = result.GetValueOrDefault("status_code");
            var response = new Map
            {
                ["statusCode"] = status,
                ["statusMessage"] = status is long code ? Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase((int)code) : "",
                ["headers"] = result.GetValueOrDefault("headers"),
            };
            _engine.Call(callback, JsValue.Undefined, [new JsString(PlainJson.Serialize(result.GetValueOrDefault("content"))), JsValues.ToJs(_engine, response)]);
        }
        return value;
    }

    /// <summary>A logged value: strings as they are, anything else as JSON.</summary>
    private static string Describe(JsValue value) => value.IsString() ? value.ToString() : PlainJson.Serialize(JsValues.ToPlain(value));
}
