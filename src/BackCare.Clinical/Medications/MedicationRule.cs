using System.Collections.Immutable;
using BackCare.Clinical.Evidence;

namespace BackCare.Clinical.Medications;

/// <summary>Kinds of medication finding (public interface: extend, never rename).</summary>
public enum FindingKind
{
    Interaction,
    Contraindication,
    Duplication,
    Duration,
    Beers,
    Pregnancy,
    Lactation,
    BoxedWarning,
    Guideline,
    Unrecognized,
}

/// <summary>A condition code a person can report (data/medication-rules.yaml).</summary>
public sealed record ConditionDefinition(string Code, string Label);

/// <summary>When a medication rule applies. Only positive conditions.</summary>
public sealed record RuleWhen(
    ImmutableArray<string> Conditions,
    bool Pregnant,
    bool Breastfeeding,
    int? MinAge,
    int? MaxAge,
    string? Indication,
    int? DurationWeeksOver,
    int? CountAtLeast);

/// <summary>A medication-safety rule other than a pairwise interaction.</summary>
public sealed record MedicationRule(
    string Id,
    FindingKind Kind,
    Severity Severity,
    DrugSelector Drugs,
    ImmutableArray<string> Except,
    RuleWhen When,
    string Summary,
    string Detail,
    string Advice,
    ImmutableArray<string> Sources)
{
    public bool Covers(Drug drug) => !Except.Contains(drug.Id) && Drugs.Matches(drug);
}

/// <summary>An RxNorm product code seen in a shipped file, with its ingredients.</summary>
public sealed record ProductCode(string Code, string Display, ImmutableArray<string> Ingredients, string SeenIn);

/// <summary>A combination product known by one name (Percocet, co-codamol).</summary>
public sealed record CombinationName(string Name, ImmutableArray<string> Ingredients);
