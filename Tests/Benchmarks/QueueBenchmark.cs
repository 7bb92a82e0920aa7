using System.Diagnostics;
using System.Globalization;
using ApiStudio.Engine.Queue;
using ApiStudio.Studio.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ApiStudio.Benchmarks;

/// <summary>
/// The queue end to end in a real host (its workers inside, as deployed), on SQLite or PostgreSQL:
/// <list type="bullet">
/// <item>throughput: N trivial jobs queued by several producers at once (16 by default: requests of a busy API, each
/// queueing a job), timed from the first enqueue to the last job done (jobs/s), with the enqueue rate alone beside it;</item>
/// <item>idle pick-up latency: one job queued while every worker waits, timed from the enqueue call to its handler's
/// start (p50, p99);</item>
/// <item>on PostgreSQL, the same across hosts: queued on a host without workers, run by the other (NOTIFY).</item>
/// </list>
/// <c>dotnet run -c Release --project Tests/Benchmarks -- queue [--provider sqlite|postgres] [--postgres CONNSTR]
/// [--jobs N] [--producers N] [--workers N] [--samples N] [--sync-commits] [--dry]</c>. The PostgreSQL connection string
/// is of a role that may create databases (a fresh one is made and dropped); <c>--sync-commits</c> makes the workers'
/// writes wait for the disk too (<c>ApiStudio:Queue:AsyncWorkerCommits=false</c>). Exit code 1 when jobs are lost.
/// </summary>
public static class QueueBenchmark
{
    private const string Kind = "bench.trivial";

    /// <summary>Runs the benchmark; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var options = Options.Parse(args);
        await using var database = await BenchDatabase.CreateAsync(options);
        var handler = new TrivialHandler();
        var workers = await StartHostAsync(database, handler, options.Workers, options.SyncCommits);
        try
        {
            Console.WriteLine($"Queue benchmark: {database.Provider}, {options.Workers} workers, {options.Jobs} jobs from {options.Producers} producers, " +
                $"{options.Samples} latency samples{(options.SyncCommits ? ", synchronous worker commits" : "")}{(options.Dry ? " (dry run)" : "")}");
            var queue = workers.Services.GetRequiredService<IJobQueue>();
            // Warm-up: connections, prepared code paths.
            await ThroughputAsync(queue, handler, Math.Min(200, options.Jobs), options.Producers);
            var (rate, enqueueRate) = await ThroughputAsync(queue, handler, options.Jobs, options.Producers);
            Console.WriteLine($"  enqueue -> done      {rate,8:0} jobs/s   (enqueue alone {enqueueRate:0} jobs/s)   target >= 1000: {(rate >= 1000 ? "met" : "MISSED")}");
            var (p50, p99) = await LatencyAsync(queue, handler, options.Samples);
            Console.WriteLine($"  idle pick-up         p50 {p50,6:0.00} ms, p99 {p99,6:0.00} ms                 target <= 50 ms: {(p99 <= 50 ? "met" : "MISSED")}");
            if (database.Provider == "postgres")
            {
                var producer = await StartHostAsync(database, new TrivialHandler(), workers: 0, options.SyncCommits);
                try
                {
                    var (acrossP50, acrossP99) = await LatencyAsync(producer.Services.GetRequiredService<IJobQueue>(), handler, options.Samples);
                    Console.WriteLine($"  idle pick-up, across hosts (NOTIFY)  p50 {acrossP50:0.00} ms, p99 {acrossP99:0.00} ms");
                }
                finally
                {
                    await producer.StopAsync();
                    await producer.DisposeAsync();
                }
            }
            return 0;
        }
        catch (TimeoutException ex)
        {
            Console.Error.WriteLine($"Queue benchmark failed: {ex.Message}");
            return 1;
        }
        finally
        {
            await workers.StopAsync();
            await workers.DisposeAsync();
        }
    }

    private static async Task<WebApplication> StartHostAsync(BenchDatabase database, TrivialHandler handler, int workers, bool syncCommits)
    {
        // An empty folder of resources: nothing to import at first start.
        var resources = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "apistudio-bench-no-resources")).FullName;
        var settings = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["ApiStudio:Database:Provider"] = database.Provider,
            ["ApiStudio:Database:ConnectionString"] = database.ConnectionString,
            ["ApiStudio:Admin:Password"] = "Bench-Password-1",
            ["ApiStudio:ResourcesPath"] = resources,
            ["ApiStudio:Queue:Workers:0:Count"] = workers.ToString(CultureInfo.InvariantCulture),
            ["ApiStudio:Queue:AsyncWorkerCommits"] = syncCommits ? "false" : "true",
            ["Serilog:MinimumLevel"] = "Warning",
        };
        var app = await StudioApp.BuildAsync([], settings, services: s => s.AddSingleton<IJobHandler>(handler));
        await app.StartAsync();
        return app;
    }

    private static async Task<(double Rate, double EnqueueRate)> ThroughputAsync(IJobQueue queue, TrivialHandler handler, int jobs, int producers)
    {
        var done = handler.Expect(jobs);
        var clock = Stopwatch.StartNew();
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, producers).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) <= jobs)
            {
                await queue.EnqueueAsync(new JobRequest(Kind, "{}"));
            }
        })));
        var enqueued = clock.Elapsed;
        if (await Task.WhenAny(done, Task.Delay(TimeSpan.FromMinutes(5))) != done)
        {
            throw new TimeoutException($"only {handler.Count} of {jobs} jobs ran within 5 minutes");
        }
        var elapsed = clock.Elapsed;
        return (jobs / elapsed.TotalSeconds, jobs / enqueued.TotalSeconds);
    }

    private static async Task<(double P50, double P99)> LatencyAsync(IJobQueue queue, TrivialHandler handler, int samples)
    {
        var latencies = new List<double>(samples);
        for (var i = 0; i < samples; i++)
        {
            // Every worker back to waiting (no job anywhere), then one job.
            await Task.Delay(30);
            var started = handler.Expect(1);
            var before = Stopwatch.GetTimestamp();
            await queue.EnqueueAsync(new JobRequest(Kind, "{}"));
            if (await Task.WhenAny(started, Task.Delay(TimeSpan.FromSeconds(30))) != started)
            {
                throw new TimeoutException("a job was not picked up within 30 s");
            }
            latencies.Add(Stopwatch.GetElapsedTime(before, handler.LastStart).TotalMilliseconds);
        }
        latencies.Sort();
        return (Percentile(latencies, 0.50), Percentile(latencies, 0.99));
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>Counts runs and completes a task when the expected number has started.</summary>
    private sealed class TrivialHandler : IJobHandler
    {
        private int _count;
        private int _expected;
        private TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Kind => QueueBenchmark.Kind;

        public int Count => Volatile.Read(ref _count);

        public long LastStart { get; private set; }

        public Task Expect(int jobs)
        {
            _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _count, 0);
            Volatile.Write(ref _expected, jobs);
            return _done.Task;
        }

        public Task<string?> RunAsync(JobContext job, CancellationToken cancellationToken)
        {
            LastStart = Stopwatch.GetTimestamp();
            if (Interlocked.Increment(ref _count) == Volatile.Read(ref _expected))
            {
                _done.TrySetResult();
            }
            return Task.FromResult<string?>(null);
        }
    }

    private sealed record Options(string Provider, string? Postgres, int Jobs, int Producers, int Workers, int Samples, bool SyncCommits, bool Dry)
    {
        public static Options Parse(string[] args)
        {
            string Value(string name, string fallback)
            {
                var at = Array.IndexOf(args, name);
                return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
            }
            var dry = args.Contains("--dry");
            return new Options(Value("--provider", "sqlite"), Value("--postgres", "") is { Length: > 0 } pg ? pg : null,
                int.Parse(Value("--jobs", dry ? "300" : "20000"), CultureInfo.InvariantCulture),
                int.Parse(Value("--producers", "16"), CultureInfo.InvariantCulture),
                int.Parse(Value("--workers", "2"), CultureInfo.InvariantCulture),
                int.Parse(Value("--samples", dry ? "10" : "200"), CultureInfo.InvariantCulture), args.Contains("--sync-commits"), dry);
        }
    }

    /// <summary>A fresh system database for one run: a SQLite file in a temporary folder, or a PostgreSQL database.</summary>
    private sealed class BenchDatabase : IAsyncDisposable
    {
        private string? _folder;
        private string? _admin;
        private string? _name;

        public string Provider { get; private init; } = "sqlite";

        public string ConnectionString { get; private init; } = "";

        public static async Task<BenchDatabase> CreateAsync(Options options)
        {
            if (options.Provider != "postgres")
            {
                var folder = Path.Combine(Path.GetTempPath(), "apistudio-bench-" + Guid.NewGuid().ToString("N"));
                Directory.CreateDirectory(folder);
                return new BenchDatabase { _folder = folder, ConnectionString = $"Data Source={Path.Combine(folder, "apistudio.db")}" };
            }
            var admin = options.Postgres ?? throw new ArgumentException("--provider postgres needs --postgres CONNSTR");
            var name = "apistudio_bench_" + Guid.NewGuid().ToString("N");
            await using (var connection = new NpgsqlConnection(admin))
            {
                await connection.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
                await create.ExecuteNonQueryAsync();
            }
            return new BenchDatabase
            {
                Provider = "postgres", _admin = admin, _name = name,
                ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString,
            };
        }

        public async ValueTask DisposeAsync()
        {
            if (_folder is not null)
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(_folder, recursive: true);
            }
            if (_name is not null)
            {
                NpgsqlConnection.ClearAllPools();
                await using var connection = new NpgsqlConnection(_admin);
                await connection.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", connection);
                await drop.ExecuteNonQueryAsync();
            }
        }
    }
}
