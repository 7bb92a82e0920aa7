using Microsoft.Extensions.DependencyInjection;

namespace ApiStudio.Engine.Queue;

/// <summary>Registers the durable job queue.</summary>
public static class QueueServices
{
    /// <summary>
    /// Adds <see cref="IJobQueue"/>, the handlers' index, the runner, the failed-job operations, and — started with the
    /// host, not by the CLI's one-shot commands — the workers and the PostgreSQL wake-up listener. Job handlers are
    /// added by whoever provides them: <c>services.AddSingleton&lt;IJobHandler, X&gt;()</c>.
    /// </summary>
    public static IServiceCollection AddApiStudioQueue(this IServiceCollection services)
    {
        services.AddSingleton<JobSignal>();
        services.AddSingleton<JobQueue>();
        services.AddSingleton<IJobQueue>(sp => sp.GetRequiredService<JobQueue>());
        services.AddSingleton<JobHandlers>();
        services.AddSingleton<JobRunner>();
        services.AddSingleton<FailedJobs>();
        services.AddSingleton<QueueWorkers>();
        services.AddHostedService(sp => sp.GetRequiredService<QueueWorkers>());
        services.AddSingleton<JobNotifications>();
        services.AddHostedService(sp => sp.GetRequiredService<JobNotifications>());
        return services;
    }
}
