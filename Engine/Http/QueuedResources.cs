using System.Text;
using ApiStudio.Engine.Hosting;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Queue;
using ApiStudio.Engine.Values;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace ApiStudio.Engine.Http;

/// <summary>
/// Queues calls instead of running them: a call with <c>?queue=1</c> (or <c>true</c>), any call of a resource declaring
/// <c>queued: true</c>, and a <c>platform.api</c> call with <c>options.queue</c>. The pipeline checks such a call as
/// any other — rate limit, body, security — then stores it as a <c>resource</c> job (the body as it came, the headers
/// without credentials, the caller's identity) and answers 202 with <c>{job_id, status_url}</c> in the application's
/// envelope (and <c>Location</c>). <see cref="ResourceJobHandler"/> runs it later as that caller. A draft tried in the
/// studio runs at once.
/// </summary>
public sealed class QueuedResources(IJobQueue queue, QueuedCallers callers, JobStatusRoute status, IOptions<ApiStudioOptions> options)
{
    /// <summary>The kind of the jobs that run a queued call.</summary>
    public const string Kind = "resource";

    /// <summary>The query variable that queues a call: <c>?queue=1</c>.</summary>
    public const string QueryVariable = "queue";

    // Headers a job does not keep besides credentials: those of the connection and the body's framing (the job sends its
    // own), and those that ask the pipeline for something (the method is kept resolved).
    private static readonly HashSet<string> Dropped = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Length", "Content-Type", "Transfer-Encoding", "Connection", "Keep-Alive", "Upgrade", "TE", "Expect", "X-HTTP-Method",
        RequestTrace.Header,
    };

    /// <summary>
    /// The queue a call goes on, or null when it runs now. The admin API is never queued (400): a job would keep what its
    /// calls carry — passwords, new keys, tokens.
    /// </summary>
    internal static string? QueueOf(HttpContext http, PublishedResource published)
    {
        var queue = http.Features.Get<QueueCallFeature>()?.Queue;
        if (queue is null && http.Features.Get<LocalRequestFeature>()?.Draft is null
            && (Asked(http.Request.Query) || published.Resource.Document.Queued == true))
        {
            queue = QueueOptions.DefaultQueue;
        }
        if (queue is not null && published.Resource.Account == FirstStart.CoreAccount && published.Resource.Application == FirstStart.CoreApplication)
        {
            throw new ApiException(
                $"Calls of the admin API ({FirstStart.CoreAccount}/{FirstStart.CoreApplication}) are not queued: a job would keep the " +
                "passwords, keys and tokens they carry.",
                ErrorCodes.InvalidCall, null, 400);
        }
        return queue;
    }

    /// <summary>
    /// Reads the body of a call to be queued as it came (the job keeps it) and puts it back for the request reader; 413
    /// past the size a job may hold (<c>ApiStudio:Queue:MaxPayloadBytes</c>) or a request may send.
    /// </summary>
    internal async Task<byte[]> KeepBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await ApiRequestReader.ReadBytesAsync(request, Math.Min(options.Value.MaxBodyBytes, options.Value.Queue.MaxPayloadBytes),
            cancellationToken).ConfigureAwait(false);
        request.Body = new MemoryStream(body, writable: false);
        return body;
    }

    /// <summary>
    /// Queues a call the resource's security admitted; answers 202 with the job. <paramref name="segments"/> are the
    /// path after the application, <paramref name="body"/> the body kept by <see cref="KeepBodyAsync"/>.
    /// </summary>
    internal async Task<ApiResponse> EnqueueAsync(HttpContext http, ApplicationInfo app, PublishedResource published,
        IReadOnlyList<string> segments, byte[] body, EvaluationContext evaluation, string queueName, OutputFormat format, bool wrap)
    {
        var cancellationToken = http.RequestAborted;
        var request = evaluation.Request;
        var caller = await callers.IdentifyAsync(evaluation.Caller, request.Headers, request.Query, evaluation.ActingApiKey, evaluation.Scope!,
            userMustBeActive: false, cancellationToken).ConfigureAwait(false);
        var payload = new Map
        {
            ["resid"] = published.Resid,
            ["method"] = request.Method,
            ["path"] = string.Join('/', segments.Select(Uri.EscapeDataString)),
            ["query"] = QueryWithout(http.Request.Query),
            ["headers"] = KeptHeaders(http.Request.Headers),
            ["content_type"] = body.Length > 0 ? http.Request.ContentType : null,
            ["caller"] = caller.ToMap(),
            ["client_address"] = request.ClientAddress,
            ["depth"] = (long)evaluation.ScriptDepth,
        };
        QueuedPayload.PutBody(payload, body);
        var text = PlainJson.Serialize(payload);
        var limit = options.Value.Queue.MaxPayloadBytes;
        if (Encoding.UTF8.GetByteCount(text) > limit)
        {
            throw new ApiException(
                $"The call is too large to queue: a job holds at most {limit} bytes with the body and headers (ApiStudio:Queue:MaxPayloadBytes).",
                ErrorCodes.InvalidInput, null, 413);
        }
        var id = await queue.EnqueueAsync(new JobRequest(Kind, text) { Queue = queueName, Appid = app.Appid, CreatedBy = caller.Uid },
            cancellationToken).ConfigureAwait(false);
        var job = await status.LinkAsync(app, id).ConfigureAwait(false);
        if (http.Features.Get<QueueCallFeature>() is { } call)
        {
            call.Job = job;
        }
        var settings = new ResponseSettings { Status = StatusCodes.Status202Accepted };
        settings.SetHeader("Location", [job.StatusUrl]);
        return ApiResponseWriter.Success(new ResourceResult(DataContainer.FromPlain(job.ToMap()), []) { Response = settings }, format, wrap);
    }

    /// <summary>True for <c>?queue=1</c> or <c>?queue=true</c>; any other value is the resource's own variable.</summary>
    private static bool Asked(IQueryCollection query) =>
        query.TryGetValue(QueryVariable, out var values) && values.Count == 1
        && (values[0] == "1" || string.Equals(values[0], "true", StringComparison.OrdinalIgnoreCase));

    /// <summary>The query string without the switch that queued the call and without an API key.</summary>
    private static string QueryWithout(IQueryCollection query)
    {
        var asked = Asked(query);
        var kept = new StringBuilder();
        foreach (var (name, values) in query)
        {
            if ((asked && name == QueryVariable) || name == Security.ApiKeyService.QueryVariable)
            {
                continue;
            }
            foreach (var value in values)
            {
                kept.Append(kept.Length == 0 ? "" : "&").Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value ?? ""));
            }
        }
        return kept.ToString();
    }

    /// <summary>The request headers a job keeps, as <c>[name, value]</c> pairs.</summary>
    private static List<object?> KeptHeaders(IHeaderDictionary headers)
    {
        var kept = new List<object?>();
        foreach (var (name, values) in headers)
        {
            if (Dropped.Contains(name) || QueuedPayload.IsCredential(name))
            {
                continue;
            }
            foreach (var value in values)
            {
                kept.Add(new List<object?> { name, value });
            }
        }
        return kept;
    }
}
