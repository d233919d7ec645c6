using System.Collections.Immutable;
using BackCare.Clinical.Common;
using System.Globalization;
using BackCare.Clinical.Evidence;

namespace BackCare.Clinical.CarePlans;

/// <summary>
/// Is recovery on track? Baseline and current pain are means over the first and last
/// <c>windowDays</c> of the diary (days without entries are skipped, never filled in). Change is
/// judged against the minimal important change (Ostelo 2008: 2 points or 30% for pain; 5 points or
/// 30% for Roland-Morris; Reed 2024: 1 point for PEG), the expected course against Costa 2012
/// (acute or persistent curve scaled to the person's baseline), and escalation is advised when pain
/// worsens meaningfully or there is no meaningful improvement by about six weeks (Costa 2012).
/// </summary>
public sealed class ProgressEngine(EvidenceBase evidence)
{
    public static ProgressEngine Default => DefaultInstance.Value;

    private static readonly Lazy<ProgressEngine> DefaultInstance = new(() => new ProgressEngine(EmbeddedEvidence.Default));

    /// <summary>The thresholds and messages in data/care-plan.yaml (progressSettings).</summary>
    public ProgressSettings Settings => evidence.ProgressSettings ?? throw new InvalidOperationException("data/care-plan.yaml has no progressSettings");

    /// <summary>Days of diary needed to compare a first and a latest window (one window plus a day).</summary>
    public int MinimumDays => Settings.WindowDays + 1;

    public static ImmutableArray<ValidationError> Validate(ProgressInput input)
    {
        var errors = ImmutableArray.CreateBuilder<ValidationError>();
        if (input.DurationWeeksAtBaseline is < 0 or > 5200) errors.Add(ValidationError.OutOfRange("durationWeeksAtBaseline", $"is {input.DurationWeeksAtBaseline}; allowed 0-5200"));
        for (var i = 0; i < input.Entries.Length; i++)
        {
            var e = input.Entries[i];
            void Range(string field, double? value, double max)
            {
                if (value is { } v && (v < 0 || v > max || double.IsNaN(v))) errors.Add(ValidationError.OutOfRange($"entries[{i}].{field}", $"is {v.ToString(CultureInfo.InvariantCulture)}; allowed 0-{max}"));
            }

            Range("pain", e.Pain, 10);
            Range("anxiety", e.Anxiety, 10);
            Range("sleepHours", e.SleepHours, 24);
            Range("activityMinutes", e.ActivityMinutes, 1440);
            Range("rmdq", e.Rmdq, 24);
            Range("peg", e.Peg, 10);
        }

        return errors.ToImmutable();
    }

    public ProgressResult Evaluate(ProgressInput input)
    {
        var errors = Validate(input);
        if (!errors.IsEmpty) throw new ArgumentException(string.Join("; ", errors), nameof(input));
        var s = Settings;
        var reasons = ImmutableArray.CreateBuilder<ProgressReason>();
        ProgressReason Say(string code, params (string Name, string Value)[] values) =>
            ProgressMessages.Fill(s.Messages, code, values.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal));

        if (input.Entries.IsEmpty)
        {
            reasons.Add(Say("no_entries"));
            return new ProgressResult(null, false, "stable", null, false, false, reasons.ToImmutable(), null, null, null, null, 0, 0, true);
        }

        // One value per day (the mean of that day's entries), in date order.
        var days = input.Entries.GroupBy(e => e.Date).OrderBy(g => g.Key).Select(g => (Date: g.Key, Entries: g.ToList())).ToList();
        var first = days[0].Date;
        var last = days[^1].Date;
        var span = last.DayNumber - first.DayNumber;
        var longestGap = 0;
        for (var i = 1; i < days.Count; i++) longestGap = Math.Max(longestGap, days[i].Date.DayNumber - days[i - 1].Date.DayNumber - 1);

        // Means are rounded to the precision they are shown with, and every verdict is taken on the
        // shown figures, so a sentence can never contradict its verdict.
        double? WindowMean(Func<DiaryEntry, double?> pick, bool start)
        {
            var values = days
                .Where(d => start ? d.Date.DayNumber < first.DayNumber + s.WindowDays : d.Date.DayNumber > last.DayNumber - s.WindowDays)
                .SelectMany(d => d.Entries).Select(pick).OfType<double>().ToList();
            return values.Count == 0 ? null : Math.Round(values.Average(), 1);
        }

        var insufficient = span < s.WindowDays;
        var baseline = WindowMean(e => e.Pain, start: true)!.Value;
        var current = WindowMean(e => e.Pain, start: false)!.Value;
        var pain = Compare(baseline, current, s.PainMcidPoints, s.PainMcidPercent);
        var improved = !insufficient && pain.Improved;
        var worsened = !insufficient && pain.Worsened;

        var trend = RecoveryCourse.Trend(days, last, s, insufficient);
        var weeksSince = span / 7.0;
        var expected = Expected(input.DurationWeeksAtBaseline, baseline, weeksSince);
        var withinExpected = current <= expected.ExpectedHigh + 1e-9;
        var review = weeksSince >= s.ReviewAfterWeeks && !improved;
        var rmdq = insufficient ? null : CompareOptional(e => e.Rmdq, s.RmdqMcidPoints, s.RmdqMcidPercent);
        var peg = insufficient ? null : CompareOptional(e => e.Peg, s.PegMidPoints, 0);
        var escalate = !insufficient && (worsened || review || rmdq?.Worsened == true || peg?.Worsened == true);
        var onTrack = !insufficient && !escalate && withinExpected;

        if (insufficient)
        {
            reasons.Add(Say("insufficient_data", ("days", (span + 1).ToString(CultureInfo.InvariantCulture)), ("neededDays", (s.WindowDays + 1).ToString(CultureInfo.InvariantCulture))));
        }
        else
        {
            reasons.Add(Say(improved ? "important_improvement" : worsened ? "important_worsening" : "no_important_change",
                ("baseline", F(baseline)), ("current", F(current)), ("change", Signed(pain.Delta)), ("changePercent", Percent(pain.Delta, baseline, s)),
                ("threshold", F(pain.Threshold)), ("mcidPoints", F(s.PainMcidPoints)), ("mcidPercent", F(s.PainMcidPercent))));
            (string, string)[] course = [("course", expected.Course), ("weeks", Weeks(weeksSince)), ("expected", F(expected.ExpectedPain)), ("expectedHigh", F(expected.ExpectedHigh))];
            if (worsened) reasons.Add(Say("worsening"));
            else if (withinExpected) reasons.Add(Say("within_expected", course));
            else reasons.Add(Say(improved ? "improving_slower_than_expected" : "slower_than_expected", course));
            if (review && !worsened) reasons.Add(Say("no_improvement_by_review_point", ("weeks", Weeks(weeksSince)), ("reviewAfterWeeks", F(s.ReviewAfterWeeks))));
        }

        if (longestGap >= s.WindowDays) reasons.Add(Say("gap", ("gapDays", longestGap.ToString(CultureInfo.InvariantCulture))));
        if (rmdq is { Improved: true } or { Worsened: true })
        {
            reasons.Add(Say(rmdq.Improved ? "function_improved" : "function_worsened", ("rmdqBaseline", F(rmdq.Baseline)), ("rmdqCurrent", F(rmdq.Current)),
                ("rmdqChange", Signed(rmdq.Delta)), ("rmdqThreshold", F(rmdq.Threshold)), ("rmdqMcidPoints", F(s.RmdqMcidPoints)), ("rmdqMcidPercent", F(s.RmdqMcidPercent))));
        }

        if (peg is { Improved: true } or { Worsened: true })
        {
            reasons.Add(Say(peg.Improved ? "peg_improved" : "peg_worsened", ("pegBaseline", F(peg.Baseline)), ("pegCurrent", F(peg.Current)),
                ("pegChange", Signed(peg.Delta)), ("pegMidPoints", F(s.PegMidPoints))));
        }

        return new ProgressResult(insufficient ? null : pain.Delta, improved, trend, expected, onTrack, escalate, reasons.ToImmutable(),
            baseline, current, rmdq?.Delta, peg?.Delta, days.Count, longestGap, insufficient, worsened || rmdq?.Worsened == true || peg?.Worsened == true);

        Change? CompareOptional(Func<DiaryEntry, double?> pick, double points, double percent) =>
            WindowMean(pick, true) is { } b && WindowMean(pick, false) is { } c ? Compare(b, c, points, percent) : null;
    }

    /// <summary>A change between two shown means, judged against the important-change rule in both directions.</summary>
    private sealed record Change(double Baseline, double Current, double Delta, double Threshold, bool Improved, bool Worsened);

    /// <summary>
    /// Ostelo 2008: a change of <paramref name="points"/> or of <paramref name="percent"/>% of the starting level is
    /// important, whichever is smaller (the percent rule does not apply to a starting level of zero). Rising
    /// by as much is an important worsening.
    /// </summary>
    private static Change Compare(double baseline, double current, double points, double percent)
    {
        var change = Math.Round(current - baseline, 1);
        var threshold = Math.Round(ImportantChange(baseline, points, percent), 2);
        return new Change(baseline, current, change, threshold, -change >= threshold - 1e-9 && change < 0, change >= threshold - 1e-9 && change > 0);
    }

    private static double ImportantChange(double baseline, double points, double percent) =>
        baseline > 0 && percent > 0 ? Math.Min(points, baseline * percent / 100) : points;

    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Weeks(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Signed(double v) => v.ToString("+0.##;-0.##;0", CultureInfo.InvariantCulture);

    /// <summary>The change as a share of the starting level, truncated toward zero so it is never overstated.</summary>
    private static string Percent(double change, double baseline, ProgressSettings s) =>
        baseline > 0 ? Signed(Math.Truncate(change / baseline * 100)) + "%" : s.Messages["percent_unavailable"].Text;

    /// <summary>
    /// The pain level at or below which the change from <paramref name="baselinePain"/> counts as important:
    /// the smaller of the points and percent thresholds (Ostelo 2008), the same rule <see cref="Evaluate"/> uses.
    /// </summary>
    public double ImportantImprovementLevel(double baselinePain) =>
        Math.Max(0, baselinePain - ImportantChange(baselinePain, Settings.PainMcidPoints, Settings.PainMcidPercent));

    /// <summary>Costa 2012 curve (ratio of the week-0 mean) interpolated at the person's week, scaled to their baseline.</summary>
    public ExpectedCourse Expected(int durationWeeksAtBaseline, double baselinePain, double weeksSince) =>
        RecoveryCourse.Expected(evidence, Settings, durationWeeksAtBaseline, baselinePain, weeksSince);
}
