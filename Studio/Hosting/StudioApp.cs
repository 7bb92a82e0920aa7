using ApiStudio.Engine.Hosting;
using ApiStudio.Engine.Processing;
using ApiStudio.Processors;
using Serilog;

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
        await app.Services.GetRequiredService<FirstStart>().RunAsync();
        var catalogue = app.Services.GetRequiredService<ProcessorCatalogue>();
        app.MapApiStudio();
        app.MapGet("/processors", () => Results.Text(catalogue.ToJson(), "application/json"));
        app.MapGet("/", () => Results.Text(
            $"ApiStudio is running. {catalogue.All.Count} processors are available at /processors.", "text/plain"));
        return app;
    }

    /// <summary>
    /// The builder with configuration, logging and the engine's services, before anything touches the database: the
    /// CLI builds from it when it needs the catalogue or the database without first start.
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(string[] args, IDictionary<string, string?>? settings = null,
        ILoggerProvider? logs = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Logging.AddProvider(logs);
        }
        else
        {
            var serilog = new LoggerConfiguration()
                .MinimumLevel.Information()
                .MinimumLevel.Override("Microsoft.AspNetCore", Serilog.Events.LogEventLevel.Warning)
                .WriteTo.Console()
                .CreateLogger();
            builder.Logging.AddSerilog(serilog, dispose: true);
        }

        var pluginsPath = builder.Configuration[$"{ApiStudioOptions.Section}:PluginsPath"] ?? "plugins";
        var catalogue = BuiltInProcessors.Catalogue(Path.IsPathRooted(pluginsPath) ? pluginsPath : Path.Combine(AppContext.BaseDirectory, pluginsPath));
        builder.Services.AddApiStudio(builder.Configuration, catalogue);
        return builder;
    }
}
