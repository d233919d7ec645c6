using System.Collections.Immutable;
using BackCare.Clinical.CarePlans;
using BackCare.Clinical.Medications;
using BenchmarkDotNet.Attributes;

namespace BackCare.Benchmarks;

/// <summary>Issue target: a plan in under 50 µs; progress over a year of daily entries in under 100 µs.</summary>
[MemoryDiagnoser]
public class CarePlanBenchmarks
{
    private CarePlanEngine _plans = null!;
    private ProgressEngine _progress = null!;
    private PlanInput _input = null!;
    private ProgressInput _year = null!;

    [GlobalSetup]
    public void Setup()
    {
        _plans = CarePlanEngine.Default;
        _progress = ProgressEngine.Default;
        _input = new PlanInput(45, 16, [],
            new Dictionary<string, ImmutableArray<int?>>
            {
                ["startback"] = [1, 1, 1, 1, 1, 1, 0, 1, 3],
                ["gad7"] = [2, 2, 2, 2, 1, 1, 1],
                ["phq9"] = [1, 1, 2, 1, 1, 1, 1, 0, 0],
            }.ToImmutableSortedDictionary(StringComparer.Ordinal),
            new SleepReport(5, 3),
            [new MedicationEntry("diazepam", null, null), new MedicationEntry("tramadol", null, 8)],
            [], false, false, false, new PlanPreferences(["walking", "yoga"], true, 30));
        var start = new DateOnly(2025, 11, 24);
        _year = new ProgressInput(2, [.. Enumerable.Range(0, 365).Select(d =>
            new DiaryEntry(start.AddDays(d), 7 - (d / 73.0), d % 3 == 0 ? 4 : null, d % 2 == 0 ? 6.5 : null, 20, null, null))]);
    }

    [Benchmark]
    public int BuildPlan() => _plans.Build(_input).Plan!.Steps.Length;

    [Benchmark]
    public bool ProgressOverAYear() => _progress.Evaluate(_year).Escalate;
}
