using ApiStudio.Engine.Admin;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace ApiStudio.Engine.Scheduling;

/// <summary>Registers the scheduler: its options, an in-memory Quartz scheduler, the runner, the triggers and the task admin.</summary>
public static class SchedulingServices
{
    /// <summary>
    /// Adds the scheduler. The Quartz scheduler is named uniquely per host built (Quartz keeps schedulers by name per
    /// process, and tests run several hosts in one), keeps its triggers in memory (the tasks live in the database) and is
    /// started by <see cref="TaskTriggers"/> with the host — never by the CLI's one-shot commands.
    /// </summary>
    public static IServiceCollection AddApiStudioScheduling(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SchedulerOptions>().Bind(configuration.GetSection(SchedulerOptions.Section));
        var name = "apistudio-tasks-" + Guid.NewGuid().ToString("N")[..12];
        services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(scheduler => scheduler.InstanceName = name);
            quartz.UseInMemoryStore();
            quartz.UseDefaultThreadPool(4);
        });
        services.AddTransient<TaskFireJob>();
        services.AddSingleton<TaskTargets>();
        services.AddSingleton<TaskRunner>();
        services.AddSingleton<TaskTriggers>();
        services.AddHostedService(sp => sp.GetRequiredService<TaskTriggers>());
        services.AddSingleton<TaskAdmin>();
        return services;
    }
}
