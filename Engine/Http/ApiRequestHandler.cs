using System.Globalization;
using ApiStudio.Engine.Hosting;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Scripting;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Values;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ApiStudio.Engine.Http;

/// <summary>
/// Serves published resources. One request goes through these steps, in order:
/// application → CORS (and the OPTIONS answer) → match (404/405) → rate limit (429) → negotiate (406) → read the body →
/// security → queue the call (202, when it asks to be queued) → pre-process scripts → cache lookup → evaluate →
/// post-process scripts → output (with the trace, when asked for and allowed) → cache store → queued scripts (after the
/// response is sent). Any error becomes the error envelope; anything unexpected a 500 with a correlation id and nothing
/// of the failure itself. An in-process request of <see cref="LocalRequests"/> may carry a draft to be matched and
/// evaluated instead of the published resources (never cached), and keeps its trace (see <see cref="LocalRequestFeature"/>);
/// a queued job's run of its call skips the rate limit and security, which admitted the call when it was queued
/// (see <see cref="QueuedRunFeature"/>).
/// </summary>
public sealed partial class ApiRequestHandler(
    ResourceRegistry registry,
    ResultCache resultCache,
    RequestRateLimiter rateLimiter,
    IServiceProvider services,
    IOptions<ApiStudioOptions> options,
    ILogger<ApiRequestHandler> logger)
{
    private static readonly string[] OverridableMethods = ["put", "patch", "delete"];

    // Segments before the resource uri: those of the base path, then account and application.
    private readonly int _prefixSegments = options.Value.ApiBasePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Length + 2;

    // The configured budgets, for plain and traced requests alike.
    private readonly EvaluationOptions _plain = options.Value.Budget.Apply(EvaluationOptions.Default);
    private readonly EvaluationOptions _traced = options.Value.Budget.Apply(RequestTrace.Options);

    /// <summary>Handles <c>/{base}/{account}/{application}/{**path}</c>.</summary>
    public async Task HandleAsync(HttpContext http, string account, string application, string? path)
    {
        var cancellationToken = http.RequestAborted;
        var negotiated = OutputFormatter.FromMediaType(http.Request.Headers.Accept.ToString());
        var app = registry.FindApplication(account, application);
        var wrap = app?.Settings.Wrap ?? true;
        // Uploaded files go back with the media type they came with: browsers must not guess another one.
        http.Response.Headers.XContentTypeOptions = "nosniff";
        // Kept outside the try: an error envelope carries the trace of the evaluation that failed.
        EvaluationContext? evaluation = null;
        PreparedResource? resource = null;
        // The scripts' event and platform, and the post-process scripts still to run (after an error too).
        RequestScripts.Session? scripts = null;
        IReadOnlyList<EventScript> post = [];
        // What was answered, for the queued scripts (the event as it was when the response was sent).
        ApiResponse? sent = null;
        PublishedResource? served = null;
        var local = http.Features.Get<LocalRequestFeature>();
        var run = http.Features.Get<QueuedRunFeature>();
        var routes = local?.Draft ?? registry.Routes;
        try
        {
            if (app is null)
            {
                throw NotFound();
            }
            CorsPolicy.ApplyToResponse(http, app.Settings);
            var method = MethodOf(http.Request);
            var segments = RequestPath.SegmentsAfter(http, _prefixSegments, path);
            if (method == "options")
            {
                AnswerOptions(http, routes, app, segments);
                return;
            }
            var match = Match(http, routes, app, method, segments);
            if (run is null)
            {
                await LimitRateAsync(http, app).ConfigureAwait(false);
            }
            var format = Negotiate(negotiated);
            var published = match.Resource!;
            resource = published.Resource;
            var queue = run is null ? QueuedResources.QueueOf(http, published) : null;
            var kept = queue is null ? null : await Queued.KeepBodyAsync(http.Request, cancellationToken).ConfigureAwait(false);
            var request = await ApiRequestReader.ReadAsync(http.Request, method, match, options.Value.MaxBodyBytes, cancellationToken)
                .ConfigureAwait(false);
            var traced = RequestTrace.Requested(http.Request);
            evaluation = NewEvaluation(app, request, traced, http, cancellationToken);
            await AuthorizeAsync(evaluation, published, run).ConfigureAwait(false);
            if (queue is not null)
            {
                var accepted = await Queued.EnqueueAsync(http, app, published, segments, kept!, evaluation, queue, format, wrap)
                    .ConfigureAwait(false);
                await accepted.WriteAsync(http.Response, cancellationToken).ConfigureAwait(false);
                return;
            }
            var events = published.Events;
            if (events != ResourceEvents.None)
            {
                scripts = Scripts.Begin(app, evaluation);
                post = events.PostProcess;
                served = published;
            }
            Map? scripted = null;
            if (events.PreProcess.Count > 0)
            {
                scripted = await Scripts.PreProcessAsync(scripts!, events.PreProcess, request, cancellationToken).ConfigureAwait(false);
                if (scripts!.ChangedRequest is { } changed)
                {
                    evaluation.Request = changed;
                }
            }
            // A traced request is evaluated for real: it neither reads nor fills the result cache; nor does a draft, nor
            // a request a pre-process script changed or answered (the key describes the request as it came).
            var cacheKey = traced || local?.Draft is not null || scripted is not null || scripts?.ChangedRequest is not null
                ? null
                : ResultCache.KeyOf(published, segments, http.Request, format, evaluation.Caller);
            sent = await TryAnswerFromCacheAsync(http, cacheKey, cancellationToken).ConfigureAwait(false);
            if (sent is not null)
            {
                return;
            }
            ApiResponse response;
            if (scripted is not null)
            {
                post = [];
                var after = events.PostProcess.Count > 0
                    ? await Scripts.PostProcessAsync(scripts!, events.PostProcess, scripted, cancellationToken).ConfigureAwait(false)
                    : null;
                response = ScriptedResponse(after ?? scripted, format, wrap, enveloped: false);
            }
            else
            {
                var result = await resource.EvaluateAsync(evaluation).ConfigureAwait(false);
                var trace = traced ? await TraceAsync(http, evaluation, resource, cancellationToken).ConfigureAwait(false) : null;
                response = ApiResponseWriter.Success(result, format, wrap, trace);
                if (post.Count > 0)
                {
                    var running = post;
                    post = [];
                    var after = await Scripts.PostProcessAsync(scripts!, running, ResponseMap(result), cancellationToken).ConfigureAwait(false);
                    response = after is null ? response : ScriptedResponse(after, format, wrap, enveloped: false);
                }
            }
            sent = response;
            await RespondAsync(http, response, cacheKey, published, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (cancellationToken.IsCancellationRequested
                                      && error is OperationCanceledException or ApiException { HttpStatus: 499 })
        {
            // The client went away: the evaluation stopped at its next check, and there is nobody to answer.
            LogAbandoned(logger, http.Request.Method, http.Request.Path, (error as ApiException)?.ProcessorId);
        }
        catch (Exception error)
        {
            if (post.Count > 0 && error is ApiException expected && !IsUnexpected(expected) && !cancellationToken.IsCancellationRequested)
            {
                // Post-process scripts run after an error too: they see the error's answer and may replace it.
                try
                {
                    var answer = ApiResponseWriter.Error(expected, negotiated, wrap);
                    var after = await Scripts.PostProcessAsync(scripts!, post, ErrorMap(answer), cancellationToken).ConfigureAwait(false);
                    if (after is not null && !http.Response.HasStarted)
                    {
                        sent = ScriptedResponse(after, negotiated ?? OutputFormat.Json, wrap, enveloped: true);
                        await sent.WriteAsync(http.Response, cancellationToken).ConfigureAwait(false);
                        return;
                    }
                }
                catch (Exception again)
                {
                    error = again;
                }
            }
            sent = await WriteErrorAsync(http, error, negotiated, wrap, evaluation, resource, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Once the response is sent: a call that reached the scripts (security admitted it) queues its queued scripts,
            // whatever it answered; one refused before (unmatched, limited, unreadable, denied) does not.
            if (sent is not null && scripts is not null && served!.Events.Queued.Count > 0)
            {
                await QueuedScripts.EnqueueAsync(http, app!, served, scripts, evaluation!, sent, wrap).ConfigureAwait(false);
            }
            evaluation?.Dispose();
        }
    }

    /// <summary>
    /// The resource's security; for a queued job's run of its call, the call must reach the resource it was queued for
    /// and runs as the caller security admitted then.
    /// </summary>
    private static ValueTask AuthorizeAsync(EvaluationContext evaluation, PublishedResource published, QueuedRunFeature? run)
    {
        if (run is null)
        {
            return published.Resource.AuthorizeAsync(evaluation);
        }
        if (run.Resid != published.Resid)
        {
            throw NotFound();
        }
        run.Reached = true;
        evaluation.Caller = run.Caller;
        return ValueTask.CompletedTask;
    }

    /// <summary>The method, lower-case; a POST with <c>X-HTTP-Method: PUT|PATCH|DELETE</c> counts as that method.</summary>
    private static string MethodOf(HttpRequest request)
    {
        var method = LowerCase(request.Method);
        if (method == "post" && request.Headers.TryGetValue("X-HTTP-Method", out var overridden))
        {
            var wanted = overridden.ToString().Trim().ToLowerInvariant();
            if (Array.IndexOf(OverridableMethods, wanted) >= 0)
            {
                return wanted;
            }
        }
        // HEAD is a GET without a body (the server drops the body).
        return method == "head" ? "get" : method;
    }

    /// <summary>The method in lower case; the common ones without allocating.</summary>
    private static string LowerCase(string method) => method switch
    {
        "GET" => "get",
        "POST" => "post",
        "PUT" => "put",
        "DELETE" => "delete",
        "PATCH" => "patch",
        "HEAD" => "head",
        "OPTIONS" => "options",
        _ => method.ToLowerInvariant(),
    };

    /// <summary>The resource for the method and uri; 405 with <c>Allow</c> when only other methods match, else 404.</summary>
    private static RouteMatch Match(HttpContext http, RouteTable routes, ApplicationInfo app, string method, IReadOnlyList<string> segments)
    {
        var match = routes.Match(app.Account, app.Name, method, segments);
        if (match.Resource is not null)
        {
            return match;
        }
        if (match.AllowedMethods.Count == 0)
        {
            throw NotFound();
        }
        var allow = AllowHeader(match.AllowedMethods);
        http.Response.Headers.Allow = allow;
        throw new ApiException($"Method {method.ToUpperInvariant()} is not allowed here; allowed: {allow}.",
            ErrorCodes.InvalidCall, null, 405);
    }

    /// <summary>
    /// <c>OPTIONS</c>: 204 with <c>Allow</c> (the methods of the resources at the uri) and, for a CORS preflight from an
    /// allowed origin, the preflight headers; 404 when no resource is at the uri.
    /// </summary>
    private static void AnswerOptions(HttpContext http, RouteTable routes, ApplicationInfo app, IReadOnlyList<string> segments)
    {
        var methods = routes.Match(app.Account, app.Name, "options", segments).AllowedMethods;
        if (methods.Count == 0)
        {
            throw NotFound();
        }
        http.Response.Headers.Allow = AllowHeader(methods);
        if (CorsPolicy.IsPreflight(http.Request))
        {
            CorsPolicy.ApplyToPreflight(http, app.Settings, methods);
        }
        http.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary>The negotiated format, or 406 when <c>Accept</c> names nothing the host can produce.</summary>
    private static OutputFormat Negotiate(OutputFormat? negotiated) =>
        negotiated ?? throw new ApiException("None of the media types in Accept can be produced.", ErrorCodes.InvalidInput, null, 406);

    /// <summary>The request's windows of the application's rate limits: 429 with <c>Retry-After</c> when one is full.</summary>
    private ValueTask LimitRateAsync(HttpContext http, ApplicationInfo app) => rateLimiter.EnforceAsync(http, app);

    /// <summary>
    /// The evaluation context of one request, scoped to the application served; recording a trace when asked for; as deep
    /// in script calls, and acting with the API key, as an in-process request of a script or a job says.
    /// </summary>
    private EvaluationContext NewEvaluation(ApplicationInfo app, Requests.ApiRequest request, bool traced, HttpContext http,
        CancellationToken cancellationToken)
    {
        var call = http.Features.Get<ScriptCallFeature>();
        return new EvaluationContext(request, traced ? _traced : _plain, services, logger, cancellationToken)
        {
            ScriptDepth = call?.Depth ?? 0,
            ActingApiKey = call?.ActingApiKey,
            Scope = new ResourceScope(app.Accid, app.Appid, app.Account, app.Name),
        };
    }

    /// <summary>The trace for whoever may see it; else none, and the reason in <see cref="RequestTrace.RefusedHeader"/>.</summary>
    private async Task<List<object?>?> TraceAsync(HttpContext http, EvaluationContext evaluation, PreparedResource resource,
        CancellationToken cancellationToken)
    {
        var viewer = await RequestTrace.ViewerAsync(evaluation, http.Request, services, cancellationToken).ConfigureAwait(false);
        if (viewer.Refused is { } reason && !http.Response.HasStarted)
        {
            http.Response.Headers[RequestTrace.RefusedHeader] = reason;
        }
        var trace = RequestTrace.Visible(evaluation, resource, viewer.Caller);
        if (http.Features.Get<LocalRequestFeature>() is { } local)
        {
            local.Trace = trace;
        }
        return trace;
    }

    /// <summary>Sends the cached answer for <paramref name="cacheKey"/>, if there is one; returns it (null: none).</summary>
    private async Task<ApiResponse?> TryAnswerFromCacheAsync(HttpContext http, string? cacheKey, CancellationToken cancellationToken)
    {
        if (cacheKey is null || !resultCache.TryGet(cacheKey, out var cached))
        {
            return null;
        }
        http.Response.Headers["X-ApiStudio-Cache"] = "hit";
        await cached.WriteAsync(http.Response, cancellationToken).ConfigureAwait(false);
        return cached;
    }

    /// <summary>Sends the response, keeping it in the result cache for the resource's ttl when it is cacheable.</summary>
    private Task RespondAsync(HttpContext http, ApiResponse response, string? cacheKey, PublishedResource published,
        CancellationToken cancellationToken)
    {
        if (cacheKey is not null)
        {
            resultCache.Store(cacheKey, response, published.Resource.Document.Ttl!.Value);
            http.Response.Headers["X-ApiStudio-Cache"] = "miss";
        }
        return response.WriteAsync(http.Response, cancellationToken);
    }

    /// <summary>What runs event scripts (resolved once: it needs the pipeline's in-process requests, which need this handler).</summary>
    private RequestScripts Scripts => _scripts ??= services.GetRequiredService<RequestScripts>();

    private RequestScripts? _scripts;

    /// <summary>What queues calls (resolved when first needed, as <see cref="Scripts"/>).</summary>
    private QueuedResources Queued => _queued ??= services.GetRequiredService<QueuedResources>();

    private QueuedResources? _queued;

    /// <summary>What queues the queued scripts of a call.</summary>
    private QueuedScripts QueuedScripts => _queuedScripts ??= services.GetRequiredService<QueuedScripts>();

    private QueuedScripts? _queuedScripts;

    /// <summary><c>event.response</c> of a successful evaluation: its status, headers, data and media type.</summary>
    private static Map ResponseMap(ResourceResult result)
    {
        var settings = result.Response;
        var headers = new Map();
        foreach (var (name, text) in settings?.Headers ?? [])
        {
            headers[name] = text;
        }
        var value = result.Outputs.Count > 0 ? result.Outputs[0] : result.Value;
        return new Map
        {
            ["status_code"] = (long)(settings?.Status ?? 200),
            ["headers"] = headers,
            ["content"] = value.Data is BinaryValue ? null : PlainValues.Copy(value.Data),
            ["content_type"] = settings?.ContentType ?? "application/json",
        };
    }

    /// <summary><c>event.response</c> of an error answer: its status and the error envelope as content.</summary>
    private static Map ErrorMap(ApiResponse answer)
    {
        var text = System.Text.Encoding.UTF8.GetString(answer.Body);
        return new Map
        {
            ["status_code"] = (long)answer.Status,
            ["headers"] = new Map(),
            ["content"] = PlainJson.TryParse(text, out var parsed) ? parsed : text,
            ["content_type"] = answer.ContentType,
        };
    }

    /// <summary>
    /// The answer a script set: its status (200 when it gave none), headers, and content — text with a media type other
    /// than JSON or XML is sent as it is; anything else in the negotiated format, in the application's envelope unless
    /// <paramref name="enveloped"/> (an error's answer, whose content is the envelope).
    /// </summary>
    private static ApiResponse ScriptedResponse(Map response, OutputFormat format, bool wrap, bool enveloped)
    {
        var status = response.GetValueOrDefault("status_code") is long code and >= 100 and <= 599 ? (int)code
            : response.GetValueOrDefault("status_code") is double d && double.IsInteger(d) && d is >= 100 and <= 599 ? (int)d : 200;
        var settings = new ResponseSettings { Status = status };
        if (response.GetValueOrDefault("headers") is Map headers)
        {
            foreach (var (name, value) in headers)
            {
                if (!ResponseSettings.IsHeaderName(name) || !ResponseSettings.MaySet(name))
                {
                    throw new ApiException($"A script set the header '{name}', which scripts cannot set.", ErrorCodes.Core, null, 500);
                }
                var texts = value is List<object?> list ? list.Select(PlainValues.Text).ToList() : [PlainValues.Text(value)];
                if (!texts.All(ResponseSettings.IsHeaderValue))
                {
                    throw new ApiException($"A script set the header '{name}' to a value a header cannot carry (visible ASCII, spaces and tabs only).",
                        ErrorCodes.Core, null, 500);
                }
                settings.SetHeader(name, texts);
            }
        }
        var content = response.GetValueOrDefault("content");
        var type = response.GetValueOrDefault("content_type") as string;
        var forced = type is null ? null : OutputFormatter.FromMediaType(type);
        if (content is string text && type is not null && forced is not (OutputFormat.Json or OutputFormat.Xml))
        {
            return new ApiResponse(status, type, System.Text.Encoding.UTF8.GetBytes(text)) { Headers = settings.Headers };
        }
        var result = new ResourceResult(DataContainer.FromPlain(content), []) { Response = settings };
        return ApiResponseWriter.Success(result, forced ?? format, wrap && !enveloped);
    }

    private static string AllowHeader(IReadOnlyList<string> methods) =>
        string.Join(", ", methods.Select(m => m.ToUpperInvariant()).Append("OPTIONS"));

    private static ApiException NotFound() => new("No resource matches this request.", ErrorCodes.InvalidCall, null, 404);

    /// <summary>
    /// The error envelope, returned once sent (null when it was too late to send one). An ApiException is sent as it is,
    /// unless it only wraps an unexpected failure (a processor's CLR exception): that, like any other exception, is
    /// logged with a correlation id and answered with a generic 500 carrying the id alone, so nothing of the failure
    /// (message, stack trace, secrets) reaches the client — not even through the trace, which only an expected error
    /// carries (to a caller allowed to see it).
    /// </summary>
    private async Task<ApiResponse?> WriteErrorAsync(HttpContext http, Exception exception, OutputFormat? negotiated, bool wrap,
        EvaluationContext? evaluation, PreparedResource? resource, CancellationToken cancellationToken)
    {
        var error = exception as ApiException;
        Map? context = null;
        List<object?>? trace = null;
        if (error is not null && !IsUnexpected(error))
        {
            trace = resource is null || evaluation?.Trace is null ? null : await TraceAsync(http, evaluation, resource, cancellationToken).ConfigureAwait(false);
            if (error.RetryAfter is { } wait && !http.Response.HasStarted)
            {
                http.Response.Headers.RetryAfter = ((long)Math.Max(1, Math.Ceiling(wait.TotalSeconds))).ToString(CultureInfo.InvariantCulture);
            }
        }
        else
        {
            var correlation = Guid.NewGuid().ToString("N");
            LogUnexpected(logger, exception, correlation, http.Request.Method, http.Request.Path);
            error = new ApiException($"An unexpected error occurred. Correlation id: {correlation}.", ErrorCodes.Core,
                error?.ProcessorId, 500);
            context = new Map { ["correlation_id"] = correlation };
            http.Response.Headers["X-Correlation-Id"] = correlation;
        }
        if (http.Response.HasStarted || cancellationToken.IsCancellationRequested)
        {
            return null; // Too late for an envelope (the status line is gone, or the client is): the log holds the failure.
        }
        var answer = ApiResponseWriter.Error(error, negotiated, wrap, context, trace);
        await answer.WriteAsync(http.Response, cancellationToken).ConfigureAwait(false);
        return answer;
    }

    /// <summary>
    /// True for the engine's wrapper of a processor's unexpected exception: a 500 caused by something other than an
    /// ApiException or a cancellation (time budget). Its message quotes the original exception's message.
    /// </summary>
    private static bool IsUnexpected(ApiException error) =>
        error.HttpStatus >= 500
        && error.InnerException is not null and not ApiException and not OperationCanceledException and not InsufficientExecutionStackException;

    [LoggerMessage(EventId = 3, Level = LogLevel.Information,
        Message = "Stopped {Method} {Path} at node {NodeId}: the client went away")]
    private static partial void LogAbandoned(ILogger logger, string method, string path, string? nodeId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Unhandled error {CorrelationId} serving {Method} {Path}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string correlationId, string method, string path);
}
