using System.Collections.Immutable;
using BackCare.Clinical.Evidence;

namespace BackCare.Clinical.Triage;

/// <summary>How soon a person needs to be seen, most urgent first.</summary>
public enum Disposition
{
    /// <summary>Emergency department or emergency services now.</summary>
    Emergency,

    /// <summary>Same day.</summary>
    Urgent,

    /// <summary>Within about two weeks.</summary>
    Soon,

    /// <summary>A routine appointment.</summary>
    Routine,

    /// <summary>Self-management with safety-netting.</summary>
    SelfCare,
}

/// <summary>A finding a person can report, with a plain question and a clinician label.</summary>
/// <param name="SupersededBy">
/// Finer codes that replace this one. A superseded code is still accepted (stored assessments and older clients
/// send it) but is not asked, and it is not counted when any of its replacements is reported, so nothing is
/// counted twice.
/// </param>
public sealed record TriageFinding(string Code, string Group, string Question, string Label, ImmutableArray<string> Sources,
    ImmutableArray<string> SupersededBy = default)
{
    /// <summary>True when finer codes replace this one (it is not asked any more).</summary>
    public bool IsSuperseded => !SupersededBy.IsDefaultOrEmpty;
}

/// <summary>At least <see cref="Count"/> of the codes in <see cref="Of"/>.</summary>
public sealed record AtLeast(int Count, ImmutableArray<string> Of);

/// <summary>A red-flag rule: fires when every condition holds. Only positive conditions exist.</summary>
public sealed record TriageRule(
    string Id,
    string Condition,
    Disposition Urgency,
    ImmutableArray<string> All,
    ImmutableArray<string> Any,
    AtLeast? AtLeast,
    int? MinAge,
    int? MaxAge,
    int? MinDurationDays,
    int? MaxOnsetAge,
    bool Crisis,
    string Reason,
    ImmutableArray<string> Sources,
    StatementBasis Basis = StatementBasis.Evidence,
    string? Rationale = null);

/// <summary>What to do for each disposition, in plain words.</summary>
public sealed record DispositionAdvice(Disposition Disposition, Statement Advice);

/// <summary>Input: age in years, days since this episode began, reported finding codes.</summary>
public sealed record TriageInput(int Age, int DurationDays, ImmutableArray<string> Findings);

/// <summary>One red flag that fired.</summary>
/// <param name="Code">The finding that triggered it (or the rule id for an age/duration rule).</param>
public sealed record TriageFlag(
    string Code,
    string Condition,
    Disposition Urgency,
    string Reason,
    ImmutableArray<string> Sources,
    string Rule,
    ImmutableArray<string> Findings,
    bool Crisis);

/// <summary>The triage answer: the most urgent disposition, every flag (most urgent first) and what to do.</summary>
public sealed record TriageResult(
    Disposition Disposition,
    ImmutableArray<TriageFlag> Flags,
    string Message,
    ImmutableArray<string> Sources,
    bool Crisis);
