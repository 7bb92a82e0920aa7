using System.Collections.Concurrent;
using System.Text.Json;
using ApiStudio.Engine.Queue;
using ApiStudio.Engine.Storage;
using ApiStudio.Engine.Storage.Mappers;
using Microsoft.Extensions.DependencyInjection;

namespace ApiStudio.Tests.Support;

/// <summary>
/// Job kinds for the queue tests, sharing one record of what ran: <c>test.ok</c> returns <c>{"ok": true}</c>,
/// <c>test.fail</c> throws for its first <c>{"failures": n}</c> runs (always without it), <c>test.hang</c> waits for
/// its cancellation, <c>test.sleep</c> sleeps <c>{"ms": n}</c> and <c>test.stubborn</c> too, ignoring its cancellation. Every run counts towards
/// <see cref="Runs"/>, and <see cref="MostAtOnce"/> the most runs of one job at the same time.
/// </summary>
public sealed class TestJobs
{
    private readonly ConcurrentDictionary<long, int> _running = new();
    private int _mostAtOnce;

    /// <summary>Runs started, per job id.</summary>
    public ConcurrentDictionary<long, int> Runs { get; } = new();

    /// <summary>Each run's job, attempt and start.</summary>
    public ConcurrentQueue<(long Id, int Attempt, DateTimeOffset At)> Starts { get; } = new();

    /// <summary>The most runs of one job seen at the same time.</summary>
    public int MostAtOnce => Volatile.Read(ref _mostAtOnce);

    /// <summary>Registers the kinds in a host's services.</summary>
    public void AddTo(IServiceCollection services)
    {
        services.AddSingleton<IJobHandler>(new Handler("test.ok", this, (_, _, _) => Task.FromResult<string?>("""{"ok":true}""")));
        services.AddSingleton<IJobHandler>(new Handler("test.fail", this, (job, runs, _) =>
        {
            var failures = Number(job, "failures") ?? int.MaxValue;
            return runs <= failures
                ? throw new InvalidOperationException($"boom {job.Id} run {runs}")
                : Task.FromResult<string?>($$"""{"recovered_after":{{runs - 1}}}""");
        }));
        services.AddSingleton<IJobHandler>(new Handler("test.hang", this, async (_, _, token) =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return null;
        }));
        services.AddSingleton<IJobHandler>(new Handler("test.sleep", this, async (job, _, token) =>
        {
            await Task.Delay(Number(job, "ms") ?? 1000, token);
            return """{"slept":true}""";
        }));
        services.AddSingleton<IJobHandler>(new Handler("test.stubborn", this, async (job, _, _) =>
        {
            await Task.Delay(Number(job, "ms") ?? 1000, CancellationToken.None);
            return """{"stubborn":true}""";
        }));
    }

    private static int? Number(JobContext job, string name)
    {
        using var document = JsonDocument.Parse(job.Payload);
        return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(name, out var value)
            ? value.GetInt32() : null;
    }

    private sealed class Handler(string kind, TestJobs record, Func<JobContext, int, CancellationToken, Task<string?>> run) : IJobHandler
    {
        public string Kind => kind;

        public async Task<string?> RunAsync(JobContext job, CancellationToken cancellationToken)
        {
            var runs = record.Runs.AddOrUpdate(job.Id, 1, (_, n) => n + 1);
            record.Starts.Enqueue((job.Id, job.Attempt, DateTimeOffset.UtcNow));
            var atOnce = record._running.AddOrUpdate(job.Id, 1, (_, n) => n + 1);
            InterlockedMax(ref record._mostAtOnce, atOnce);
            try
            {
                return await run(job, runs, cancellationToken);
            }
            finally
            {
                record._running.AddOrUpdate(job.Id, 0, (_, n) => n - 1);
            }
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen)
        {
            var previous = Interlocked.CompareExchange(ref target, value, seen);
            if (previous == seen)
            {
                return;
            }
            seen = previous;
        }
    }
}

/// <summary>Jobs straight in a database, for the queue tests that run no host in this process.</summary>
public static class StoredJobs
{
    /// <summary>A queue on the database, as a host's (announcing its jobs to the hosts that listen).</summary>
    public static JobQueue Queue(TestDatabase database)
    {
        var options = Microsoft.Extensions.Options.Options.Create(new ApiStudio.Engine.Hosting.ApiStudioOptions());
        var signal = new JobSignal();
        return new JobQueue(database.Database, signal,
            new JobNotifications(database.Database, signal, options, Microsoft.Extensions.Logging.Abstractions.NullLogger<JobNotifications>.Instance), options);
    }

    /// <summary>The job, or null.</summary>
    public static Task<JobRow?> FindAsync(Database database, long id) => database.ReadAsync(db => JobMapper.FindAsync(db, id));

    /// <summary>The failure of the job, or null.</summary>
    public static Task<FailedJobRow?> FailureAsync(Database database, long id) => database.ReadAsync(db => JobMapper.FindFailedAsync(db, id));

    /// <summary>Waits until the job's status is <paramref name="status"/> (or the deadline passes); returns the row last read.</summary>
    public static async Task<JobRow?> UntilAsync(Database database, long id, string status, TimeSpan? deadline = null) =>
        await Eventually.Until(() => FindAsync(database, id), row => row?.Status == status, deadline);
}
