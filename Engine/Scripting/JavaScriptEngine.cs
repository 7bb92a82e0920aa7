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
    private static readonly string[] ApiMethods = ["get", "post", "put", "patch", "delete"];

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
        ObjectInstance? evt = null;
        var outcome = runner.Run(program, engine =>
        {
            evt = (ObjectInstance)JsValues.ToJs(engine, run.Event);
            Hide(evt, "setRequest", new ClrFunction(engine, "setRequest", (self, args) =>
            {
                evt.Set("request", args.Length > 0 ? args[0] : JsValue.Null);
                return JsValue.Undefined;
            }));
            Hide(evt, "setResponse", new ClrFunction(engine, "setResponse", (self, args) =>
            {
                var response = new JsObject(engine);
                response.Set("status_code", args.Length > 1 && args[1].IsNumber() ? args[1] : new JsNumber(200));
                response.Set("headers", evt.Get("response") is ObjectInstance current && current.Get("headers") is ObjectInstance headers
                    ? headers : new JsObject(engine));
                response.Set("content", args.Length > 0 ? args[0] : JsValue.Null);
                response.Set("content_type", args.Length > 2 && args[2].IsString() ? args[2] : new JsString("application/json"));
                evt.Set("response", response);
                return JsValue.Undefined;
            }));
            engine.SetValue("event", evt);
            var platform = (ObjectInstance)JsValues.ToJs(engine, run.Platform);
            var api = new JsObject(engine);
            foreach (var method in ApiMethods)
            {
                api.Set(method, new ClrFunction(engine, method, (_, args) => CallApi(engine, run, method, args)));
            }
            platform.Set("api", api);
            engine.SetValue("platform", platform);
            var console = new JsObject(engine);
            foreach (var level in new[] { "log", "info", "warn", "error", "debug" })
            {
                console.Set(level, new ClrFunction(engine, level, (_, args) =>
                {
                    run.Log(string.Join(' ', args.Select(Describe)));
                    return JsValue.Undefined;
                }));
            }
            engine.SetValue("console", console);
            foreach (var (name, value) in run.Variables)
            {
                engine.SetValue(name, JsValues.ToJs(engine, value));
            }
        }, (_, result) => new ScriptOutcome(JsValues.ToPlain(evt!) as Map ?? [], JsValues.ToPlain(result)), run.CancellationToken);
        return Task.FromResult(outcome);
    }

    /// <summary>
    /// <c>platform.api.{method}(path, payload?, options?, callback?)</c>: waits for the call (a script runs on its own
    /// thread, synchronously) and answers <c>{status_code, content, content_type, headers}</c>; a trailing function is
    /// called with the body as JSON text and <c>{statusCode, statusMessage, headers}</c>, as DreamFactory's scripts expect.
    /// </summary>
    private static JsValue CallApi(Jint.Engine engine, ScriptRun run, string method, JsValue[] args)
    {
        var callback = args.Length > 0 && args[^1] is Function function ? function : null;
        var given = callback is null ? args : args[..^1];
        var path = given.Length > 0 && given[0].IsString() ? given[0].ToString() : throw new JavaScriptException(engine.Intrinsics.TypeError, $"platform.api.{method} needs a path");
        var payload = given.Length > 1 ? JsValues.ToPlain(given[1]) : null;
        var options = given.Length > 2 ? JsValues.ToPlain(given[2]) as Map : null;
        var result = run.Api.CallAsync(method, path, payload, options, run.CancellationToken).GetAwaiter().GetResult();
        var value = JsValues.ToJs(engine, result);
        if (callback is not null)
        {
            var status = result.TryGetValue("status_code", out var code) ? code : null;
            var response = new Map
            {
                ["statusCode"] = status,
                ["statusMessage"] = status is long s ? Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase((int)s) : "",
                ["headers"] = result.GetValueOrDefault("headers"),
            };
            engine.Call(callback, JsValue.Undefined, [new JsString(PlainJson.Serialize(result.GetValueOrDefault("content"))), JsValues.ToJs(engine, response)]);
        }
        return value;
    }

    /// <summary>A logged value: strings as they are, anything else as JSON.</summary>
    private static string Describe(JsValue value) => value.IsString() ? value.ToString() : PlainJson.Serialize(JsValues.ToPlain(value));

    /// <summary>A method the script calls but that is not part of the event's data (not enumerable: not read back).</summary>
    private static void Hide(ObjectInstance target, string name, JsValue value) =>
        target.DefineOwnProperty(name, new PropertyDescriptor(value, PropertyFlag.NonEnumerable | PropertyFlag.Writable | PropertyFlag.Configurable));
}
