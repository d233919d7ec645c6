using System.Collections.Immutable;
using BackCare.Clinical.Triage;

namespace BackCare.Clinical.CarePlans;

/// <summary>
/// One plan rule (data/care-plan.yaml, <c>planRules</c>): when its conditions hold, the step is added with the
/// reason template filled from the person's facts. <see cref="RuleName"/> is what the step shows as its rule.
/// </summary>
public sealed record PlanRule(
    string Id,
    string RuleName,
    string? Step,
    PlanWhen When,
    string? Reason,
    ImmutableArray<string> Sources,
    string? AddSources,
    string? Schedule,
    bool Stop);

/// <summary>The conditions of a plan rule; every one that is set must hold (unset = any).</summary>
public sealed record PlanWhen(
    ImmutableArray<Disposition> Disposition,
    bool? UrgentFlag,
    string? OtherFlags,
    string? Crisis,
    ImmutableArray<string> Risk,
    bool? Physiotherapy,
    bool? Chronic,
    bool? Distress,
    bool? PoorSleep,
    bool? MedicationFindings,
    string? MissingCategory,
    string? MissingStep,
    string? Activity,
    string? NoActivity)
{
    public static readonly ImmutableArray<string> Keys =
    [
        "disposition", "urgentFlag", "otherFlags", "crisis", "risk", "physiotherapy", "chronic", "distress", "poorSleep",
        "medicationFindings", "missingCategory", "missingStep", "activity", "noActivity",
    ];

    public static readonly ImmutableArray<string> AddSourceKinds = ["flag", "urgent_flag", "other_flags", "startback", "distress_scores", "medication_findings"];

    public static readonly ImmutableArray<string> ScheduleKinds = ["exercise", "relaxation", "mind_body", "sleep_routine", "medication_review"];

    /// <summary>Whether every set condition holds for these facts and the steps chosen so far.</summary>
    public bool Matches(PlanFacts f, IReadOnlyList<PlanStep> steps) =>
        (Disposition.IsDefaultOrEmpty || Disposition.Contains(f.Triage.Disposition))
        && (UrgentFlag is null || UrgentFlag == (f.UrgentFlag is not null))
        && (OtherFlags is null || OtherFlags == f.OtherFlagsUrgency)
        && (Crisis is null || Crisis == f.CrisisKind)
        && (Risk.IsDefaultOrEmpty || Risk.Contains(f.Risk ?? "none"))
        && (Physiotherapy is null || Physiotherapy == f.Physiotherapy)
        && (Chronic is null || Chronic == f.Chronic)
        && (Distress is null || Distress == (f.Anxious || f.LowMood))
        && (PoorSleep is null || PoorSleep == !f.SleepProblems.IsEmpty)
        && (MedicationFindings is null || MedicationFindings == !f.RelevantFindings.IsEmpty)
        && (MissingCategory is null || steps.All(s => s.Category != MissingCategory))
        && (MissingStep is null || steps.All(s => s.Id != MissingStep))
        && (Activity is null || f.Input.Preferences.Activities.Contains(Activity))
        && (NoActivity is null || !f.Input.Preferences.Activities.Contains(NoActivity));
}
