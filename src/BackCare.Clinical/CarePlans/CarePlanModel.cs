using System.Collections.Immutable;
using BackCare.Clinical.Evidence;

namespace BackCare.Clinical.CarePlans;

/// <summary>Wording and sources of one kind of plan step (data/care-plan.yaml).</summary>
public sealed record PlanStepTemplate(string Id, string Category, string Title, Statement Detail);

/// <summary>Thresholds the plan rules use (data/care-plan.yaml, planSettings).</summary>
public sealed record PlanSettings(
    int PoorSleepHoursBelow,
    int PoorSleepHoursAbove,
    int PoorSleepQualityAtMost,
    int PsychologicalSupportGad7AtLeast,
    int PsychologicalSupportPhq9AtLeast,
    int ChronicWeeksOver,
    int ReviewDaysLowRisk,
    int ReviewDaysHigherRisk,
    int DefaultMinutesPerDay,
    int ReviewDaysEmergency,
    int ReviewDaysSameDay,
    int ReviewDaysSoon,
    int RelaxationMinutesAtLeast,
    int RelaxationMinutesAtMost,
    int RelaxationShareOfTimeDivisor,
    int PacedBreathingFromMinutes,
    int WalkingIncreasePercent,
    int ExerciseMinutesAtLeast);

/// <summary>One time point of an expected-recovery curve: mean pain and its 95% CI (0-100).</summary>
public sealed record CurvePoint(int Week, double Mean, double Low, double High);

public sealed record RecoveryCurve(string Course, ImmutableArray<CurvePoint> Points, ImmutableArray<string> Sources);

/// <summary>MCIDs and windows for the progress engine (data/care-plan.yaml, progressSettings).</summary>
public sealed record ProgressSettings(
    int WindowDays,
    double PainMcidPoints,
    double PainMcidPercent,
    double RmdqMcidPoints,
    double RmdqMcidPercent,
    double PegMidPoints,
    int ReviewAfterWeeks,
    int AcuteBaselineWeeksBelow,
    int TrendWeeks,
    double TrendSlopePerWeek,
    ImmutableDictionary<string, Statement> Messages);
