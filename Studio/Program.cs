using ApiStudio.Processors;
using Serilog;

Log.Logger = new LoggerConfiguration()
    .MinimumLevel.Information()
    .MinimumLevel.Override("Microsoft.AspNetCore", Serilog.Events.LogEventLevel.Warning)
    .WriteTo.Console()
    .CreateLogger();

var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
builder.Logging.AddSerilog(Log.Logger, dispose: true);

var catalogue = BuiltInProcessors.Catalogue(Path.Combine(AppContext.BaseDirectory, "plugins"));
builder.Services.AddSingleton(catalogue);

var app = builder.Build();

app.MapGet("/health", () => Results.Json(new { status = "ok" }));
app.MapGet("/processors", () => Results.Text(catalogue.ToJson(), "application/json"));
app.MapGet("/", () => Results.Text(
    $"ApiStudio is running. {catalogue.All.Count} processors are available at /processors.", "text/plain"));

app.Run();
