using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Queue;
using ApiStudio.Engine.Values;

namespace ApiStudio.Engine.Http;

/// <summary>
/// Runs a queued call (kind <c>resource</c>): the resource's pre-process scripts, process, post-process scripts and
/// output, as <see cref="ApiRequestHandler"/> serves any call — in-process, as the caller who queued it, without its
/// security and rate limit, which admitted the call when it was queued. The job keeps <c>{status, content_type,
/// content}</c> (JSON content parsed; a body that is not text as base64 with <c>content_encoding: base64</c>). An
/// answer of 500 or more fails the attempt (retried while tries are left); so does an application or resource deleted
/// meanwhile, a resource whose method or uri changed, and a caller who may no longer act — each saying so.
/// </summary>
public sealed class ResourceJobHandler(ResourceRegistry registry, LocalRequests local, QueuedCallers callers) : IJobHandler
{
    // The part of a failed answer kept in the job's error.
    private const int MaxErrorText = 2000;

    /// <inheritdoc />
    public string Kind => QueuedResources.Kind;

    /// <inheritdoc />
    public async Task<string?> RunAsync(JobContext job, CancellationToken cancellationToken)
    {
        var payload = QueuedPayload.Read(job);
        var app = await QueuedPayload.ApplicationAsync(registry, job, cancellationToken).ConfigureAwait(false);
        var resid = QueuedPayload.Long(payload, "resid");
        var method = payload.GetValueOrDefault("method") as string ?? "get";
        var path = payload.GetValueOrDefault("path") as string ?? "";
        // The version stored now, served here before the job runs: this process may not have heard of a change yet.
        await registry.RefreshResourceAsync(resid, cancellationToken).ConfigureAwait(false);
        CheckReaches(app, resid, method, path);
        var acting = await callers.ActAsync(QueuedCaller.From(payload.GetValueOrDefault("caller")), app, cancellationToken).ConfigureAwait(false);
        var headers = new List<KeyValuePair<string, string>>();
        if (payload.GetValueOrDefault("headers") is List<object?> kept)
        {
            foreach (var pair in kept.OfType<List<object?>>().Where(p => p is [string, string]))
            {
                headers.Add(KeyValuePair.Create((string)pair[0]!, (string)pair[1]!));
            }
        }
        headers.AddRange(acting.Headers);
        var query = payload.GetValueOrDefault("query") as string;
        var run = new QueuedRunFeature(resid, acting.Caller);
        var answer = await local.SendInternalAsync(app, new LocalRequest
        {
            Method = method.ToUpperInvariant(),
            Path = string.IsNullOrEmpty(query) ? path : path + "?" + query,
            Headers = headers,
            Body = QueuedPayload.BodyOf(payload),
            ContentType = payload.GetValueOrDefault("content_type") as string,
        }, new ScriptCallFeature((int)(payload.GetValueOrDefault("depth") as long? ?? 0), payload.GetValueOrDefault("client_address") as string,
            acting.ActingApiKey), cancellationToken, run: run).ConfigureAwait(false);
        if (!run.Reached)
        {
            throw Gone(resid, method, path, "was deleted or no longer answers this call");
        }
        var contentType = answer.Headers.GetValueOrDefault("Content-Type");
        if (answer.Status >= 500)
        {
            var text = answer.Text;
            throw new InvalidOperationException(
                $"The resource answered {answer.Status}: {(text.Length > MaxErrorText ? text[..MaxErrorText] + "…" : text)}");
        }
        var result = new Map
        {
            ["status"] = (long)answer.Status,
            ["content_type"] = contentType,
            ["content"] = QueuedPayload.Content(answer.Body, contentType, out var base64),
        };
        if (base64)
        {
            result["content_encoding"] = "base64";
        }
        return PlainJson.Serialize(result);
    }

    /// <summary>Fails the job, saying why, when the call no longer reaches the resource it was queued for.</summary>
    private void CheckReaches(ApplicationInfo app, long resid, string method, string path)
    {
        var resource = registry.Routes.Resources.FirstOrDefault(r => r.Resid == resid);
        if (resource is null || resource.Appid != app.Appid)
        {
            throw Gone(resid, method, path, "was deleted (or is no longer published)");
        }
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToList();
        if (registry.Routes.Match(app.Account, app.Name, method, segments).Resource?.Resid != resid)
        {
            throw Gone(resid, method, path, $"changed its method or uri (it is now {resource.Resource.Method.ToUpperInvariant()} {resource.Resource.Uri})");
        }
    }

    private static InvalidOperationException Gone(long resid, string method, string path, string what) =>
        new($"Resource {resid}, which this job calls ({method.ToUpperInvariant()} {path}), {what}: the job does not run.");
}
