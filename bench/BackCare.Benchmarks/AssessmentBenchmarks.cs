using System.Collections.Immutable;
using BackCare.Clinical.Assessment;
using BackCare.Clinical.Evidence;
using BackCare.Clinical.Triage;
using BenchmarkDotNet.Attributes;

namespace BackCare.Benchmarks;

/// <summary>Issue target: scoring and triage each under 2 µs per call, allocation-light.</summary>
[MemoryDiagnoser]
public class AssessmentBenchmarks
{
    private EvidenceBase _evidence = null!;
    private Instrument _phq9 = null!;
    private Instrument _startBack = null!;
    private readonly int[] _phq9Answers = [3, 0, 1, 2, 0, 0, 1, 0, 3];
    private readonly int[] _startBackAnswers = [1, 0, 1, 0, 0, 1, 0, 0, 4];
    private TriageInput _noFlags = null!;
    private TriageInput _manyFlags = null!;

    [GlobalSetup]
    public void Setup()
    {
        _evidence = EmbeddedEvidence.Default;
        _phq9 = _evidence.Instrument("phq9")!;
        _startBack = _evidence.Instrument("startback")!;
        _noFlags = new TriageInput(35, 7, []);
        _manyFlags = new TriageInput(66, 60, ImmutableArray.Create("thoracic_pain", "fever", "saddle_numbness", "history_of_cancer", "leg_weakness"));
    }

    [Benchmark]
    public double ScorePhq9() => InstrumentScorer.Score(_phq9, _phq9Answers).Score!.Score;

    [Benchmark]
    public double ScoreStartBack() => InstrumentScorer.Score(_startBack, _startBackAnswers).Score!.Score;

    [Benchmark]
    public Disposition TriageNoFindings() => TriageEngine.Evaluate(_evidence, _noFlags).Result!.Disposition;

    [Benchmark]
    public Disposition TriageFiveFindings() => TriageEngine.Evaluate(_evidence, _manyFlags).Result!.Disposition;
}
