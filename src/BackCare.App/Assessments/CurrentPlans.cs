using BackCare.App.Diary;
using BackCare.Clinical.Assessment;
using BackCare.Clinical.CarePlans;

namespace BackCare.App.Assessments;

/// <summary>
/// The plan a person sees on a given day, from their stored assessment and the diary kept since: pure (no storage),
/// so the Plan page, the PDF summary and the tests compute it the same way.
/// </summary>
public sealed class CurrentPlans(CarePlanEngine plans, ProgressEngine progressEngine)
{
    public ProgressEngine ProgressEngine => progressEngine;

    /// <summary>The plan for an assessment (null while it is incomplete).</summary>
    public CarePlan? Build(AssessmentV1 assessment, ProgressResult? progress = null, int? daysSinceAssessment = null) =>
        assessment.ToPlanInput() is { } input ? plans.Build(input, progress, daysSinceAssessment).Plan : null;

    /// <summary>
    /// The assessment's plan moved forward by the diary kept since, once there are enough days with pain recorded to
    /// say something about the trend (<see cref="ProgressEngine.MinimumDays"/>), with durations counted from the
    /// assessment date to <paramref name="today"/>.
    /// </summary>
    public CarePlan? AsOf(StoredAssessment stored, IReadOnlyList<DiaryEntryRecord> diary, DateOnly today)
    {
        if (stored.Assessment is not { } assessment) return null;
        var since = DiarySince(stored.Record, diary);
        var progress = since.Count(e => e.Pain is not null) >= progressEngine.MinimumDays ? Progress(since, assessment.DurationWeeks ?? 0) : null;
        var elapsed = stored.Record.CompletedAt is { } completed ? Math.Max(0, today.DayNumber - DateOnly.FromDateTime(completed).DayNumber) : 0;
        return Build(assessment, progress, elapsed);
    }

    /// <summary>The progress engine over the diary (entries with a pain score).</summary>
    public ProgressResult Progress(IReadOnlyList<DiaryEntryRecord> entries, int durationWeeksAtBaseline) =>
        progressEngine.Evaluate(new ProgressInput(durationWeeksAtBaseline, [.. entries
            .Where(e => e.Pain is not null)
            .OrderBy(e => e.Date)
            .Select(e => new DiaryEntry(e.Date, e.Pain!.Value, e.Anxiety, e.SleepHours, e.ActivityMinutes, null, null))]));

    /// <summary>The diary entries from the day the assessment was completed: what progress is measured on.</summary>
    public static IReadOnlyList<DiaryEntryRecord> DiarySince(AssessmentRecord? assessment, IReadOnlyList<DiaryEntryRecord> diary) =>
        assessment?.CompletedAt is { } completed ? [.. diary.Where(e => e.Date >= DateOnly.FromDateTime(completed))] : diary;
}
