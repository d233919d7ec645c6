using System.Collections.Immutable;
using BackCare.Clinical.Medications;
using BenchmarkDotNet.Attributes;

namespace BackCare.Benchmarks;

/// <summary>Issue target: a five-medicine profile checked in under 5 µs median; a name recognised in under 1 µs.</summary>
[MemoryDiagnoser]
public class MedicationBenchmarks
{
    private MedicationChecker _checker = null!;
    private MedicationRecognizer _recognizer = null!;
    private MedicationCheckInput _five = null!;

    [GlobalSetup]
    public void Setup()
    {
        _checker = MedicationChecker.Default;
        _recognizer = MedicationRecognizer.Default;
        _five = new MedicationCheckInput(72, "female", false, false, true, "low_back_pain", ["sleep_apnea"],
            ImmutableArray.Create(
                new MedicationEntry("Xanax 0.5mg", null, 8),
                new MedicationEntry("oxycodone", null, 6),
                new MedicationEntry("ibuprofen 400 mg", null, null),
                new MedicationEntry("sertraline", null, null),
                new MedicationEntry("warfarin", null, null)));
    }

    [Benchmark]
    public int CheckFiveMedicineProfile() => _checker.Check(_five).Findings.Length;

    [Benchmark]
    public string? RecognizeBrand() => _recognizer.Recognize("Valium").Ingredient;

    [Benchmark]
    public string? RecognizeWithStrengthAndForm() => _recognizer.Recognize("valium 5 mg tablet").Ingredient;

    [Benchmark]
    public string? RecognizeTypo() => _recognizer.Recognize("Siazepam").Ingredient;
}
