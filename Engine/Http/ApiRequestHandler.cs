using ApiStudio.Engine.Hosting;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Values;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ApiStudio.Engine.Http;

/// <summary>
/// Serves published resources (SPEC §6). The pipeline reads top to bottom:
/// match → rate limit → read request → cache lookup → security and evaluation → output (with the trace, when asked
/// for and allowed) → cache store.
/// </summary>
public sealed partial class ApiRequestHandler(
    ResourceRegistry registry,
    RequestRateLimiter rateLimiter,
    IServiceProvider services,
    IMemoryCache cache,
    IOptions<ApiStudioOptions> options,
    ILogger<ApiRequestHandler> logger)
{
    private static readonly string[] OverridableMethods = ["put", "patch", "delete"];

    /// <summary>Handles <c>/{base}/{account}/{application}/{**path}</c>.</summary>
    public async Task HandleAsync(HttpContext http, string account, string application, string? path)
    {
        var cancellationToken = http.RequestAborted;
        var negotiated = OutputFormatter.FromMediaType(http.Request.Headers.Accept.ToString());
        var wrap = registry.FindApplication(account, application)?.Settings.Wrap ?? true;
        EvaluationContext? evaluation = null;
        PreparedResource? resource = null;
        try
        {
            var method = MethodOf(http.Request);
            var segments = (path ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
            var match = registry.Routes.Match(account, application, method, segments);
            if (match.Resource is null)
            {
                await NotMatchedAsync(http, match, negotiated, wrap, cancellationToken).ConfigureAwait(false);
                return;
            }
            if (negotiated is null)
            {
                throw new ApiException("None of the media types in Accept can be produced.", ErrorCodes.InvalidInput, null, 406);
            }
            resource = match.Resource.Resource;
            var served = registry.Applications[match.Resource.Appid];
            await rateLimiter.EnforceAsync(http, served).ConfigureAwait(false);
            var request = await ApiRequestReader.ReadAsync(http.Request, method, match, options.Value.MaxBodyBytes, cancellationToken)
                .ConfigureAwait(false);
            var traced = RequestTrace.Requested(http.Request);
            var cacheKey = traced ? null : CacheKey(resource, match, http, negotiated.Value);
            if (cacheKey is not null && cache.TryGetValue(cacheKey, out ApiResponse? cached) && cached is not null)
            {
                http.Response.Headers["X-ApiStudio-Cache"] = "hit";
                await cached.WriteAsync(http.Response, cancellationToken).ConfigureAwait(false);
                return;
            }
            evaluation = new EvaluationContext(request, traced ? RequestTrace.Options : EvaluationOptions.Default, services, logger, cancellationToken)
            {
                Scope = new ResourceScope(served.Accid, served.Appid, served.Account, served.Name),
            };
            var result = await resource.ExecuteAsync(evaluation).ConfigureAwait(false);
            var response = ApiResponseWriter.Success(result, negotiated.Value, wrap, RequestTrace.Visible(evaluation, resource));
            if (cacheKey is not null)
            {
                cache.Set(cacheKey, response, TimeSpan.FromSeconds(resource.Document.Ttl ?? 0));
            }
            await response.WriteAsync(http.Response, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiException error)
        {
            var trace = resource is null ? null : RequestTrace.Visible(evaluation, resource);
            await ApiResponseWriter.Error(error, negotiated, wrap, trace).WriteAsync(http.Response, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away: nothing to answer.
        }
        catch (Exception unexpected)
        {
            var correlation = Guid.NewGuid().ToString("N");
            LogUnexpected(logger, unexpected, correlation, http.Request.Method, http.Request.Path);
            var error = new ApiException($"An unexpected error occurred. Correlation id: {correlation}.", ErrorCodes.Core, null, 500);
            http.Response.Headers["X-Correlation-Id"] = correlation;
            await ApiResponseWriter.Error(error, negotiated, wrap).WriteAsync(http.Response, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            evaluation?.Dispose();
        }
    }

    /// <summary>The method, lower-case; a POST with <c>X-HTTP-Method: PUT|PATCH|DELETE</c> counts as that method.</summary>
    private static string MethodOf(HttpRequest request)
    {
        var method = request.Method.ToLowerInvariant();
        if (method == "post" && request.Headers.TryGetValue("X-HTTP-Method", out var overridden))
        {
            var wanted = overridden.ToString().Trim().ToLowerInvariant();
            if (Array.IndexOf(OverridableMethods, wanted) >= 0)
            {
                return wanted;
            }
        }
        return method;
    }

    private static Task NotMatchedAsync(HttpContext http, RouteMatch match, OutputFormat? negotiated, bool wrap, CancellationToken cancellationToken)
    {
        if (match.AllowedMethods.Count > 0)
        {
            http.Response.Headers.Allow = string.Join(", ", match.AllowedMethods.Select(m => m.ToUpperInvariant()));
            return ApiResponseWriter.Error(new ApiException(
                    $"Method {http.Request.Method.ToUpperInvariant()} is not allowed here; allowed: {http.Response.Headers.Allow}.",
                    ErrorCodes.InvalidCall, null, 405), negotiated, wrap)
                .WriteAsync(http.Response, cancellationToken);
        }
        return ApiResponseWriter.Error(new ApiException("No resource matches this request.", ErrorCodes.InvalidCall, null, 404),
            negotiated, wrap).WriteAsync(http.Response, cancellationToken);
    }

    /// <summary>
    /// The result-cache key of a cacheable request (GET with ttl &gt; 0): account, application, method, uri, URI
    /// arguments, the query string, the format, and the caller's credentials when the resource has security.
    /// </summary>
    private static string? CacheKey(PreparedResource resource, RouteMatch match, HttpContext http, OutputFormat format)
    {
        if (resource.Method != "get" || resource.Document.Ttl is not > 0)
        {
            return null;
        }
        var identity = resource.Security is null
            ? ""
            : http.Request.Headers.Authorization.ToString() + "|" + http.Request.Headers["X-ApiStudio-Api-Key"] + "|" + http.Request.Query["api_key"];
        return string.Join('\u001f', "apistudio-result", resource.Account, resource.Application, resource.Method, resource.Uri,
            string.Join('/', match.Arguments), http.Request.QueryString.Value, format, identity);
    }

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Unhandled error {CorrelationId} serving {Method} {Path}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string correlationId, string method, string path);
}
