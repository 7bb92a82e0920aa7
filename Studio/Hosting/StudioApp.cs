using ApiStudio.Engine.Hosting;
using ApiStudio.Engine.Processing;
using ApiStudio.Processors;
using Serilog;
using Serilog.Events;

namespace ApiStudio.Studio.Hosting;

/// <summary>
/// Composes the ApiStudio host: logging, the processor catalogue (built-ins and plugins), the engine's services and
/// endpoints, and the first-start work. The executable, the CLI commands and the integration tests build the host the
/// same way.
/// </summary>
public static class StudioApp
{
    /// <summary>Builds the host and runs first start (migrations, seeding, route table); the caller runs it.</summary>
    /// <param name="args">Command-line arguments (configuration overrides such as <c>--urls</c>).</param>
    /// <param name="settings">Extra configuration that wins over appsettings.json and the environment (tests).</param>
    /// <param name="logs">Where logs go instead of the console (the CLI sends warnings to its error output).</param>
    /// <param name="services">Replaces engine services after they are registered (tests: a clock they set).</param>
    public static async Task<WebApplication> BuildAsync(string[] args, IDictionary<string, string?>? settings = null,
        ILoggerProvider? logs = null, Action<IServiceCollection>? services = null)
    {
        var builder = CreateBuilder(args, settings, logs);
        services?.Invoke(builder.Services);
        var app = builder.Build();
        if (logs is null)
        {
            // One event per request, at Debug unless it failed or was slow: the hot path does not write a line per call.
            app.UseSerilogRequestLogging(requests => requests.GetLevel = RequestLevel);
        }
        await app.Services.GetRequiredService<FirstStart>().RunAsync();
        var catalogue = app.Services.GetRequiredService<ProcessorCatalogue>();
        app.MapApiStudio();
        app.MapGet("/processors", () => Results.Text(catalogue.ToJson(), "application/json"));
        app.MapStudio();
        return app;
    }

    /// <summary>Errors and 5xx answers at Error, answers slower than a second at Warning, the rest at Debug.</summary>
    /// <remarks>The studio's circuit is one request that lasts as long as the page is open: never slow, only long.</remarks>
    private static LogEventLevel RequestLevel(HttpContext http, double elapsedMs, Exception? error) =>
        error is not null || http.Response.StatusCode >= 500 ? LogEventLevel.Error
        : elapsedMs > 1000 && !http.Request.Path.StartsWithSegments("/_blazor") ? LogEventLevel.Warning
        : LogEventLevel.Debug;

    /// <summary>
    /// The builder with configuration, logging and the engine's services, before anything touches the database: the
    /// CLI builds from it when it needs the catalogue or the database without first start.
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(string[] args, IDictionary<string, string?>? settings = null,
        ILoggerProvider? logs = null)
    {
        // Named after this assembly wherever it runs (tests included), so its static web assets are found.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ApplicationName = typeof(StudioApp).Assembly.GetName().Name });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        // Run from a build (not a publish), the studio's files live in the packages and the project folder, listed in the
        // static web assets manifest beside the executable; ASP.NET Core reads it only in Development unless asked.
        builder.WebHost.UseStaticWebAssets();
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
            builder.Logging.AddProvider(logs);
        }
        else
        {
            // Levels and extra sinks (a rolling file, say) come from the "Serilog" configuration section; providers added
            // to the logger factory later (a log shipper, a test's capture) receive the events too.
            builder.Services.AddSerilog((_, serilog) => serilog
                .MinimumLevel.Information()
                .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
                // The studio's cookie keys live unencrypted in the system database, as the token signing key does: said once
                // here instead of at every start.
                .MinimumLevel.Override("Microsoft.AspNetCore.DataProtection", LogEventLevel.Error)
                .Enrich.FromLogContext()
                .ReadFrom.Configuration(builder.Configuration)
                .WriteTo.Console(), writeToProviders: true);
        }

        var pluginsPath = builder.Configuration[$"{ApiStudioOptions.Section}:PluginsPath"] ?? "plugins";
        var catalogue = BuiltInProcessors.Catalogue(Path.IsPathRooted(pluginsPath) ? pluginsPath : Path.Combine(AppContext.BaseDirectory, pluginsPath));
        builder.Services.AddApiStudio(builder.Configuration, catalogue);
        builder.Services.AddStudio();
        return builder;
    }
}
