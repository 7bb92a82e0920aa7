using ApiStudio.Engine.Hosting;
using ApiStudio.Engine.Outbound;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Requests;
using ApiStudio.Engine.Scripting;
using ApiStudio.Engine.Values;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ApiStudio.Engine.Http;

/// <summary>
/// The event scripts of one request: its <c>event</c> and <c>platform</c> (DreamFactory's shapes), the scripts of a
/// phase run one after the other, least specific first, and what they changed — which counts only for a script saved
/// with <c>allow_event_modification</c>, except a value a post-process script returns, which always replaces the
/// response content.
/// </summary>
public sealed partial class RequestScripts(
    ScriptEngineSet engines,
    ResourceRegistry registry,
    IServiceProvider services,
    IOptions<ApiStudioOptions> options,
    ILogger<RequestScripts> logger)
{
    /// <summary>The api_version scripts see.</summary>
    public const string ApiVersion = "1.0";

    /// <summary>What the scripts of one request share.</summary>
    public sealed class Session
    {
        private readonly Func<Map> _makePlatform;
        private Map? _platform;

        internal Session(Map evt, Func<Map> platform, IScriptPlatformApi api, ApiRequest received)
        {
            Event = evt;
            _makePlatform = platform;
            Api = api;
            Received = received;
        }

        /// <summary>The request as it came, before any script changed it.</summary>
        public ApiRequest Received { get; }

        /// <summary><c>event</c> as the scripts left it (the changes that count).</summary>
        public Map Event { get; }

        /// <summary><c>platform</c>: config and session, made when a script first reads it.</summary>
        public Map Platform => _platform ??= _makePlatform();

        /// <summary><c>platform.api</c>.</summary>
        public IScriptPlatformApi Api { get; }

        /// <summary>The request scripts changed, when one did.</summary>
        public ApiRequest? ChangedRequest { get; internal set; }
    }

    /// <summary>The event and platform of a request served by <paramref name="app"/>.</summary>
    public Session Begin(ApplicationInfo app, EvaluationContext evaluation)
    {
        var request = evaluation.Request;
        var resource = new Map(request.UriKeys.Count);
        foreach (var (key, value) in request.UriKeys)
        {
            resource[key] = value;
        }
        var evt = new Map(3)
        {
            ["request"] = RequestMap(request, app),
            ["response"] = null,
            ["resource"] = resource,
        };
        var api = NewPlatformApi(app, request.Headers, request.ClientAddress, evaluation.ScriptDepth, evaluation.ActingApiKey);
        return new Session(evt, () => PlatformMap(app, SessionMap(request, app, evaluation)), api, request);
    }

    /// <summary>
    /// The event and platform of a queued script's run: the event its job holds, <c>platform.api</c> acting as the
    /// caller who made the call (<paramref name="acting"/>), <c>platform.session</c> naming them — without a session
    /// token or key, which a job does not hold.
    /// </summary>
    internal Session BeginQueued(ApplicationInfo app, Map evt, QueuedActing acting, string? clientAddress, int depth)
    {
        var api = NewPlatformApi(app, acting.Headers, clientAddress, depth, acting.ActingApiKey);
        return new Session(evt, () => PlatformMap(app, new Map
        {
            ["api_key"] = null,
            ["session_token"] = null,
            ["user"] = UserMap(acting.Caller),
            ["app"] = AppMap(app),
            ["lookup"] = new Map(),
        }), api, new ApiRequest { ClientAddress = clientAddress });
    }

    private PlatformApi NewPlatformApi(ApplicationInfo app, IReadOnlyDictionary<string, string> callerHeaders, string? clientAddress, int depth,
        long? actingApiKey) =>
        new(registry, services.GetRequiredService<LocalRequests>(), services.GetService<OutboundHttp>(), app.Account, callerHeaders, clientAddress,
            depth, options.Value.Scripting.MaxApiDepth, actingApiKey);

    /// <summary><c>platform</c> without <c>api</c>: non-secret configuration and the session.</summary>
    private Map PlatformMap(ApplicationInfo app, Map session) => new()
    {
        ["config"] = new Map
        {
            ["api_base_path"] = options.Value.ApiBasePath,
            ["account"] = app.Account,
            ["application"] = app.Name,
            ["wrap"] = app.Settings.Wrap,
        },
        ["session"] = session,
    };

    /// <summary>
    /// Runs the pre-process scripts. Returns the response a script set (with <c>allow_event_modification</c>) to answer
    /// in place of <c>process</c>, or null; a request a script changed is in <see cref="Session.ChangedRequest"/>.
    /// </summary>
    public async Task<Map?> PreProcessAsync(Session session, IReadOnlyList<EventScript> scripts, ApiRequest request,
        CancellationToken cancellationToken)
    {
        foreach (var script in scripts)
        {
            var outcome = await RunAsync(script, session.Event, session, cancellationToken).ConfigureAwait(false);
            if (!script.Row.AllowEventModification)
            {
                continue;
            }
            if (outcome.Event.GetValueOrDefault("request") is Map changed && !PlainValues.Equal(changed, session.Event["request"]))
            {
                session.Event["request"] = changed;
                session.ChangedRequest = Changed(session.ChangedRequest ?? request, changed);
            }
            if (outcome.Event.GetValueOrDefault("response") is Map response)
            {
                session.Event["response"] = response;
                return response;
            }
        }
        return null;
    }

    /// <summary>
    /// Runs the post-process scripts over <paramref name="response"/> (<c>{status_code, headers, content,
    /// content_type}</c>); returns the response they left when one changed it, else null.
    /// </summary>
    public async Task<Map?> PostProcessAsync(Session session, IReadOnlyList<EventScript> scripts, Map response,
        CancellationToken cancellationToken)
    {
        session.Event["response"] = response;
        var changed = false;
        foreach (var script in scripts)
        {
            var outcome = await RunAsync(script, session.Event, session, cancellationToken).ConfigureAwait(false);
            if (script.Row.AllowEventModification && outcome.Event.GetValueOrDefault("response") is Map left
                && !PlainValues.Equal(left, session.Event["response"]))
            {
                session.Event["response"] = left;
                changed = true;
            }
            if (outcome.Result is not null)
            {
                var replaced = new Map((Map)session.Event["response"]!) { ["content"] = outcome.Result };
                session.Event["response"] = replaced;
                changed = true;
            }
        }
        return changed ? (Map)session.Event["response"]! : null;
    }

    /// <summary>Runs one script over the event (engines never change what they are given: the changes count only as the phase decides).</summary>
    public Task<ScriptOutcome> RunAsync(EventScript script, Map evt, Session session, CancellationToken cancellationToken) =>
        RunAsync(script.Row.Engine, script.Source, evt, session, cancellationToken, eventChangesCount: script.Row.AllowEventModification);

    /// <summary>
    /// Runs <paramref name="source"/> in <paramref name="engine"/> over <paramref name="evt"/> with the session's platform:
    /// what the event scripts, the <c>script</c> processor and a test run share. Lines it logs go to the application log
    /// under the script's name, unless <paramref name="log"/> takes them.
    /// </summary>
    public Task<ScriptOutcome> RunAsync(string engine, ScriptSource source, Map evt, Session session, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, object?>? variables = null, Action<string>? log = null, bool eventChangesCount = true) =>
        engines.For(engine, source.Name).RunAsync(source, new ScriptRun
        {
            Event = evt,
            EventChangesCount = eventChangesCount,
            PlatformSource = () => session.Platform,
            Api = session.Api,
            Variables = variables ?? new Map(),
            Log = log ?? (line => Log(source.Name, line)),
            CancellationToken = cancellationToken,
        });

    /// <summary>DreamFactory's <c>event.request</c> of a request.</summary>
    public static Map RequestMap(ApiRequest request, ApplicationInfo app) => new(9)
    {
        ["api_version"] = ApiVersion,
        ["method"] = request.Method.ToUpperInvariant(),
        ["parameters"] = Parameters(request),
        ["headers"] = Headers(request),
        ["content"] = request.Body,
        ["content_type"] = request.ContentType,
        ["payload"] = PayloadOf(request),
        ["uri"] = request.Uri,
        ["service"] = app.Name,
    };

    /// <summary>The query variables: texts, and lists of texts as plain lists.</summary>
    private static Map Parameters(ApiRequest request)
    {
        var parameters = new Map(request.Query.Count);
        foreach (var (key, value) in request.Query)
        {
            parameters[key] = value as string ?? PlainValues.Copy(value);
        }
        return parameters;
    }

    /// <summary>The headers by lower-case name.</summary>
    private static Map Headers(ApiRequest request)
    {
        var headers = new Map(request.Headers.Count);
        foreach (var (name, value) in request.Headers)
        {
            headers[name.ToLowerInvariant()] = value;
        }
        return headers;
    }

    /// <summary>The parsed body: JSON as it is (parsed once, by the request reader), a form as its fields; null for none.</summary>
    private static object? PayloadOf(ApiRequest request)
    {
        if (request.Json is { } json)
        {
            return json;
        }
        if (request.Body is { Length: > 0 } body && request.ContentType is { } type && type.Contains("json", StringComparison.OrdinalIgnoreCase)
            && PlainJson.TryParse(body, out var parsed))
        {
            return parsed;
        }
        return request.Post.Count > 0 ? new Map(request.Post.Select(p => KeyValuePair.Create(p.Key, PlainValues.Copy(p.Value)))) : null;
    }

    /// <summary>The request as a script changed it: parameters, headers, content and payload (the method and uri stay).</summary>
    private static ApiRequest Changed(ApiRequest request, Map changed)
    {
        var payload = changed.GetValueOrDefault("payload");
        var content = changed.GetValueOrDefault("content") as string;
        var contentType = changed.GetValueOrDefault("content_type") as string;
        var payloadChanged = !PlainValues.Equal(payload, PayloadOf(request));
        // The parsed body travels with the text it was parsed from (or serialized to), so it is never parsed again.
        var json = payloadChanged || content != request.Body ? null : request.Json;
        if (payloadChanged && content == request.Body)
        {
            content = payload is null ? null : PlainJson.Serialize(payload);
            contentType = payload is null ? null : "application/json";
            json = payload;
        }
        return new ApiRequest
        {
            Method = request.Method,
            Uri = request.Uri,
            Query = changed.GetValueOrDefault("parameters") is Map parameters ? Variables(parameters) : ApiRequest.NoVariables,
            Post = payload is Map fields ? Variables(fields) : ApiRequest.NoVariables,
            Headers = changed.GetValueOrDefault("headers") is Map headers
                ? headers.ToDictionary(h => h.Key, h => PlainValues.Text(h.Value), StringComparer.OrdinalIgnoreCase)
                : new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase),
            Body = content,
            Json = json,
            ContentType = contentType,
            UriArguments = request.UriArguments,
            UriKeys = request.UriKeys,
            ClientAddress = request.ClientAddress,
            Files = request.Files,
        };
    }

    /// <summary>Request variables from a script's map: texts, lists of texts, other values as they are.</summary>
    private static Dictionary<string, object?> Variables(Map values) =>
        values.ToDictionary(v => v.Key, v => v.Value switch
        {
            null or string or Map => v.Value,
            List<object?> list => list.Select(i => i is string or null ? i : PlainValues.Text(i)).ToList(),
            _ => PlainValues.Text(v.Value),
        }, StringComparer.Ordinal);

    /// <summary><c>platform.session</c>: the caller's key or token, user and application — never private lookups or secrets.</summary>
    private static Map SessionMap(ApiRequest request, ApplicationInfo app, EvaluationContext evaluation)
    {
        var authorization = request.Headers.GetValueOrDefault("Authorization") ?? "";
        var caller = evaluation.Caller;
        return new Map
        {
            ["api_key"] = request.Headers.GetValueOrDefault(Security.ApiKeyService.Header),
            ["session_token"] = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null,
            ["user"] = UserMap(caller),
            ["app"] = AppMap(app),
            ["lookup"] = new Map(),
        };
    }

    private static Map? UserMap(Security.Caller? caller) => caller?.Uid is { } uid ? new Map { ["id"] = uid, ["name"] = caller.Username } : null;

    private static Map AppMap(ApplicationInfo app) => new() { ["id"] = app.Appid, ["name"] = app.Name, ["account"] = app.Account };

    /// <summary>Writes a line a script logged into the application log, under the script's name.</summary>
    private void Log(string script, string line) => LogLine(logger, script, line);

    [LoggerMessage(EventId = 40, Level = LogLevel.Information, Message = "Script {Script}: {Line}")]
    private static partial void LogLine(ILogger logger, string script, string line);
}
