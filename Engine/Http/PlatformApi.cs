using System.Text;
using ApiStudio.Engine.Outbound;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Scripting;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Values;

namespace ApiStudio.Engine.Http;

/// <summary>
/// <c>platform.api</c> for the scripts of one request. <c>{application}/{uri}</c> (same account) and
/// <c>/{account}/{application}/{uri}</c> go in-process through the whole pipeline — security and scripts included —
/// with the calling request's credentials, so the callee sees the same caller; the chain ends at
/// <c>ApiStudio:Scripting:MaxApiDepth</c>. An absolute <c>http(s)://</c> address goes out through the outbound
/// allow-list. Every call answers <c>{status_code, content, content_type, headers}</c>, JSON content parsed. With
/// <c>options.queue</c> (<c>true</c>, or a queue's name) an in-process call is queued instead, once the callee's
/// security admits it, and answers at once <c>{status_code: 202, content: {job_id, status_url}}</c>; the job runs the
/// call later as the same caller.
/// </summary>
internal sealed class PlatformApi(
    ResourceRegistry registry,
    LocalRequests local,
    OutboundHttp? outbound,
    string account,
    IReadOnlyDictionary<string, string> callerHeaders,
    string? clientAddress,
    int depth,
    int maxDepth,
    long? actingApiKey = null) : IScriptPlatformApi
{
    /// <summary>Headers that carry the caller's identity to the callee.</summary>
    private static readonly string[] Credentials = ["Authorization", ApiKeyService.Header];

    /// <inheritdoc />
    public async Task<Map> CallAsync(string method, string path, object? payload, Map? options, CancellationToken cancellationToken)
    {
        var verb = method.ToUpperInvariant();
        var headers = HeadersOf(options);
        var body = payload is null ? null : payload as string ?? PlainJson.Serialize(payload);
        var contentType = payload is null ? null : payload is string ? "text/plain; charset=utf-8" : "application/json";
        var queue = QueueOf(options);
        if (Uri.TryCreate(path, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
        {
            if (queue is not null)
            {
                throw new ApiException("platform.api: options.queue queues in-process calls only ({application}/{uri}), not an address outside.",
                    ErrorCodes.InvalidInput, null, 400);
            }
            return await OutboundAsync(verb, WithParameters(absolute.ToString(), options), headers, body, contentType, cancellationToken)
                .ConfigureAwait(false);
        }
        if (depth >= maxDepth)
        {
            throw new ApiException($"platform.api calls nest deeper than {maxDepth} levels (a script calling itself?).",
                ErrorCodes.Core, null, 508);
        }
        var (application, rest) = Target(path);
        foreach (var name in Credentials)
        {
            if (callerHeaders.TryGetValue(name, out var value) && !headers.Any(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)))
            {
                headers.Add(KeyValuePair.Create(name, value));
            }
        }
        var queued = queue is null ? null : new QueueCallFeature(queue);
        var answer = await local.SendInternalAsync(application, new LocalRequest
        {
            Method = verb,
            Path = WithParameters(rest, options),
            Headers = headers,
            Body = body is null ? null : Encoding.UTF8.GetBytes(body),
            ContentType = contentType,
        }, new ScriptCallFeature(depth + 1, clientAddress, actingApiKey), cancellationToken, queued).ConfigureAwait(false);
        var type = answer.Headers.GetValueOrDefault("Content-Type");
        var responseHeaders = answer.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => (object?)h.Value);
        return queued?.Job is { } job
            ? new Map
            {
                ["status_code"] = (long)answer.Status,
                ["content"] = job.ToMap(),
                ["content_type"] = "application/json",
                ["headers"] = new Map(responseHeaders),
            }
            : Result(answer.Status, type, answer.Text, responseHeaders);
    }

    /// <summary>
    /// The queue <c>options.queue</c> asks for: <c>true</c> the default queue, a text that queue; null when absent,
    /// null or false. A 400 naming the option for anything else.
    /// </summary>
    private static string? QueueOf(Map? options) => options?.GetValueOrDefault("queue") switch
    {
        null or false => null,
        true => Queue.QueueOptions.DefaultQueue,
        string name when Queue.QueueOptions.IsQueueName(name) => name,
        var other => throw new ApiException(
            "platform.api: options.queue must be true or a queue name (letters, digits, '_', '-' and '.', at most " +
            $"{Queue.QueueOptions.MaxQueueLength}); got {PlainJson.Serialize(other)}.",
            ErrorCodes.InvalidInput, null, 400),
    };

    private async Task<Map> OutboundAsync(string verb, string address, List<KeyValuePair<string, string>> headers, string? body,
        string? contentType, CancellationToken cancellationToken)
    {
        if (outbound is null)
        {
            throw new ApiException("Outbound HTTP is not available on this host.", ErrorCodes.Configuration, null, 500);
        }
        var request = new OutboundRequest(verb, new Uri(address))
        {
            Headers = headers,
            Body = body,
            BodyContentType = contentType ?? "text/plain; charset=utf-8",
            Timeout = TimeSpan.FromSeconds(outbound.Options.TimeoutSeconds),
        };
        var response = await outbound.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = Encoding.UTF8.GetString(response.Body);
        return Result(response.Status, response.MediaType, text, new Dictionary<string, object?>());
    }

    /// <summary>The application a path names and the rest of the path: <c>/{account}/{application}/...</c> or <c>{application}/...</c>.</summary>
    private (ApplicationInfo Application, string Remainder) Target(string path)
    {
        var absolute = path.StartsWith('/');
        var parts = path.TrimStart('/').Split('/', absolute ? 3 : 2);
        var (accountName, applicationName, rest) = absolute
            ? (parts[0], parts.Length > 1 ? parts[1] : "", parts.Length > 2 ? parts[2] : "")
            : (account, parts[0], parts.Length > 1 ? parts[1] : "");
        var application = registry.FindApplication(Uri.UnescapeDataString(accountName), Uri.UnescapeDataString(applicationName))
            ?? throw new ApiException($"platform.api: no application '{accountName}/{applicationName}' for path '{path}'.",
                ErrorCodes.InvalidCall, null, 404);
        return (application, rest);
    }

    private static List<KeyValuePair<string, string>> HeadersOf(Map? options)
    {
        var headers = new List<KeyValuePair<string, string>>();
        if (options?.GetValueOrDefault("headers") is Map given)
        {
            foreach (var (name, value) in given)
            {
                headers.Add(KeyValuePair.Create(name, PlainValues.Text(value)));
            }
        }
        return headers;
    }

    /// <summary>The path with <c>options.parameters</c> added to its query.</summary>
    private static string WithParameters(string path, Map? options)
    {
        if (options?.GetValueOrDefault("parameters") is not Map parameters || parameters.Count == 0)
        {
            return path;
        }
        var query = string.Join('&', parameters.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(PlainValues.Text(p.Value))));
        return path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query;
    }

    /// <summary>The answer as a script sees it: JSON content parsed, other content as text.</summary>
    private static Map Result(int status, string? contentType, string text, Dictionary<string, object?> headers)
    {
        object? content = text;
        if (contentType is not null && contentType.Contains("json", StringComparison.OrdinalIgnoreCase) && PlainJson.TryParse(text, out var parsed))
        {
            content = parsed;
        }
        return new Map
        {
            ["status_code"] = (long)status,
            ["content"] = content,
            ["content_type"] = contentType,
            ["headers"] = new Map(headers),
        };
    }
}
