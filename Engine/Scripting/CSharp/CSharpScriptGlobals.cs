using ApiStudio.Engine.Values;

namespace ApiStudio.Engine.Scripting.CSharp;

/// <summary>
/// What a C# script sees besides its own code (the globals of the Roslyn script). <c>event</c> is a C# keyword,
/// so the event is the member <c>@event</c>: a script writes <c>@event.request.payload["name"]</c> or
/// <c>@event.request.payload.name</c>. Maps and lists of the event, the platform and <see cref="vars"/> are
/// <c>dynamic</c> (<see cref="ScriptMap"/>, <see cref="ScriptList"/>): member access and indexers read keys, numbers
/// are <c>long</c> or <c>double</c>. The exceptions of <see cref="ScriptExceptions.All"/> are nested here, so
/// <c>throw new NotFoundException("no such employee")</c> works and <c>NotImplementedException</c> means the 501 of
/// the list rather than <see cref="System.NotImplementedException"/>.
/// </summary>
/// <example>
/// <code>
/// if (@event.request.payload.name is null) throw new BadRequestException("name is required");
/// var employee = await platform.api.getAsync("db/_table/employees/" + @event.request.parameters["id"]);
/// console.log(employee.content);
/// @event.setResponse(new { employee.content.name }, 200);
/// return vars["greeting"];
/// </code>
/// </example>
public sealed class CSharpScriptGlobals
{
    internal CSharpScriptGlobals(ScriptEvent @event, ScriptPlatform platform, ScriptConsole console, Map variables)
    {
        this.@event = @event;
        this.platform = platform;
        this.console = console;
        vars = new ScriptMap(variables);
    }

    /// <summary>The event: <c>request</c>, <c>response</c> (null before processing), <c>resource</c>, <c>setRequest</c>, <c>setResponse</c>.</summary>
    public ScriptEvent @event { get; }

    /// <summary>The platform: <c>config</c>, <c>session</c> and <c>api</c>.</summary>
    public ScriptPlatform platform { get; }

    /// <summary><c>console.log(...)</c> writes a line to the script's log.</summary>
    public ScriptConsole console { get; }

    /// <summary>The variables of the run (the <c>vars</c> of the <c>script</c> processor): <c>vars["name"]</c> or <c>vars.name</c>.</summary>
    public dynamic vars { get; }

    /// <summary>Writes <paramref name="values"/> (separated by spaces) to the script's log, as <c>console.log</c>.</summary>
    public void print(params object?[]? values) => console.log(values);

    /// <summary>400.</summary>
    public sealed class BadRequestException(string? message = null, long? code = null) : ScriptException(400, message, code);

    /// <summary>400.</summary>
    public sealed class InvalidJsonException(string? message = null, long? code = null) : ScriptException(400, message, code);

    /// <summary>400, code 1000: per-item results and errors in <see cref="ScriptException.Context"/>.</summary>
    public sealed class BatchException(string? message = null, long? code = null, object? context = null)
        : ScriptException(400, message, code ?? 1000, context);

    /// <summary>401.</summary>
    public sealed class UnauthorizedException(string? message = null, long? code = null) : ScriptException(401, message, code);

    /// <summary>403.</summary>
    public sealed class ForbiddenException(string? message = null, long? code = null) : ScriptException(403, message, code);

    /// <summary>404.</summary>
    public sealed class NotFoundException(string? message = null, long? code = null) : ScriptException(404, message, code);

    /// <summary>409.</summary>
    public sealed class ConflictResourceException(string? message = null, long? code = null) : ScriptException(409, message, code);

    /// <summary>429.</summary>
    public sealed class TooManyRequestsException(string? message = null, long? code = null) : ScriptException(429, message, code);

    /// <summary>500.</summary>
    public sealed class InternalServerErrorException(string? message = null, long? code = null) : ScriptException(500, message, code);

    /// <summary>501 (not <see cref="System.NotImplementedException"/>, which a script names with its namespace).</summary>
    public sealed class NotImplementedException(string? message = null, long? code = null) : ScriptException(501, message, code);

    /// <summary>503.</summary>
    public sealed class ServiceUnavailableException(string? message = null, long? code = null) : ScriptException(503, message, code);

    /// <summary>Any status: <c>throw new RestException(418, "Sorry Mate")</c>.</summary>
    public sealed class RestException(int status, string? message = null, long? code = null) : ScriptException(status, message, code);
}

/// <summary>
/// The base of the exceptions a C# script throws to answer with a status (<see cref="ScriptExceptions"/>): the
/// status, the code (the status unless given) and a context (plain values, e.g. a <c>BatchException</c>'s items).
/// </summary>
public abstract class ScriptException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected ScriptException(int status, string? message, long? code, object? context = null) : base(message ?? "")
    {
        Status = status;
        Code = code ?? status;
        Context = context;
    }

    /// <summary>The HTTP status of the answer.</summary>
    public int Status { get; }

    /// <summary>The error code of the answer.</summary>
    public long Code { get; }

    /// <summary>Values the error answer carries as its context; converted to plain values.</summary>
    public object? Context { get; init; }
}

/// <summary>
/// <c>@event</c>: the request, the response and the resource as <c>dynamic</c> maps (live: writing a key changes the
/// event the run returns), and DreamFactory's <c>setRequest</c>/<c>setResponse</c>.
/// </summary>
public sealed class ScriptEvent
{
    internal ScriptEvent(Map inner) => Inner = inner;

    internal Map Inner { get; }

    /// <summary>{api_version, method, parameters, headers, content, content_type, payload, uri, service}.</summary>
    public dynamic? request
    {
        get => this["request"];
        set => this["request"] = value;
    }

    /// <summary>{status_code, headers, content, content_type}, or null before the request was processed.</summary>
    public dynamic? response
    {
        get => this["response"];
        set => this["response"] = value;
    }

    /// <summary>The resource the request names.</summary>
    public dynamic? resource
    {
        get => this["resource"];
        set => this["resource"] = value;
    }

    /// <summary>Any key of the event (null when missing).</summary>
    public dynamic? this[string key]
    {
        get => Inner.TryGetValue(key, out var value) ? ScriptValues.Wrap(value) : null;
        set => Inner[key] = ScriptValues.ToPlain((object?)value);
    }

    /// <summary>Replaces the request with <paramref name="request"/> (a map: a <see cref="ScriptMap"/>, a dictionary or an object).</summary>
    public void setRequest(object? request) =>
        Inner["request"] = ScriptValues.ToPlain(request) as Map ?? throw new ArgumentException("setRequest needs a map (the request's fields).", nameof(request));

    /// <summary>
    /// Sets the response: <paramref name="content"/> (converted to plain values), the status code (default: the
    /// response's, else 200) and the content type (default: the response's); the response's headers are kept.
    /// </summary>
    public void setResponse(object? content, int? status_code = null, string? content_type = null)
    {
        var existing = Inner.TryGetValue("response", out var value) ? value as Map : null;
        Inner["response"] = new Map
        {
            ["status_code"] = status_code is { } status ? (long)status : existing?.GetValueOrDefault("status_code") ?? 200L,
            ["headers"] = existing?.GetValueOrDefault("headers") ?? new Map(),
            ["content"] = ScriptValues.ToPlain(content),
            ["content_type"] = content_type ?? existing?.GetValueOrDefault("content_type"),
        };
    }
}

/// <summary><c>platform</c>: <c>config</c> and <c>session</c> (dynamic maps, copies) and <c>api</c>.</summary>
public sealed class ScriptPlatform
{
    internal ScriptPlatform(Map inner, ScriptApi api)
    {
        Inner = inner;
        this.api = api;
    }

    internal Map Inner { get; }

    /// <summary>The platform's configuration.</summary>
    public dynamic? config => this["config"];

    /// <summary>The caller's session.</summary>
    public dynamic? session => this["session"];

    /// <summary>Calls into the host's API.</summary>
    public ScriptApi api { get; }

    /// <summary>Any key of the platform (null when missing).</summary>
    public dynamic? this[string key] => Inner.TryGetValue(key, out var value) ? ScriptValues.Wrap(value) : null;
}

/// <summary>
/// <c>platform.api</c>: <c>get</c>, <c>post</c>, <c>put</c>, <c>patch</c>, <c>delete</c> with
/// <c>(path, payload, options)</c> answer <c>{status_code, content, content_type, headers}</c> as a dynamic map.
/// Each comes twice: <c>getAsync</c> returns a task to <c>await</c> (preferred: the thread is free meanwhile) and
/// <c>get</c> waits for the answer. <c>options</c> may hold <c>headers</c> and <c>parameters</c> (a map, a dictionary or an
/// anonymous object). A call the host refuses throws; uncaught, the run answers with the host's status and message.
/// </summary>
public sealed class ScriptApi
{
    private readonly IScriptPlatformApi _api;
    private readonly CancellationToken _token;

    internal ScriptApi(IScriptPlatformApi api, CancellationToken token)
    {
        _api = api;
        _token = token;
    }

    /// <summary>GET <paramref name="path"/>.</summary>
    public Task<dynamic> getAsync(string path, object? payload = null, object? options = null) => CallAsync("get", path, payload, options);

    /// <summary>POST <paramref name="payload"/> to <paramref name="path"/>.</summary>
    public Task<dynamic> postAsync(string path, object? payload = null, object? options = null) => CallAsync("post", path, payload, options);

    /// <summary>PUT <paramref name="payload"/> to <paramref name="path"/>.</summary>
    public Task<dynamic> putAsync(string path, object? payload = null, object? options = null) => CallAsync("put", path, payload, options);

    /// <summary>PATCH <paramref name="path"/> with <paramref name="payload"/>.</summary>
    public Task<dynamic> patchAsync(string path, object? payload = null, object? options = null) => CallAsync("patch", path, payload, options);

    /// <summary>DELETE <paramref name="path"/>.</summary>
    public Task<dynamic> deleteAsync(string path, object? payload = null, object? options = null) => CallAsync("delete", path, payload, options);

    /// <summary>GET <paramref name="path"/>, waiting for the answer.</summary>
    public dynamic get(string path, object? payload = null, object? options = null) => Wait(getAsync(path, payload, options));

    /// <summary>POST <paramref name="payload"/> to <paramref name="path"/>, waiting for the answer.</summary>
    public dynamic post(string path, object? payload = null, object? options = null) => Wait(postAsync(path, payload, options));

    /// <summary>PUT <paramref name="payload"/> to <paramref name="path"/>, waiting for the answer.</summary>
    public dynamic put(string path, object? payload = null, object? options = null) => Wait(putAsync(path, payload, options));

    /// <summary>PATCH <paramref name="path"/> with <paramref name="payload"/>, waiting for the answer.</summary>
    public dynamic patch(string path, object? payload = null, object? options = null) => Wait(patchAsync(path, payload, options));

    /// <summary>DELETE <paramref name="path"/>, waiting for the answer.</summary>
    public dynamic delete(string path, object? payload = null, object? options = null) => Wait(deleteAsync(path, payload, options));

    private static dynamic Wait(Task<dynamic> call) => call.GetAwaiter().GetResult();

    private async Task<dynamic> CallAsync(string method, string path, object? payload, object? options)
    {
        Guarding.__ApiStudioRunGuard.Check();
        var plainOptions = ScriptValues.ToPlain(options);
        if (plainOptions is not (null or Map))
        {
            throw new ArgumentException("The options of platform.api are a map (headers, parameters).", nameof(options));
        }
        var answer = await _api.CallAsync(method, path, ScriptValues.ToPlain(payload), (Map?)plainOptions, _token).ConfigureAwait(false);
        return new ScriptMap(answer);
    }
}

/// <summary><c>console</c>: <c>console.log(...)</c> writes one line to the script's log.</summary>
public sealed class ScriptConsole
{
    private readonly Action<string> _log;

    internal ScriptConsole(Action<string> log) => _log = log;

    /// <summary>Writes <paramref name="values"/> separated by spaces: text as is, anything else as JSON.</summary>
    public void log(params object?[]? values) =>
        _log(values is null ? "null" : string.Join(' ', values.Select(ScriptValues.Describe)));
}
