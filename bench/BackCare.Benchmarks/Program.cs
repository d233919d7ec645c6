using BenchmarkDotNet.Running;

// Run: dotnet run -c Release --project bench/BackCare.Benchmarks -- --filter '*'
// Results go to docs/benchmarks.md together with the command that produced them.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

/// <summary>Entry point for BenchmarkDotNet's switcher.</summary>
public partial class Program;
