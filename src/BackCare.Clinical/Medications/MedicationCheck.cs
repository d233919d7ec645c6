using System.Collections.Immutable;
using BackCare.Clinical.Evidence;

namespace BackCare.Clinical.Medications;

/// <summary>One entry of the medication list: typed text and/or an RxNorm code, and how long it has been taken.</summary>
public sealed record MedicationEntry(string? Name, string? RxNorm, int? DurationWeeks)
{
    public string Input => Name ?? RxNorm ?? "";
}

/// <summary>The person the list is checked against.</summary>
public sealed record MedicationCheckInput(
    int? Age,
    string? Sex,
    bool Pregnant,
    bool Breastfeeding,
    bool Alcohol,
    string? Indication,
    ImmutableArray<string> Conditions,
    ImmutableArray<MedicationEntry> Medications);

/// <summary>A recognised entry in the output, with its duration.</summary>
public sealed record CheckedMedication(RecognizedMedication Recognized, int? DurationWeeks, string? RxNorm, ImmutableArray<string> Classes);

/// <summary>One finding: what, how serious, which medicines, what it means, what to discuss and how soon.</summary>
public sealed record MedicationFinding(
    FindingKind Kind,
    Severity Severity,
    ImmutableArray<string> Drugs,
    string Summary,
    string Detail,
    string Advice,
    ImmutableArray<string> Sources,
    string Rule);

public sealed record MedicationCheckResult(ImmutableArray<CheckedMedication> Medications, ImmutableArray<MedicationFinding> Findings);

