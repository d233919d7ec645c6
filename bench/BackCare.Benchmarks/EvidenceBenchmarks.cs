using BackCare.Clinical.Evidence;
using BackCare.Clinical.Evidence.Loading;
using BenchmarkDotNet.Attributes;

namespace BackCare.Benchmarks;

/// <summary>Issue target: whole base loads in under 200 ms; lookups allocate nothing.</summary>
[MemoryDiagnoser]
public class EvidenceBenchmarks
{
    private IReadOnlyList<EvidenceFile> _files = [];
    private EvidenceBase _evidence = null!;

    [GlobalSetup]
    public void Setup()
    {
        _files = EmbeddedEvidence.Files();
        _evidence = EmbeddedEvidence.Default;
    }

    [Benchmark]
    public EvidenceBase? LoadAndValidateWholeBase() => EvidenceLoader.Load(_files).Base;

    [Benchmark]
    public Drug? LookupByBrandIgnoringCase() => _evidence.DrugByName("VALIUM");

    [Benchmark]
    public Drug? LookupById() => _evidence.DrugById("alprazolam");

    [Benchmark]
    public Drug? LookupByRxNorm() => _evidence.DrugByRxNorm("7804");

    [Benchmark]
    public int LookupByClass() => _evidence.DrugsInClass("benzodiazepine").Length;

    [Benchmark]
    public Drug? LookupByAtc() => _evidence.DrugByAtc("N05BA01");
}
