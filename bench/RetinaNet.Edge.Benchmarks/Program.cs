using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/RetinaNet.Edge.Benchmarks -- --filter '*' [--job short]
BenchmarkSwitcher.FromAssembly(typeof(RetinaNet.Edge.Benchmarks.DecodeBenchmarks).Assembly).Run(args);
