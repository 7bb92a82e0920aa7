using BenchmarkDotNet.Running;

// Full suite:  dotnet run -c Release --project Tests/Benchmarks -- --filter '*'
// CI dry run:  dotnet run -c Release --project Tests/Benchmarks -- --filter '*' --job dry --inProcess
// Queue:       dotnet run -c Release --project Tests/Benchmarks -- queue [--provider postgres --postgres CONNSTR] [--dry]
if (args.Length > 0 && args[0] == "queue")
{
    return await ApiStudio.Benchmarks.QueueBenchmark.RunAsync(args[1..]);
}
var summaries = BenchmarkSwitcher.FromAssembly(typeof(ApiStudio.Benchmarks.ShortConfig).Assembly).Run(args);

// BenchmarkDotNet reports a benchmark that throws, or a filter that matches nothing, but still exits with 0:
// the exit code must say so, or CI would pass a broken benchmark.
var ran = 0;
var failed = 0;
foreach (var summary in summaries)
{
    if (summary.HasCriticalValidationErrors)
    {
        failed++;
    }
    foreach (var report in summary.Reports)
    {
        ran++;
        if (!report.Success)
        {
            failed++;
        }
    }
}
if (ran == 0 || failed > 0)
{
    Console.Error.WriteLine($"Benchmarks: {ran} run, {failed} failed.");
    return 1;
}
return 0;
