using BenchmarkDotNet.Running;

// Run: dotnet run -c Release --project bench/BackCare.Benchmarks -- --filter '*'
// Results go to docs/benchmarks.md together with the command that produced them.
// The clinician panel at scale (a timed script, not BenchmarkDotNet): dotnet run -c Release --project bench/BackCare.Benchmarks -- panel
if (args.Length > 0 && args[0] == "panel") return await PanelBench.RunAsync(args);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;

/// <summary>Entry point for BenchmarkDotNet's switcher.</summary>
public partial class Program;
