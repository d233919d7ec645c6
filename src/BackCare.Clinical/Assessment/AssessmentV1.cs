using System.Collections.Immutable;
using BackCare.Clinical.CarePlans;
using BackCare.Clinical.Medications;

namespace BackCare.Clinical.Assessment;

/// <summary>
/// The assessment as BackCare stores and reads it (document version 1): what the web page binds, the
/// service saves and the engines read. Every part may still be unanswered (null or empty) while the
/// assessment is in progress; <see cref="ToPlanInput"/> gives the plan input once age and duration are known.
/// Its JSON form (<see cref="AssessmentDocument"/>) is the plan-input contract of <c>backcare plan</c> plus
/// <c>"version": 1</c>.
/// </summary>
public sealed record AssessmentV1
{
    public const int Version = 1;

    public static readonly AssessmentV1 Empty = new();

    public int? Age { get; init; }

    public int? DurationWeeks { get; init; }

    public ImmutableArray<string> Findings { get; init; } = [];

    /// <summary>Answers by instrument id; an item not answered is null.</summary>
    public ImmutableSortedDictionary<string, ImmutableArray<int?>> Answers { get; init; } =
        ImmutableSortedDictionary.Create<string, ImmutableArray<int?>>(StringComparer.Ordinal);

    public SleepReport? Sleep { get; init; }

    public ImmutableArray<MedicationEntry> Medications { get; init; } = [];

    public ImmutableArray<string> Conditions { get; init; } = [];

    public bool? Alcohol { get; init; }

    public bool? Pregnant { get; init; }

    public bool? Breastfeeding { get; init; }

    public PlanPreferences? Preferences { get; init; }

    public ImmutableArray<int?>? AnswersTo(string instrument) => Answers.TryGetValue(instrument, out var a) ? a : null;

    /// <summary>PHQ-9 item 9 answered above zero: the crisis message must be shown, whatever else happens.</summary>
    public bool SelfHarmThoughts => AnswersTo("phq9") is { Length: 9 } phq && phq[8] > 0;

    /// <summary>The plan input, or null while age or duration is unanswered.</summary>
    public PlanInput? ToPlanInput() => Age is { } age && DurationWeeks is { } weeks
        ? new PlanInput(age, weeks, Findings, Answers.WithComparers(StringComparer.Ordinal), Sleep, Medications, Conditions,
            Pregnant ?? false, Breastfeeding ?? false, Alcohol ?? false, Preferences ?? new PlanPreferences([], null, null))
        : null;

    /// <summary>
    /// Facts that rarely change, kept for a re-assessment so they need not be retyped. Questionnaire answers,
    /// red flags, duration and sleep are never carried forward: they must be answered afresh.
    /// </summary>
    public AssessmentV1 CarriedForward() => new()
    {
        Age = Age,
        Medications = Medications,
        Conditions = Conditions,
        Alcohol = Alcohol,
        Pregnant = Pregnant,
        Breastfeeding = Breastfeeding,
        Preferences = Preferences,
    };

    public bool Equals(AssessmentV1? other) =>
        other is not null && AssessmentDocument.ToJson(this) == AssessmentDocument.ToJson(other);

    public override int GetHashCode() => AssessmentDocument.ToJson(this).GetHashCode(StringComparison.Ordinal);
}
