using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Http;
using ApiStudio.Engine.OpenApi;
using ApiStudio.Engine.Outbound;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Queue;
using ApiStudio.Engine.Scheduling;
using ApiStudio.Engine.Scripting;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Storage;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Engine.Storage.Migrations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ApiStudio.Engine.Hosting;

/// <summary>One extension method per concern: <c>services.AddApiStudio(configuration, catalogue)</c> and <c>app.MapApiStudio()</c>.</summary>
public static class ApiStudioHosting
{
    /// <summary>Registers the engine's services: options, database, migrations, catalogue, planner, registry and its change listener, security, handler and its in-process requests, and the scheduler.</summary>
    public static IServiceCollection AddApiStudio(this IServiceCollection services, IConfiguration configuration, ProcessorCatalogue catalogue)
    {
        services.AddOptions<ApiStudioOptions>().Bind(configuration.GetSection(ApiStudioOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApiStudioOptions>, ApiStudioOptionsValidator>();
        services.AddMemoryCache();
        services.AddSingleton(catalogue);
        services.AddSingleton(new ResourcePlanner(catalogue));
        services.AddSingleton(sp => new Database(sp.GetRequiredService<IOptions<ApiStudioOptions>>().Value.Database));
        services.AddSingleton<Migrator>();
        services.AddSingleton<ChangeFeed>();
        services.AddSingleton<ResourceRegistry>();
        // Started with the host (not by the CLI's one-shot commands, which only announce their changes).
        services.AddSingleton<ChangeListener>();
        services.AddHostedService(sp => sp.GetRequiredService<ChangeListener>());
        services.AddSingleton<IPasswordHasher<UserRow>, PasswordHasher<UserRow>>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SigningKeySource>();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<TokenService>();
        services.AddSingleton<ApiKeyService>();
        services.AddSingleton<RequestRateLimiter>();
        services.AddSingleton<FirstStart>();
        services.AddSingleton<ResultCache>();
        services.AddSingleton<ApiRequestHandler>();
        services.AddSingleton<LocalRequests>();
        services.AddSingleton<RequestScripts>();
        services.AddSingleton<OpenApiDocuments>();
        AddEndpointServices(services);
        services.AddApiStudioScripting();
        services.AddApiStudioAdmin();
        services.AddApiStudioQueue();
        AddQueueSources(services);
        services.AddApiStudioScheduling(configuration);
        return services;
    }

    /// <summary>
    /// What puts calls and scripts on the queue and runs them: queued calls (<c>?queue=1</c>, <c>queued: true</c>,
    /// <c>platform.api</c> with <c>options.queue</c>) and <c>.queued</c> event scripts, their job kinds
    /// <c>resource</c> and <c>script</c>, and the route where a caller reads its job.
    /// </summary>
    private static void AddQueueSources(IServiceCollection services)
    {
        services.AddSingleton<QueuedCallers>();
        services.AddSingleton<JobStatusRoute>();
        services.AddSingleton<QueuedResources>();
        services.AddSingleton<QueuedScripts>();
        services.AddSingleton<IJobHandler, ResourceJobHandler>();
        services.AddSingleton<IJobHandler, ScriptJobHandler>();
    }

    /// <summary>
    /// What the Endpoint and Output processors reach: outbound HTTP (no automatic redirects, every hop checked against
    /// the allow-list, no request logging by the factory since addresses may carry keys), the data connections of
    /// <c>sql</c> and the SMTP mailer of <c>email</c>.
    /// </summary>
    private static void AddEndpointServices(IServiceCollection services)
    {
        services.AddHttpClient();
        services.AddHttpClient(OutboundHttp.ClientName)
            .ConfigurePrimaryHttpMessageHandler(OutboundHttp.CreateHandler)
            .RemoveAllLoggers();
        services.AddSingleton<OutboundHttp>();
        services.AddSingleton<SqlConnections>();
        services.AddSingleton<SmtpMailer>();
    }

    /// <summary>
    /// Maps the published resources under <c>/{ApiBasePath}/{account}/{application}/...</c>, each application's
    /// OpenAPI document at <c>.../openapi.json</c> (a literal route, so it wins over the catch-all; the validator
    /// reserves that uri), the status of queued calls at <c>.../$jobs/{id}</c> (no resource uri holds <c>$</c>) and
    /// <c>/health</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapApiStudio(this IEndpointRouteBuilder endpoints)
    {
        var basePath = endpoints.ServiceProvider.GetRequiredService<IOptions<ApiStudioOptions>>().Value.ApiBasePath.Trim('/');
        var handler = endpoints.ServiceProvider.GetRequiredService<ApiRequestHandler>();
        var openApi = endpoints.ServiceProvider.GetRequiredService<OpenApiDocuments>();
        endpoints.MapGet($"/{basePath}/{{account}}/{{application}}/{OpenApiDocuments.DocumentUri}",
            (HttpContext http, string account, string application) => openApi.WriteAsync(http, account, application));
        var jobs = endpoints.ServiceProvider.GetRequiredService<JobStatusRoute>();
        endpoints.MapMethods($"/{basePath}/{{account}}/{{application}}/{JobStatusRoute.Segment}/{{id:long}}", ["GET", "HEAD", "OPTIONS"],
            (HttpContext http, string account, string application, long id) => jobs.AnswerAsync(http, account, application, id));
        endpoints.Map($"/{basePath}/{{account}}/{{application}}/{{**path}}",
            (HttpContext http, string account, string application, string? path) => handler.HandleAsync(http, account, application, path));
        endpoints.MapGet("/health", (HttpContext http, Database database, ResourceRegistry registry) =>
            HealthCheck.AnswerAsync(http, database, registry));
        return endpoints;
    }
}
