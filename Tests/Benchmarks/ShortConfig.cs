using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace ApiStudio.Benchmarks;

/// <summary>
/// A short in-process job so the whole suite runs in minutes on 2 cores; `--job dry` gives the one-iteration run
/// used by CI to prove every benchmark still works.
/// </summary>
public sealed class ShortConfig : ManualConfig
{
    /// <summary>3 warm-ups, 8 measured iterations, memory diagnoser, in process.</summary>
    public ShortConfig()
    {
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithWarmupCount(3)
            .WithIterationCount(8)
            .WithId("Short")
            .AsDefault());
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}
