using System.Collections.Immutable;
using BackCare.Clinical.Assessment;
using BackCare.Clinical.Medications;
using BackCare.Clinical.Triage;

namespace BackCare.Clinical.CarePlans;

/// <summary>One scheduled activity inside a step: which technique, how long, which days.</summary>
public sealed record ScheduledActivity(string Technique, string Name, int Minutes, ImmutableArray<string> Days);

/// <summary>A weekly schedule for a step.</summary>
public sealed record StepSchedule(int DaysPerWeek, int MinutesPerDay, ImmutableArray<ScheduledActivity> Activities, string? When);

/// <summary>One plan step: what to do, why it was chosen for this person, its sources and the rule that chose it.</summary>
public sealed record PlanStep(
    string Id,
    string Category,
    string Title,
    string Detail,
    string Reason,
    ImmutableArray<string> Sources,
    StepSchedule? Schedule,
    string Rule);

public sealed record FollowUp(int ReviewInDays, ImmutableArray<string> ReassessWith);

public sealed record SafetyNetItem(string Text, ImmutableArray<string> Sources);

/// <summary>What changed when the plan was moved forward with diary progress.</summary>
public sealed record PlanChange(string StepId, string Change, string Reason);

/// <summary>A care plan: disposition first, then steps in order of priority.</summary>
public sealed record CarePlan(
    Disposition Disposition,
    string? Risk,
    ImmutableArray<PlanStep> Steps,
    FollowUp FollowUp,
    ImmutableArray<SafetyNetItem> SafetyNet,
    TriageResult Triage,
    ImmutableDictionary<string, InstrumentScore> Scores,
    MedicationCheckResult? Medications,
    ImmutableArray<PlanChange> Changes);
