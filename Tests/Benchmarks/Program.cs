using BenchmarkDotNet.Running;

// dotnet run -c Release --project Tests/Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
