using System.Collections.Immutable;

namespace BackCare.Clinical.CarePlans;

/// <summary>One diary day (partial entries are normal: only pain is required).</summary>
public sealed record DiaryEntry(DateOnly Date, double Pain, double? Anxiety, double? SleepHours, int? ActivityMinutes, double? Rmdq, double? Peg);

public sealed record ProgressInput(int DurationWeeksAtBaseline, ImmutableArray<DiaryEntry> Entries);

/// <summary>The expected pain now, scaled from Costa 2012 to the person's own baseline.</summary>
public sealed record ExpectedCourse(string Course, double WeeksSinceBaseline, double ExpectedPain, double ExpectedLow, double ExpectedHigh, ImmutableArray<string> Sources);

public sealed record ProgressReason(string Code, string Text, ImmutableArray<string> Sources);

/// <summary>How recovery is going. <see cref="PainChange"/> is current minus baseline (negative = better).</summary>
public sealed record ProgressResult(
    double? PainChange,
    bool ClinicallyImportantImprovement,
    string Trend,
    ExpectedCourse? Expected,
    bool OnTrack,
    bool Escalate,
    ImmutableArray<ProgressReason> Reasons,
    double? BaselinePain,
    double? CurrentPain,
    double? RmdqChange,
    double? PegChange,
    int DaysWithEntries,
    int LongestGapDays,
    bool InsufficientData,
    bool ClinicallyImportantWorsening = false);
