using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ApiStudio.Tests.Support;

/// <summary>
/// A small real HTTP server on 127.0.0.1 for outbound-call tests: fixed answers per content type, status codes,
/// redirects, an echo of the request, a slow answer, and a count of the requests each path received.
/// </summary>
public sealed class UpstreamServer : IAsyncDisposable
{
    /// <summary>The bytes of a 1×1 PNG.</summary>
    public static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _hits = new(StringComparer.Ordinal);

    private UpstreamServer(WebApplication app)
    {
        _app = app;
    }

    /// <summary>The base address, <c>http://127.0.0.1:port/</c>.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>The port.</summary>
    public int Port => Address.Port;

    /// <summary>How many requests a path received.</summary>
    public int Hits(string path) => _hits.GetValueOrDefault(path);

    /// <summary>An absolute address on this server.</summary>
    public string Url(string pathAndQuery) => new Uri(Address, pathAndQuery).ToString();

    /// <summary>Starts the server.</summary>
    public static async Task<UpstreamServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new UpstreamServer(app);
        app.Use(async (http, next) =>
        {
            server._hits.AddOrUpdate(http.Request.Path.Value ?? "/", 1, (_, n) => n + 1);
            await next(http);
        });
        app.MapGet("/json", () => Results.Text("""{"name":"Ada","n":3,"ok":true}""", "application/json"));
        app.MapGet("/problem-json", () => Results.Text("""{"title":"x"}""", "application/problem+json"));
        app.MapGet("/bad-json", () => Results.Text("{oops", "application/json"));
        app.MapGet("/xml", () => Results.Text("<root><a>1</a></root>", "application/xml"));
        app.MapGet("/html", () => Results.Text("<p>hi</p>", "text/html"));
        app.MapGet("/text", () => Results.Text("plain words", "text/plain"));
        app.MapGet("/latin1", () => Results.Bytes(Encoding.Latin1.GetBytes("café"), "text/plain; charset=iso-8859-1"));
        app.MapGet("/image", () => Results.Bytes(Png, "image/png"));
        app.MapGet("/bytes", () => Results.Bytes([1, 2, 3], "application/octet-stream"));
        app.MapGet("/empty", () => Results.NoContent());
        app.MapGet("/big", () => Results.Text(new string('x', 5000), "text/plain"));
        app.MapGet("/status/{code:int}", (int code) => Results.Text($"failure {code}", "text/plain", statusCode: code));
        app.MapGet("/redirect", (string to, int? code) => Results.Text("", statusCode: code ?? 302).WithLocation(to));
        app.MapGet("/loop", () => Results.Text("", statusCode: 302).WithLocation("/loop"));
        app.MapGet("/slow", async (int ms, CancellationToken aborted) =>
        {
            await Task.Delay(ms, aborted);
            return Results.Text("done", "text/plain");
        });
        app.Map("/echo", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            return Results.Json(new Dictionary<string, object?>
            {
                ["method"] = http.Request.Method,
                ["body"] = body,
                ["content_type"] = http.Request.ContentType,
                ["authorization"] = http.Request.Headers.Authorization.ToString(),
                ["x_test"] = http.Request.Headers["X-Test"].ToString(),
                ["query"] = http.Request.QueryString.Value,
            });
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Address = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>Redirect helpers for minimal API results.</summary>
internal static class ResultLocation
{
    /// <summary>The result with a Location header.</summary>
    public static IResult WithLocation(this IResult result, string location) => new Located(result, location);

    private sealed class Located(IResult inner, string location) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.Headers.Location = location;
            return inner.ExecuteAsync(http);
        }
    }
}
