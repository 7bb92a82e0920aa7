using ApiStudio.Engine.Hosting;
using ApiStudio.Engine.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

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
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<JobRunner>(sp,
            WorkerDatabase(sp.GetRequiredService<Database>(), sp.GetRequiredService<IOptions<ApiStudioOptions>>().Value.Queue)));
        services.AddSingleton<FailedJobs>();
        services.AddSingleton<QueueWorkers>();
        services.AddHostedService(sp => sp.GetRequiredService<QueueWorkers>());
        services.AddSingleton<JobNotifications>();
        services.AddHostedService(sp => sp.GetRequiredService<JobNotifications>());
        return services;
    }

    /// <summary>
    /// Where the workers write: on PostgreSQL, connections of their own (a pool apart from the one enqueues and the
    /// rest of the host use) whose few statements are prepared once per connection and, unless
    /// <see cref="QueueOptions.AsyncWorkerCommits"/> is off, commit asynchronously.
    /// </summary>
    internal static Database WorkerDatabase(Database system, QueueOptions queue)
    {
        if (system.Provider != DatabaseProvider.Postgres)
        {
            return system;
        }
        var connection = new NpgsqlConnectionStringBuilder(system.ConnectionString)
        {
            // A worker sends the same few statements again and again: parsed and planned once per connection.
            MaxAutoPrepare = 16,
            NoResetOnClose = true,
        };
        if (queue.AsyncWorkerCommits)
        {
            connection.Options = $"{connection.Options} -c synchronous_commit=off".Trim();
        }
        return new Database(new DatabaseOptions { Provider = "postgres", ConnectionString = connection.ConnectionString });
    }
}
