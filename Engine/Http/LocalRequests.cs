using System.Diagnostics;
using System.Net;
using System.Text;
using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Hosting;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Testing;
using ApiStudio.Engine.Values;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ApiStudio.Engine.Http;

/// <summary>What an in-process request is sent to.</summary>
public enum LocalTarget
{
    /// <summary>The published resources of the resource's application, routed as any client's request.</summary>
    Published,

    /// <summary>The resource's draft, validated and evaluated in place of the published version for this one request.</summary>
    Draft,
}

/// <summary>A request sent in-process through <see cref="LocalRequests"/>.</summary>
public sealed record LocalRequest
{
    /// <summary>The HTTP method (default GET).</summary>
    public string Method { get; init; } = "GET";

    /// <summary>The path after <c>/{base}/{account}/{application}/</c>, percent-encoded as in a URL, with its query (<c>weekday/3?lang=en</c>).</summary>
    public string Path { get; init; } = "";

    /// <summary>Request headers; several values of one header are several entries.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>The body, or null for none.</summary>
    public byte[]? Body { get; init; }

    /// <summary>The body's media type (<c>application/json</c>), when there is a body.</summary>
    public string? ContentType { get; init; }

    /// <summary>Ask for the per-node trace (<c>X-ApiStudio-Trace</c>); it comes back in <see cref="LocalResponse.Trace"/>.</summary>
    public bool Trace { get; init; }

    /// <summary>
    /// Send it as the calling user: unless <see cref="Headers"/> hold an <c>Authorization</c>, a bearer access token
    /// minted for that user is added, so the resource's own security sees them (default true).
    /// </summary>
    public bool AsCaller { get; init; } = true;
}

/// <summary>The answer to an in-process request.</summary>
/// <param name="Status">HTTP status.</param>
/// <param name="Headers">Response headers (several values joined with <c>, </c>), names in any case.</param>
/// <param name="Body">The body, at most <see cref="LocalRequests.MaxResponseBytes"/>.</param>
/// <param name="Truncated">True when the body was longer and was cut.</param>
/// <param name="Duration">How long the pipeline took.</param>
public sealed record LocalResponse(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body, bool Truncated, TimeSpan Duration)
{
    /// <summary>The trace entries (<c>{id, processor, inputs, type, output, duration_ms, error}</c>) when one was asked for and returned.</summary>
    public IReadOnlyList<Map>? Trace { get; init; }

    /// <summary>Why the draft could not run (load error, validation, an application out of reach); the request was not sent then.</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>The body as UTF-8 text.</summary>
    public string Text => Encoding.UTF8.GetString(Body);
}

/// <summary>
/// Set on a request a script sent through <c>platform.api</c>, and on a queued job's requests: how many such calls deep
/// it runs (a script calling itself ends at the configured depth, also through the queue), the address of the client
/// whose request started the chain, and the API key a job acts with (<see cref="EvaluationContext.ActingApiKey"/>).
/// Never read from a header, query or body.
/// </summary>
internal sealed record ScriptCallFeature(int Depth, string? ClientAddress, long? ActingApiKey = null);

/// <summary>
/// Set on the request a queued job sends to run the call it holds: the resource it must reach and the caller the
/// resource's security admitted when the call was queued (security does not run again, nor the rate limit).
/// </summary>
internal sealed class QueuedRunFeature(long resid, Security.Caller? caller)
{
    /// <summary>The resource the job's call was queued for.</summary>
    public long Resid { get; } = resid;

    /// <summary>The caller as it may act now (null: anonymous).</summary>
    public Security.Caller? Caller { get; } = caller;

    /// <summary>Set by the pipeline once the call reached <see cref="Resid"/>.</summary>
    public bool Reached { get; set; }
}

/// <summary>
/// Set on a <c>platform.api</c> request with <c>options.queue</c>: the pipeline queues the call on <see cref="Queue"/>
/// (once security admits it) and records the job here.
/// </summary>
internal sealed class QueueCallFeature(string queue)
{
    /// <summary>The queue to put the call on.</summary>
    public string Queue { get; } = queue;

    /// <summary>The job, once queued.</summary>
    public QueuedJob? Job { get; set; }
}

/// <summary>
/// What an in-process request carries that no client can send: the only way to run a draft. Internal to the engine
/// and set on the request's features, never read from a header, query or body.
/// </summary>
internal sealed class LocalRequestFeature
{
    /// <summary>A route table holding only the draft, matched instead of the published resources; null for the published ones.</summary>
    public RouteTable? Draft { get; init; }

    /// <summary>The trace the pipeline returned, when one was asked for and the caller may see it.</summary>
    public List<object?>? Trace { get; set; }
}

/// <summary>
/// Sends requests through the real pipeline of <see cref="ApiRequestHandler"/> (routing, body reading, security,
/// envelopes, trace, budgets) without a socket: the studio's "Try it" and its runs of a resource's <c>tests:</c>, to
/// the published version or to the draft. The caller must be a Developer or above on the resource's application (and
/// on the one a draft names), as for reading its draft: else 404 or 403 as <see cref="ApiException"/>.
/// </summary>
public sealed class LocalRequests(
    ApiRequestHandler handler,
    ResourceAdmin resources,
    ResourceRegistry registry,
    TokenService tokens,
    IServiceScopeFactory scopes,
    TimeProvider time,
    IOptions<ApiStudioOptions> options)
{
    /// <summary>Longest response body kept; the rest is dropped and <see cref="LocalResponse.Truncated"/> set.</summary>
    public const int MaxResponseBytes = 10 * 1024 * 1024;

    private const string LocalHost = "localhost";

    private ApiStudioOptions Settings => options.Value;

    /// <summary>What a request goes to, resolved once: the application, the draft to run (if any) and why it cannot run.</summary>
    private sealed record Target(Caller? Caller, ApplicationInfo Application, RouteTable? Draft, PreparedResource? Resource, IReadOnlyList<string> Errors);

    /// <summary>Sends one request to resource <paramref name="resid"/>'s published application or to its draft.</summary>
    public async Task<LocalResponse> SendAsync(Caller? caller, long resid, LocalTarget target, LocalRequest request,
        CancellationToken cancellationToken = default) =>
        await SendAsync(await ResolveAsync(caller, resid, target, cancellationToken).ConfigureAwait(false), request, cancellationToken)
            .ConfigureAwait(false);

    /// <summary>
    /// A handler sending an <see cref="HttpClient"/>'s requests in-process to resource <paramref name="resid"/>'s
    /// published application or its draft (resolved again for every request): give the client any base address, and
    /// paths <c>{base}/{account}/{application}/...</c> of that application (another application answers 404).
    /// </summary>
    public HttpMessageHandler CreateHandler(Caller? caller, long resid, LocalTarget target, bool asCaller = true) =>
        new Handler(this, cancellationToken => ResolveAsync(caller, resid, target, cancellationToken), asCaller);

    /// <summary>
    /// Runs every example of the <c>tests:</c> of the resource's draft or published version in-process and says which
    /// passed. Examples run as written — anonymous unless they send credentials — so they pass or fail as
    /// <c>apistudio test</c> says. A draft that cannot run is a 400 listing why; no published version a 404.
    /// </summary>
    public async Task<IReadOnlyList<ExampleResult>> RunExamplesAsync(Caller? caller, long resid, LocalTarget target,
        CancellationToken cancellationToken = default)
    {
        var resolved = await ResolveAsync(caller, resid, target, cancellationToken).ConfigureAwait(false);
        if (resolved.Errors.Count > 0)
        {
            throw AdminErrors.Invalid(resolved.Errors);
        }
        var resource = resolved.Resource ?? throw AdminErrors.NotFound("Published version of resource", resid);
        var examples = ResourceExample.Parse(resource.Document.Tests, new List<string>());
        using var client = new HttpClient(new Handler(this, _ => Task.FromResult(resolved), asCaller: false))
        {
            BaseAddress = new Uri($"http://{LocalHost}/"),
            Timeout = Timeout.InfiniteTimeSpan, // the request budgets bound each example
        };
        var results = new List<ExampleResult>(examples.Count);
        foreach (var example in examples)
        {
            var failures = await ExampleRunner.RunAsync(client, Settings.ApiBasePath, resource, resolved.Application.Settings.Wrap,
                example, cancellationToken).ConfigureAwait(false);
            results.Add(new ExampleResult(example.Name, failures));
        }
        return results;
    }

    /// <summary>The target of a request, once the caller is allowed to reach it.</summary>
    private async Task<Target> ResolveAsync(Caller? caller, long resid, LocalTarget target, CancellationToken cancellationToken)
    {
        if (target == LocalTarget.Draft)
        {
            var plan = await resources.PlanDraftAsync(caller, resid, cancellationToken).ConfigureAwait(false);
            if (plan.Prepared is not { } draft)
            {
                return new Target(caller, ApplicationOf(plan.Resource.Appid, resid), null, null, plan.Errors);
            }
            return new Target(caller, ApplicationOf(draft.Appid, resid), RouteTable.Build([registry.WithEvents(draft)]), draft.Resource, []);
        }
        var row = await resources.FindAsync(caller, resid, cancellationToken).ConfigureAwait(false);
        var served = registry.Routes.Resources.FirstOrDefault(r => r.Resid == resid);
        return new Target(caller, ApplicationOf(row.Appid, resid), null, served?.Resource, []);
    }

    private ApplicationInfo ApplicationOf(long appid, long resid) =>
        registry.Applications.GetValueOrDefault(appid) ?? throw AdminErrors.NotFound("Resource", resid);

    /// <summary>
    /// Sends a request of a script's <c>platform.api</c> (or a queued job's) to <paramref name="application"/> through the
    /// pipeline as the headers it carries say (the calling request's credentials) at <paramref name="call"/>'s depth;
    /// with <paramref name="queue"/> the pipeline queues it instead of running it, and <paramref name="run"/> makes it
    /// a queued job's run of the call it holds.
    /// </summary>
    internal Task<LocalResponse> SendInternalAsync(ApplicationInfo application, LocalRequest request, ScriptCallFeature call,
        CancellationToken cancellationToken, QueueCallFeature? queue = null, QueuedRunFeature? run = null) =>
        SendAsync(new Target(null, application, null, null, []), request with { AsCaller = false }, cancellationToken, call, features =>
        {
            if (queue is not null)
            {
                features.Set(queue);
            }
            if (run is not null)
            {
                features.Set(run);
            }
        });

    /// <summary>
    /// Sends a request to <paramref name="application"/>'s published resources as <paramref name="caller"/> (a bearer
    /// token minted for them) without any admin check: the resource's own security decides, as for a client sending
    /// that user's token (a scheduled task's run).
    /// </summary>
    public Task<LocalResponse> SendAsAsync(Caller caller, ApplicationInfo application, LocalRequest request, CancellationToken cancellationToken) =>
        SendAsync(new Target(caller, application, null, null, []), request with { AsCaller = true }, cancellationToken);

    private async Task<LocalResponse> SendAsync(Target target, LocalRequest request, CancellationToken cancellationToken,
        ScriptCallFeature? scriptCall = null, Action<IFeatureCollection>? internalFeatures = null)
    {
        if (target.Errors.Count > 0)
        {
            return Refused(target, AdminErrors.Invalid(target.Errors));
        }
        await using var scope = scopes.CreateAsyncScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider, RequestAborted = cancellationToken };
        var path = await WriteRequestAsync(http, target, request).ConfigureAwait(false);
        var sink = new BoundedStream(MaxResponseBytes);
        http.Response.Body = sink;
        var feature = new LocalRequestFeature { Draft = target.Draft };
        http.Features.Set(feature);
        if (scriptCall is not null)
        {
            http.Features.Set(scriptCall);
            if (scriptCall.ClientAddress is { } address && IPAddress.TryParse(address, out var ip))
            {
                http.Connection.RemoteIpAddress = ip;
            }
        }
        internalFeatures?.Invoke(http.Features);
        var clock = Stopwatch.StartNew();
        await handler.HandleAsync(http, target.Application.Account, target.Application.Name, path).ConfigureAwait(false);
        clock.Stop();
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in http.Response.Headers)
        {
            headers[name] = values.ToString();
        }
        return new LocalResponse(http.Response.StatusCode, headers, sink.ToArray(), sink.Truncated, clock.Elapsed)
        {
            Trace = request.Trace ? feature.Trace?.OfType<Map>().ToList() : null,
        };
    }

    /// <summary>
    /// Fills the context's request as Kestrel would for <c>/{base}/{account}/{application}/{path}</c>, with the caller's
    /// token and the trace header when asked for; returns the decoded path after the application.
    /// </summary>
    private async Task<string> WriteRequestAsync(HttpContext http, Target target, LocalRequest request)
    {
        var (path, query) = SplitPath(request.Path);
        var prefix = $"/{Settings.ApiBasePath.Trim('/')}/{Uri.EscapeDataString(target.Application.Account)}/{Uri.EscapeDataString(target.Application.Name)}";
        var incoming = http.Request;
        incoming.Method = request.Method.ToUpperInvariant();
        incoming.Scheme = "http";
        incoming.Host = new HostString(LocalHost);
        incoming.Path = PathString.FromUriComponent($"{prefix}/{path}");
        incoming.QueryString = QueryString.FromUriComponent(query);
        http.Features.Get<IHttpRequestFeature>()!.RawTarget = $"{prefix}/{path}{query}";
        http.Connection.RemoteIpAddress = IPAddress.Loopback;
        foreach (var (name, value) in request.Headers)
        {
            incoming.Headers.Append(name, value);
        }
        if (request.AsCaller && target.Caller is { Uid: not null } caller && !incoming.Headers.ContainsKey("Authorization"))
        {
            incoming.Headers.Authorization = "Bearer " + await tokens.CreateAccessTokenAsync(caller, time.GetUtcNow()).ConfigureAwait(false);
        }
        if (request.Trace)
        {
            incoming.Headers[RequestTrace.Header] = "1";
        }
        if (request.Body is { } body)
        {
            incoming.Body = new MemoryStream(body, writable: false);
            incoming.ContentLength = body.Length;
            if (request.ContentType is not null)
            {
                incoming.ContentType = request.ContentType;
            }
        }
        return Uri.UnescapeDataString(path);
    }

    /// <summary>An answer given without running anything, in the application's envelope.</summary>
    private static LocalResponse Refused(Target target, ApiException error)
    {
        var response = ApiResponseWriter.Error(error, OutputFormat.Json, target.Application.Settings.Wrap);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = response.ContentType };
        return new LocalResponse(response.Status, headers, response.Body, false, TimeSpan.Zero) { Errors = target.Errors };
    }

    /// <summary>The path before <c>?</c> (no leading slash) and the query with its <c>?</c> (or empty).</summary>
    private static (string Path, string Query) SplitPath(string path)
    {
        var at = path.IndexOf('?', StringComparison.Ordinal);
        var (before, query) = at < 0 ? (path, "") : (path[..at], path[at..]);
        return (before.TrimStart('/'), query.Length > 1 ? query : "");
    }

    /// <summary>An <see cref="HttpClient"/>'s requests, sent in-process to one target.</summary>
    private sealed class Handler(LocalRequests owner, Func<CancellationToken, Task<Target>> resolve, bool asCaller) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage message, CancellationToken cancellationToken)
        {
            var target = await resolve(cancellationToken).ConfigureAwait(false);
            var uri = message.RequestUri is { IsAbsoluteUri: true } absolute
                ? absolute
                : throw new InvalidOperationException("Give the client a base address: the request has no absolute address.");
            var prefix = $"/{owner.Settings.ApiBasePath.Trim('/')}/{Uri.EscapeDataString(target.Application.Account)}/" +
                         $"{Uri.EscapeDataString(target.Application.Name)}/";
            var path = uri.AbsolutePath;
            LocalResponse answer;
            if (!path.StartsWith(prefix, StringComparison.Ordinal) && path != prefix.TrimEnd('/'))
            {
                answer = Refused(target with { Errors = [] },
                    new ApiException($"This client reaches only {prefix}.", ErrorCodes.InvalidCall, null, 404));
            }
            else
            {
                var headers = message.Headers.SelectMany(h => h.Value.Select(v => KeyValuePair.Create(h.Key, v))).ToList();
                byte[]? body = null;
                string? contentType = null;
                if (message.Content is { } content)
                {
                    headers.AddRange(content.Headers.Where(h => h.Key != "Content-Type" && h.Key != "Content-Length")
                        .SelectMany(h => h.Value.Select(v => KeyValuePair.Create(h.Key, v))));
                    contentType = content.Headers.ContentType?.ToString();
                    body = await ReadBoundedAsync(content, owner.Settings.MaxBodyBytes, cancellationToken).ConfigureAwait(false);
                }
                answer = await owner.SendAsync(target, new LocalRequest
                {
                    Method = message.Method.Method,
                    Path = (path.Length > prefix.Length ? path[prefix.Length..] : "") + uri.Query,
                    Headers = headers,
                    Body = body,
                    ContentType = contentType,
                    AsCaller = asCaller,
                }, cancellationToken).ConfigureAwait(false);
            }
            var response = new HttpResponseMessage((HttpStatusCode)answer.Status) { RequestMessage = message, Content = new ByteArrayContent(answer.Body) };
            foreach (var (name, value) in answer.Headers)
            {
                if (!response.Headers.TryAddWithoutValidation(name, value))
                {
                    response.Content.Headers.Remove(name);
                    response.Content.Headers.TryAddWithoutValidation(name, value);
                }
            }
            return response;
        }

        /// <summary>
        /// The body, or — past <paramref name="limit"/> — as many bytes as make the pipeline refuse it (413) by its
        /// declared length, without holding more.
        /// </summary>
        private static async Task<byte[]> ReadBoundedAsync(HttpContent content, long limit, CancellationToken cancellationToken)
        {
            await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > limit)
                {
                    break;
                }
            }
            return buffer.ToArray();
        }
    }

    /// <summary>A response body that keeps its first <c>limit</c> bytes and drops the rest.</summary>
    private sealed class BoundedStream(int limit) : Stream
    {
        private readonly MemoryStream _kept = new();

        public bool Truncated { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _kept.Length;

        public override long Position
        {
            get => _kept.Length;
            set => throw new NotSupportedException();
        }

        public byte[] ToArray() => _kept.ToArray();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            var room = (int)Math.Max(0, limit - _kept.Length);
            if (buffer.Length > room)
            {
                Truncated = true;
                buffer = buffer[..room];
            }
            _kept.Write(buffer);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _kept.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
