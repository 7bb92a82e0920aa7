using ApiStudio.Engine.Hosting;
using ApiStudio.Processors;
using Serilog;

namespace ApiStudio.Studio.Hosting;

/// <summary>
/// Composes the ApiStudio host: logging, the processor catalogue (built-ins and plugins), the engine's services and
/// endpoints, and the first-start work. The executable and the integration tests build the host the same way.
/// </summary>
public static class StudioApp
{
    /// <summary>Builds the host and runs first start (migrations, seeding, route table); the caller runs it.</summary>
    /// <param name="args">Command-line arguments (configuration overrides such as <c>--urls</c>).</param>
    /// <param name="settings">Extra configuration that wins over appsettings.json and the environment (tests).</param>
    public static async Task<WebApplication> BuildAsync(string[] args, IDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        var serilog = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft.AspNetCore", Serilog.Events.LogEventLevel.Warning)
            .WriteTo.Console()
            .CreateLogger();
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(serilog, dispose: true);

        var pluginsPath = builder.Configuration[$"{ApiStudioOptions.Section}:PluginsPath"] ?? "plugins";
        var catalogue = BuiltInProcessors.Catalogue(Path.IsPathRooted(pluginsPath) ? pluginsPath : Path.Combine(AppContext.BaseDirectory, pluginsPath));
        builder.Services.AddApiStudio(builder.Configuration, catalogue);

        var app = builder.Build();
        await app.Services.GetRequiredService<FirstStart>().RunAsync();
        app.MapApiStudio();
        app.MapGet("/processors", () => Results.Text(catalogue.ToJson(), "application/json"));
        app.MapGet("/", () => Results.Text(
            $"ApiStudio is running. {catalogue.All.Count} processors are available at /processors.", "text/plain"));
        return app;
    }
}
