using System.Collections.Immutable;
using BackCare.Clinical.Medications;

namespace BackCare.Clinical.CarePlans;

/// <summary>Sleep as reported: hours per night and quality 0 (very poor) to 10 (very good).</summary>
public sealed record SleepReport(double? HoursPerNight, int? Quality);

/// <summary>What the person likes and can do.</summary>
public sealed record PlanPreferences(ImmutableArray<string> Activities, bool? AccessToPhysiotherapy, int? TimePerDayMinutes);

/// <summary>Everything a plan is built from; every part optional except age and duration. Answers are by instrument id, in ordinal order.</summary>
public sealed record PlanInput(
    int Age,
    int DurationWeeks,
    ImmutableArray<string> Findings,
    ImmutableSortedDictionary<string, ImmutableArray<int?>> Answers,
    SleepReport? Sleep,
    ImmutableArray<MedicationEntry> Medications,
    ImmutableArray<string> Conditions,
    bool Pregnant,
    bool Breastfeeding,
    bool Alcohol,
    PlanPreferences Preferences);
