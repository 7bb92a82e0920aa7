using System.Collections.Concurrent;
using ApiStudio.Engine.Hosting;
using ApiStudio.Engine.Http;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace ApiStudio.Engine.OpenApi;

/// <summary>
/// The OpenAPI documents of the applications, served at <c>GET /{base}/{account}/{application}/openapi.json</c>.
/// A document is generated the first time it is asked for after the route table changed (any publish, delete or
/// application change builds a new table), then served from memory: never generated per request.
/// </summary>
public sealed class OpenApiDocuments(ResourceRegistry registry, IOptions<ApiStudioOptions> options)
{
    /// <summary>The uri of an application's document: <c>/api/{account}/{application}/openapi.json</c>.</summary>
    public const string DocumentUri = "openapi.json";

    private Generated? _generated;

    /// <summary>The document of an application as plain data, or null when the application does not exist.</summary>
    public Map? Document(string account, string application)
    {
        var app = registry.FindApplication(account, application);
        return app is null ? null : OpenApiGenerator.Generate(app, ResourcesOf(registry.Routes, app), options.Value.ApiBasePath);
    }

    /// <summary>The document of an application as JSON (cached per route table), or null when the application does not exist.</summary>
    public string? Json(string account, string application)
    {
        var app = registry.FindApplication(account, application);
        if (app is null)
        {
            return null;
        }
        var routes = registry.Routes;
        var generated = Volatile.Read(ref _generated);
        if (generated is null || !ReferenceEquals(generated.Routes, routes))
        {
            generated = new Generated(routes, new ConcurrentDictionary<long, string>());
            Volatile.Write(ref _generated, generated);
        }
        return generated.Documents.GetOrAdd(app.Appid, _ =>
            PlainJson.Serialize(OpenApiGenerator.Generate(app, ResourcesOf(routes, app), options.Value.ApiBasePath)));
    }

    /// <summary>Answers <c>GET /{base}/{account}/{application}/openapi.json</c>; 404 in the error envelope for an unknown application.</summary>
    public Task WriteAsync(HttpContext http, string account, string application)
    {
        var json = Json(account, application);
        if (json is null)
        {
            var missing = new ApiException($"Application '{application}' does not exist in account '{account}'.", ErrorCodes.InvalidCall, null, 404);
            return ApiResponseWriter.Error(missing, OutputFormat.Json, wrap: true).WriteAsync(http.Response, http.RequestAborted);
        }
        var body = System.Text.Encoding.UTF8.GetBytes(json);
        return new ApiResponse(200, "application/json", body).WriteAsync(http.Response, http.RequestAborted);
    }

    private static IEnumerable<PublishedResource> ResourcesOf(RouteTable routes, ApplicationInfo app) =>
        routes.Resources.Where(r => r.Appid == app.Appid);

    private sealed record Generated(RouteTable Routes, ConcurrentDictionary<long, string> Documents);
}
