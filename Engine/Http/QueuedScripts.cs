using System.Text;
using ApiStudio.Engine.Hosting;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Queue;
using ApiStudio.Engine.Scripting;
using ApiStudio.Engine.Values;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ApiStudio.Engine.Http;

/// <summary>
/// Queues the <c>.queued</c> event scripts of a call once its response is sent: one <c>script</c> job per matching
/// script, on the script's <c>queue</c> (default <c>default</c>) with its <c>delay</c>, <c>tries</c> and <c>timeout</c>.
/// The job holds the event as it was when the response was sent — <c>event.request</c> without credentials (no
/// Authorization, Cookie or API key header, no <c>api_key</c> parameter), <c>event.response</c> as sent (content
/// parsed, out of the success envelope), <c>event.resource</c> — and who the caller was, for
/// <see cref="ScriptJobHandler"/>. A call that reached its scripts queues them whatever it answered (errors too, as
/// DreamFactory runs them for every call); one refused before (unmatched, rate limited, unreadable, denied by security)
/// does not. Nothing here can fail the call: the client has its answer already, and a problem is logged.
/// </summary>
public sealed partial class QueuedScripts(IJobQueue queue, QueuedCallers callers, IOptions<ApiStudioOptions> options, ILogger<QueuedScripts> logger)
{
    /// <summary>The kind of the jobs that run a queued script.</summary>
    public const string Kind = "script";

    /// <summary>Finishes the response, then queues the call's queued scripts (never throws).</summary>
    internal async Task EnqueueAsync(HttpContext http, ApplicationInfo app, PublishedResource served, RequestScripts.Session session,
        EvaluationContext evaluation, ApiResponse sent, bool wrap)
    {
        // The client has the whole answer before any of this; the call, not the client, decides what is queued.
        var cancellationToken = CancellationToken.None;
        try
        {
            await http.Response.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or OperationCanceledException)
        {
            // The client went away meanwhile: the call was answered all the same, and its scripts are queued.
        }
        try
        {
            var caller = await callers.IdentifyAsync(evaluation.Caller, session.Received.Headers, session.Received.Query, evaluation.ActingApiKey,
                evaluation.Scope!, userMustBeActive: false, cancellationToken).ConfigureAwait(false);
            var evt = new Map(3)
            {
                ["request"] = WithoutCredentials((Map)session.Event["request"]!),
                ["response"] = ResponseOf(sent, wrap),
                ["resource"] = session.Event["resource"],
            };
            foreach (var script in served.Events.Queued)
            {
                var payload = new Map
                {
                    ["sid"] = script.Row.Sid,
                    ["event"] = evt,
                    ["caller"] = caller.ToMap(),
                    ["client_address"] = session.Received.ClientAddress,
                    ["depth"] = (long)evaluation.ScriptDepth,
                };
                var text = PlainJson.Serialize(payload);
                var limit = options.Value.Queue.MaxPayloadBytes;
                if (Encoding.UTF8.GetByteCount(text) > limit)
                {
                    // Queued all the same, to fail where the queue's failures are looked for, saying why.
                    LogTooLarge(logger, script.Row.Name, limit);
                    text = PlainJson.Serialize(new Map
                    {
                        ["sid"] = script.Row.Sid,
                        ["caller"] = caller.ToMap(),
                        ["refused"] = $"The event of this call was larger than a job holds ({limit} bytes, ApiStudio:Queue:MaxPayloadBytes): " +
                            $"script {script.Row.Name} did not run.",
                    });
                }
                await queue.EnqueueAsync(new JobRequest(Kind, text)
                {
                    Queue = script.Row.Queue ?? QueueOptions.DefaultQueue,
                    Appid = app.Appid,
                    CreatedBy = caller.Uid,
                    Delay = TimeSpan.FromSeconds(script.Row.Delay ?? 0),
                    Tries = (int)Math.Clamp(script.Row.Tries ?? 1, 1, JobQueue.MaxTries),
                    Timeout = script.Row.Timeout is > 0 and var seconds ? TimeSpan.FromSeconds(seconds) : null,
                }, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            LogNotQueued(logger, ex, http.Request.Method, http.Request.Path);
        }
    }

    /// <summary><c>event.request</c> without what carries credentials.</summary>
    private static Map WithoutCredentials(Map request)
    {
        var copy = new Map(request);
        if (request.GetValueOrDefault("headers") is Map headers)
        {
            copy["headers"] = new Map(headers.Where(h => !QueuedPayload.IsCredential(h.Key)));
        }
        if (request.GetValueOrDefault("parameters") is Map parameters && parameters.ContainsKey(Security.ApiKeyService.QueryVariable))
        {
            copy["parameters"] = new Map(parameters.Where(p => p.Key != Security.ApiKeyService.QueryVariable));
        }
        return copy;
    }

    /// <summary>
    /// <c>event.response</c> of the answer sent: status, headers, media type and content — JSON parsed (a success out of
    /// its envelope, as post-process scripts see it; an error with its envelope, as they see that), other text as text,
    /// and no content for a binary body.
    /// </summary>
    private static Map ResponseOf(ApiResponse sent, bool wrap)
    {
        var headers = new Map();
        foreach (var (name, value) in sent.Headers)
        {
            headers[name] = value;
        }
        var content = QueuedPayload.Content(sent.Body, sent.ContentType, out var base64);
        if (wrap && sent.Status < 400 && content is Map { Count: 2 } envelope && envelope.GetValueOrDefault("result") as string == "ok"
            && envelope.ContainsKey("data"))
        {
            content = envelope["data"];
        }
        return new Map
        {
            ["status_code"] = (long)sent.Status,
            ["headers"] = headers,
            ["content"] = base64 ? null : content,
            ["content_type"] = sent.ContentType,
        };
    }

    [LoggerMessage(EventId = 80, Level = LogLevel.Error, Message = "The queued scripts of {Method} {Path} were not queued")]
    private static partial void LogNotQueued(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(EventId = 81, Level = LogLevel.Error,
        Message = "Queued script {Script}: the event is larger than a job holds ({Limit} bytes); its job fails without running it")]
    private static partial void LogTooLarge(ILogger logger, string script, int limit);
}
