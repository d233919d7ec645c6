using System.Collections.Immutable;
using BackCare.Clinical.Common;
using BackCare.Clinical.Evidence;

namespace BackCare.Clinical.Triage;

/// <summary>Input problems: unknown codes, impossible ages or durations. Never silently ignored.</summary>
public sealed record TriageOutcome(TriageResult? Result, ImmutableArray<ValidationError> Errors);

/// <summary>
/// Red-flag triage (Finucane 2020 framework, NICE NG59/NG65/NG12/NG234). Pure: evaluates the rules in
/// data/triage.yaml against age, duration and findings. The disposition is the most urgent flag.
/// </summary>
public static class TriageEngine
{
    public const int MaxAge = 120;
    public const int MaxDurationDays = 365 * 100;

    public static TriageOutcome Evaluate(EvidenceBase evidence, TriageInput input)
    {
        var index = evidence.TriageIndex;
        var present = BitSet256.Empty;
        List<string>? unknown = null;
        foreach (var code in input.Findings)
        {
            if (index.TryBit(code, out var bit)) present = present.With(bit);
            else if (!(unknown ??= []).Contains(code)) unknown.Add(code);
        }

        if (unknown is not null || input.Age is < 0 or > MaxAge || input.DurationDays is < 0 or > MaxDurationDays)
        {
            return new TriageOutcome(null, Errors(evidence, input, unknown));
        }

        // A retired combined code is not counted beside the finer codes that replace it.
        foreach (var (bit, replacements) in index.Superseded)
        {
            if (!(present & replacements).IsEmpty) present &= ~BitSet256.Of(bit);
        }

        return new TriageOutcome(EvaluateValid(evidence, index, input, present), []);
    }

    private static ImmutableArray<ValidationError> Errors(EvidenceBase evidence, TriageInput input, List<string>? unknown)
    {
        var errors = ImmutableArray.CreateBuilder<ValidationError>();
        if (input.Age is < 0 or > MaxAge) errors.Add(ValidationError.OutOfRange("age", $"is {input.Age}; allowed 0-{MaxAge} (whole years)"));
        if (input.DurationDays is < 0 or > MaxDurationDays) errors.Add(ValidationError.OutOfRange("durationDays", $"is {input.DurationDays}; allowed 0-{MaxDurationDays}"));
        if (unknown is not null)
        {
            errors.Add(ValidationError.Unknown("findings", $"unknown code(s): {string.Join(", ", unknown)}; allowed: {string.Join(", ", evidence.Findings.Select(f => f.Code))}"));
        }

        return errors.ToImmutable();
    }

    private static TriageResult EvaluateValid(EvidenceBase evidence, TriageIndex index, TriageInput input, BitSet256 present)
    {
        var onsetAge = input.Age - (input.DurationDays / 365);
        List<TriageFlag>? flags = null;
        foreach (var compiled in index.Rules)
        {
            var rule = compiled.Rule;
            if (rule.MinAge is { } minAge && input.Age < minAge) continue;
            if (rule.MaxAge is { } maxAge && input.Age > maxAge) continue;
            if (rule.MinDurationDays is { } minDays && input.DurationDays < minDays) continue;
            if (rule.MaxOnsetAge is { } maxOnset && onsetAge > maxOnset) continue;
            if ((present & compiled.All) != compiled.All) continue;
            if (!compiled.Any.IsEmpty && (present & compiled.Any).IsEmpty) continue;
            if (compiled.AtLeastCount > 0 && (present & compiled.AtLeastOf).Count < compiled.AtLeastCount) continue;

            var matched = index.Codes(present & (compiled.All | compiled.Any | compiled.AtLeastOf));
            (flags ??= []).Add(new TriageFlag(
                matched.IsEmpty ? rule.Id : MostSpecificFirst(rule, matched),
                rule.Condition, rule.Urgency, rule.Reason, rule.Sources, rule.Id, matched, rule.Crisis));
        }

        if (flags is null)
        {
            var selfCare = evidence.DispositionAdvice(Disposition.SelfCare);
            return new TriageResult(Disposition.SelfCare, [], selfCare.Advice.Text, selfCare.Advice.Sources, false);
        }

        // Most urgent first; among equals, the more specific rule (more matched findings) first.
        // Stable insertion sort (few flags), so equal flags keep the rule file's order.
        for (var i = 1; i < flags.Count; i++)
        {
            var current = flags[i];
            var j = i - 1;
            while (j >= 0 && Before(current, flags[j]))
            {
                flags[j + 1] = flags[j];
                j--;
            }

            flags[j + 1] = current;
        }
        var disposition = flags[0].Urgency;
        var advice = evidence.DispositionAdvice(disposition);
        var crisis = flags.Exists(f => f.Crisis);
        return new TriageResult(disposition, [.. flags], advice.Advice.Text, advice.Advice.Sources, crisis);
    }

    private static bool Before(TriageFlag a, TriageFlag b) =>
        a.Urgency != b.Urgency ? a.Urgency < b.Urgency : a.Findings.Length > b.Findings.Length;

    /// <summary>The flag's code: the first finding named in the rule's own order (all, then any, then atLeast).</summary>
    private static string MostSpecificFirst(TriageRule rule, ImmutableArray<string> matched)
    {
        foreach (var code in rule.All) if (matched.Contains(code)) return code;
        foreach (var code in rule.Any) if (matched.Contains(code)) return code;
        return matched[0];
    }
}
