using System.Collections.Immutable;
using BackCare.Clinical.Evidence;

namespace BackCare.Clinical.Triage;

/// <summary>Input problems: unknown codes, impossible ages or durations. Never silently ignored.</summary>
public sealed record TriageInputError(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}

public sealed record TriageOutcome(TriageResult? Result, ImmutableArray<TriageInputError> Errors);

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
        var errors = Validate(evidence, input);
        return errors.IsEmpty ? new TriageOutcome(EvaluateValid(evidence, input), []) : new TriageOutcome(null, errors);
    }

    public static ImmutableArray<TriageInputError> Validate(EvidenceBase evidence, TriageInput input)
    {
        var errors = ImmutableArray.CreateBuilder<TriageInputError>();
        if (input.Age is < 0 or > MaxAge) errors.Add(new("age", $"is {input.Age}; allowed 0-{MaxAge} (whole years)"));
        if (input.DurationDays is < 0 or > MaxDurationDays) errors.Add(new("durationDays", $"is {input.DurationDays}; allowed 0-{MaxDurationDays}"));
        var unknown = input.Findings.Where(f => evidence.Finding(f) is null).Distinct().ToList();
        if (unknown.Count > 0)
        {
            errors.Add(new("findings", $"unknown code(s): {string.Join(", ", unknown)}; allowed: {string.Join(", ", evidence.Findings.Select(f => f.Code))}"));
        }

        return errors.ToImmutable();
    }

    private static TriageResult EvaluateValid(EvidenceBase evidence, TriageInput input)
    {
        var present = input.Findings;
        var onsetAge = input.Age - (input.DurationDays / 365);
        var flags = ImmutableArray.CreateBuilder<TriageFlag>();
        foreach (var rule in evidence.TriageRules)
        {
            if (!Fires(rule, present, input, onsetAge, out var matched)) continue;
            flags.Add(new TriageFlag(
                matched.IsEmpty ? rule.Id : matched[0],
                rule.Condition, rule.Urgency, rule.Reason, rule.Sources, rule.Id, matched, rule.Crisis));
        }

        // Most urgent first; among equals, the more specific rule (more matched findings) first.
        var ordered = flags.OrderBy(f => f.Urgency).ThenByDescending(f => f.Findings.Length).ToImmutableArray();
        var disposition = ordered.IsEmpty ? Disposition.SelfCare : ordered[0].Urgency;
        var advice = evidence.DispositionAdvice(disposition);
        var crisis = ordered.Any(f => f.Crisis);
        return new TriageResult(disposition, ordered, advice.Advice.Text, advice.Advice.Sources, crisis);
    }

    private static bool Fires(TriageRule rule, ImmutableArray<string> present, TriageInput input, int onsetAge, out ImmutableArray<string> matched)
    {
        matched = [];
        if (rule.MinAge is { } minAge && input.Age < minAge) return false;
        if (rule.MaxAge is { } maxAge && input.Age > maxAge) return false;
        if (rule.MinDurationDays is { } minDays && input.DurationDays < minDays) return false;
        if (rule.MaxOnsetAge is { } maxOnset && onsetAge > maxOnset) return false;
        foreach (var code in rule.All)
        {
            if (!present.Contains(code)) return false;
        }

        var anyHits = rule.Any.Where(present.Contains).ToList();
        if (!rule.Any.IsEmpty && anyHits.Count == 0) return false;
        var atLeastHits = rule.AtLeast is null ? [] : rule.AtLeast.Of.Where(present.Contains).ToList();
        if (rule.AtLeast is { } atLeast && atLeastHits.Count < atLeast.Count) return false;
        matched = [.. rule.All.Concat(anyHits).Concat(atLeastHits).Distinct()];
        return true;
    }
}
