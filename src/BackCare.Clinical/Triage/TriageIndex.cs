using System.Collections.Immutable;
using BackCare.Clinical.Common;

namespace BackCare.Clinical.Triage;

/// <summary>
/// Rules compiled to bit masks over the finding codes (at most 256), so evaluating a person
/// against every rule is a handful of bit operations with no allocation until a rule fires.
/// </summary>
internal sealed class TriageIndex
{
    private readonly Dictionary<string, int> _bitOf = new(StringComparer.Ordinal);
    private readonly string[] _codeOf;

    public TriageIndex(ImmutableArray<TriageFinding> findings, ImmutableArray<TriageRule> rules)
    {
        if (findings.Length > BitSet256.Capacity) throw new InvalidOperationException($"triage supports at most {BitSet256.Capacity} finding codes");
        _codeOf = [.. findings.Select(f => f.Code)];
        foreach (var f in findings) _bitOf.Add(f.Code, _bitOf.Count);
        Rules = [.. rules.Select(r => new CompiledRule(r, Mask(r.All), Mask(r.Any), Mask(r.AtLeast?.Of ?? []), r.AtLeast?.Count ?? 0))];
        Superseded = [.. findings.Where(f => f.IsSuperseded).Select(f => new SupersededFinding(_bitOf[f.Code], Mask(f.SupersededBy)))];
    }

    /// <summary>Retired codes (by bit) and the mask of the codes that replace each.</summary>
    public ImmutableArray<SupersededFinding> Superseded { get; }

    public ImmutableArray<CompiledRule> Rules { get; }

    public bool TryBit(string code, out int bit) => _bitOf.TryGetValue(code, out bit);

    public BitSet256 Mask(IEnumerable<string> codes)
    {
        var mask = BitSet256.Empty;
        foreach (var code in codes)
        {
            if (_bitOf.TryGetValue(code, out var bit)) mask = mask.With(bit);
        }

        return mask;
    }

    /// <summary>Codes of the set bits, in finding-definition order.</summary>
    public ImmutableArray<string> Codes(BitSet256 mask)
    {
        var builder = ImmutableArray.CreateBuilder<string>();
        int bit;
        while ((bit = BitSet256.TakeLowest(ref mask)) >= 0) builder.Add(_codeOf[bit]);
        return builder.ToImmutable();
    }
}

/// <summary>A retired finding code (by bit) and the codes that replace it.</summary>
internal sealed record SupersededFinding(int Bit, BitSet256 Replacements);

internal sealed record CompiledRule(TriageRule Rule, BitSet256 All, BitSet256 Any, BitSet256 AtLeastOf, int AtLeastCount);
