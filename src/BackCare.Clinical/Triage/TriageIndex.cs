using System.Collections.Frozen;
using System.Collections.Immutable;

namespace BackCare.Clinical.Triage;

/// <summary>
/// Rules compiled to bit masks over the finding codes (at most 128), so evaluating a person
/// against every rule is a handful of bit operations with no allocation until a rule fires.
/// </summary>
internal sealed class TriageIndex
{
    private readonly FrozenDictionary<string, int> _bitOf;
    private readonly string[] _codeOf;

    public TriageIndex(ImmutableArray<TriageFinding> findings, ImmutableArray<TriageRule> rules)
    {
        if (findings.Length > 128) throw new InvalidOperationException("triage supports at most 128 finding codes");
        _codeOf = [.. findings.Select(f => f.Code)];
        _bitOf = findings.Select((f, i) => (f.Code, i)).ToFrozenDictionary(x => x.Code, x => x.i, StringComparer.Ordinal);
        Rules = [.. rules.Select(r => new CompiledRule(r, Mask(r.All), Mask(r.Any), Mask(r.AtLeast?.Of ?? []), r.AtLeast?.Count ?? 0))];
        Superseded = [.. findings.Where(f => f.IsSuperseded).Select(f => (_bitOf[f.Code], Mask(f.SupersededBy)))];
    }

    /// <summary>Retired codes (by bit) and the mask of the codes that replace each.</summary>
    public ImmutableArray<(int Bit, UInt128 Replacements)> Superseded { get; }

    public ImmutableArray<CompiledRule> Rules { get; }

    public bool TryBit(string code, out int bit) => _bitOf.TryGetValue(code, out bit);

    public UInt128 Mask(IEnumerable<string> codes)
    {
        UInt128 mask = 0;
        foreach (var code in codes)
        {
            if (_bitOf.TryGetValue(code, out var bit)) mask |= UInt128.One << bit;
        }

        return mask;
    }

    /// <summary>Codes of the set bits, in finding-definition order.</summary>
    public ImmutableArray<string> Codes(UInt128 mask)
    {
        var builder = ImmutableArray.CreateBuilder<string>();
        for (var bit = 0; mask != 0; bit++, mask >>= 1)
        {
            if ((mask & UInt128.One) != 0) builder.Add(_codeOf[bit]);
        }

        return builder.ToImmutable();
    }

    public static int PopCount(UInt128 value) => (int)UInt128.PopCount(value);
}

internal sealed record CompiledRule(TriageRule Rule, UInt128 All, UInt128 Any, UInt128 AtLeastOf, int AtLeastCount);
