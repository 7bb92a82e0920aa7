using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using ApiStudio.Engine.Hosting;
using ApiStudio.Engine.Processing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ApiStudio.Engine.Outbound;

/// <summary>An outbound HTTP request.</summary>
/// <param name="Method">HTTP method (upper case).</param>
/// <param name="Uri">Absolute http or https address.</param>
public sealed record OutboundRequest(string Method, Uri Uri)
{
    /// <summary>Request headers (content headers such as Content-Type included).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>Body text, or null.</summary>
    public string? Body { get; init; }

    /// <summary>Content-Type of the body when no header gives one.</summary>
    public string BodyContentType { get; init; } = "text/plain; charset=utf-8";

    /// <summary>Authorization header value; dropped when a redirect leaves the origin (host, port or scheme).</summary>
    public AuthenticationHeaderValue? Authorization { get; init; }

    /// <summary>Time allowed to open a connection; null = only the total timeout applies.</summary>
    public TimeSpan? ConnectTimeout { get; init; }

    /// <summary>Time allowed for the whole call, redirects and body included.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>An outbound HTTP response, body read in full.</summary>
/// <param name="Status">HTTP status code.</param>
/// <param name="Reason">Reason phrase.</param>
/// <param name="MediaType">Media type of the body (lower case, no parameters), or null.</param>
/// <param name="Charset">Charset of the body, or null.</param>
/// <param name="Body">The body bytes.</param>
/// <param name="Uri">The address that answered (after redirects).</param>
public sealed record OutboundResponse(int Status, string Reason, string? MediaType, string? Charset, byte[] Body, Uri Uri)
{
    /// <summary>True for a 2xx status.</summary>
    public bool IsSuccess => Status is >= 200 and <= 299;
}

/// <summary>
/// Outbound HTTP for processors and scripts: every hop — the first request and each redirect — is checked
/// against the allow-list before any connection is opened; redirects are followed here, never by the handler;
/// timeouts (connect and total) and the response size are bounded. Errors are <see cref="ApiException"/>s without a
/// node id (callers add theirs): 403 code 4 for a blocked host, 502/504 code 5 for remote failures.
/// </summary>
public sealed partial class OutboundHttp(IHttpClientFactory clients, IOptions<ApiStudioOptions> options, ILogger<OutboundHttp> logger)
{
    /// <summary>The name of the HTTP client registered by <c>AddApiStudio</c>.</summary>
    public const string ClientName = "apistudio-outbound";

    private static readonly HttpRequestOptionsKey<TimeSpan> ConnectTimeoutKey = new("apistudio-connect-timeout");

    /// <summary>The outbound settings.</summary>
    public OutboundOptions Options => options.Value.Outbound;

    /// <summary>True when calls to the host and port of <paramref name="uri"/> are allowed.</summary>
    public bool IsAllowed(Uri uri) => OutboundHosts.IsAllowed(Options.AllowedHosts, uri);

    /// <summary>
    /// The handler behind the client: no automatic redirects (each hop is checked here), no cookies, and a connect
    /// step that honours the request's own connect timeout.
    /// </summary>
    public static SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.All,
        ConnectCallback = ConnectAsync,
    };

    /// <summary>Sends the request, following allowed redirects; returns the final response with its body.</summary>
    public async Task<OutboundResponse> SendAsync(OutboundRequest request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(request.Timeout);
        var client = clients.CreateClient(ClientName);
        client.Timeout = System.Threading.Timeout.InfiniteTimeSpan;
        var uri = request.Uri;
        var method = request.Method;
        var body = request.Body;
        var authorization = request.Authorization;
        for (var hop = 0; ; hop++)
        {
            CheckAllowed(uri, hop > 0);
            using var message = Build(request, method, uri, body, authorization);
            LogCall(logger, method, uri.GetLeftPart(UriPartial.Path));
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw TimedOut(uri, request.Timeout);
            }
            catch (HttpRequestException ex) when (ex.InnerException is TimeoutException)
            {
                throw new ApiException($"Connecting to {uri.Authority} timed out after {Seconds(request.ConnectTimeout!.Value)} s.",
                    ErrorCodes.ExternalService, null, 504);
            }
            catch (HttpRequestException ex)
            {
                throw new ApiException($"Could not reach {uri.Authority}: {ex.Message}", ErrorCodes.ExternalService, null, 502);
            }
            using (response)
            {
                var status = (int)response.StatusCode;
                if (status is 301 or 302 or 303 or 307 or 308 && response.Headers.Location is { } location)
                {
                    if (hop >= Options.MaxRedirects)
                    {
                        throw new ApiException($"The call to {request.Uri.GetLeftPart(UriPartial.Path)} was redirected more than {Options.MaxRedirects} times.",
                            ErrorCodes.ExternalService, null, 502);
                    }
                    var next = location.IsAbsoluteUri ? location : new Uri(uri, location);
                    if (status == 303 || (status is 301 or 302 && method == "POST"))
                    {
                        // As browsers do: the redirected request is a GET without the body.
                        method = method == "HEAD" ? "HEAD" : "GET";
                        body = null;
                    }
                    if (!string.Equals(next.IdnHost, uri.IdnHost, StringComparison.OrdinalIgnoreCase) || next.Port != uri.Port
                        || !string.Equals(next.Scheme, uri.Scheme, StringComparison.OrdinalIgnoreCase))
                    {
                        authorization = null; // credentials never follow a redirect to another origin (host, port or scheme)
                    }
                    uri = next;
                    continue;
                }
                byte[] bytes;
                try
                {
                    bytes = await ReadBodyAsync(response, uri, timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw TimedOut(uri, request.Timeout);
                }
                catch (HttpRequestException ex)
                {
                    throw new ApiException($"The response of {uri.Authority} broke off: {ex.Message}", ErrorCodes.ExternalService, null, 502);
                }
                var contentType = response.Content.Headers.ContentType;
                return new OutboundResponse(status, response.ReasonPhrase ?? "", contentType?.MediaType?.ToLowerInvariant(),
                    contentType?.CharSet, bytes, uri);
            }
        }
    }

    private void CheckAllowed(Uri uri, bool redirected)
    {
        if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ApiException($"'{uri}' is not an http or https address.", ErrorCodes.InvalidInput, null, 400);
        }
        if (!IsAllowed(uri))
        {
            throw new ApiException(
                $"Outbound calls to '{uri.IdnHost}:{uri.Port}' are not allowed{(redirected ? " (reached by a redirect)" : "")}: " +
                "add it to ApiStudio:Outbound:AllowedHosts.", ErrorCodes.Authentication, null, 403);
        }
    }

    private static HttpRequestMessage Build(OutboundRequest request, string method, Uri uri, string? body, AuthenticationHeaderValue? authorization)
    {
        var message = new HttpRequestMessage(new HttpMethod(method), uri);
        if (body is not null)
        {
            message.Content = new StringContent(body);
            message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(request.BodyContentType);
        }
        foreach (var (name, value) in request.Headers)
        {
            if (message.Headers.TryAddWithoutValidation(name, value))
            {
                continue;
            }
            if (message.Content is not null)
            {
                message.Content.Headers.Remove(name);
                message.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }
        message.Headers.Authorization = authorization;
        message.Options.Set(ConnectTimeoutKey, request.ConnectTimeout ?? TimeSpan.Zero);
        return message;
    }

    private async Task<byte[]> ReadBodyAsync(HttpResponseMessage response, Uri uri, CancellationToken cancellationToken)
    {
        var limit = Options.MaxResponseBytes;
        if (response.Content.Headers.ContentLength > limit)
        {
            throw TooLarge(uri, limit);
        }
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw TooLarge(uri, limit);
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>Opens the TCP connection within the request's connect timeout (a <see cref="TimeoutException"/> when it passes).</summary>
    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var timeout = context.InitialRequestMessage.Options.TryGetValue(ConnectTimeoutKey, out var value) ? value : TimeSpan.Zero;
        using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout > TimeSpan.Zero)
        {
            connectTimeout.CancelAfter(timeout);
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, connectTimeout.Token).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException($"Connecting timed out after {Seconds(timeout)} s.");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static ApiException TimedOut(Uri uri, TimeSpan timeout) =>
        new($"The call to {uri.GetLeftPart(UriPartial.Path)} timed out after {Seconds(timeout)} s.", ErrorCodes.ExternalService, null, 504);

    private static ApiException TooLarge(Uri uri, long limit) =>
        new($"The response of {uri.GetLeftPart(UriPartial.Path)} is larger than {limit} bytes (ApiStudio:Outbound:MaxResponseBytes).",
            ErrorCodes.ExternalService, null, 502);

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);

    // The path only: query strings may carry keys, and this is logged.
    [LoggerMessage(EventId = 20, Level = LogLevel.Debug, Message = "Outbound {Method} {Address}")]
    private static partial void LogCall(ILogger logger, string method, string address);
}
