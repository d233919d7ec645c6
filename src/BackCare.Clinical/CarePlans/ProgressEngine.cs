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

    private ProgressSettings Settings => evidence.ProgressSettings ?? throw new InvalidOperationException("data/care-plan.yaml has no progressSettings");

    public static ImmutableArray<InputError> Validate(ProgressInput input)
    {
        var errors = ImmutableArray.CreateBuilder<InputError>();
        if (input.DurationWeeksAtBaseline is < 0 or > 5200) errors.Add(new("durationWeeksAtBaseline", $"is {input.DurationWeeksAtBaseline}; allowed 0-5200"));
        for (var i = 0; i < input.Entries.Length; i++)
        {
            var e = input.Entries[i];
            void Range(string field, double? value, double max)
            {
                if (value is { } v && (v < 0 || v > max || double.IsNaN(v))) errors.Add(new($"entries[{i}].{field}", $"is {v.ToString(CultureInfo.InvariantCulture)}; allowed 0-{max}"));
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
        if (input.Entries.IsEmpty)
        {
            reasons.Add(new("no_entries", "There are no diary entries yet, so progress cannot be judged.", []));
            return new ProgressResult(null, false, "stable", null, false, false, reasons.ToImmutable(), null, null, null, null, 0, 0, true);
        }

        // One value per day (the mean of that day's entries), in date order.
        var days = input.Entries.GroupBy(e => e.Date).OrderBy(g => g.Key).Select(g => (Date: g.Key, Entries: g.ToList())).ToList();
        var first = days[0].Date;
        var last = days[^1].Date;
        var span = last.DayNumber - first.DayNumber;
        var longestGap = 0;
        for (var i = 1; i < days.Count; i++) longestGap = Math.Max(longestGap, days[i].Date.DayNumber - days[i - 1].Date.DayNumber - 1);

        double? WindowMean(Func<DiaryEntry, double?> pick, bool start)
        {
            var values = days
                .Where(d => start ? d.Date.DayNumber < first.DayNumber + s.WindowDays : d.Date.DayNumber > last.DayNumber - s.WindowDays)
                .SelectMany(d => d.Entries).Select(pick).OfType<double>().ToList();
            return values.Count == 0 ? null : values.Average();
        }

        var insufficient = span < s.WindowDays;
        var baseline = WindowMean(e => e.Pain, start: true)!.Value;
        var current = WindowMean(e => e.Pain, start: false)!.Value;
        double? change = insufficient ? null : Math.Round(current - baseline, 2);
        var improved = change is { } c && baseline > 0 && -c >= ImportantDrop(baseline);
        var worsened = change is { } w && w >= s.PainMcidPoints;

        var trend = Trend(days, last, s, insufficient);
        var weeksSince = span / 7.0;
        var expected = Expected(input.DurationWeeksAtBaseline, baseline, weeksSince);
        var onTrack = !insufficient && !worsened && (improved || current <= expected.ExpectedHigh + 1e-9);
        var review = weeksSince >= s.ReviewAfterWeeks && !improved;
        var escalate = !insufficient && (worsened || review);

        string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
        if (insufficient)
        {
            reasons.Add(new("insufficient_data", $"The diary covers {span + 1} day(s); at least {s.WindowDays + 1} days are needed to compare the first and the latest week.", []));
        }
        else
        {
            reasons.Add(improved
                ? new("important_improvement", $"Pain has fallen from an average of {F(baseline)} to {F(current)} out of 10: a clinically important improvement (2 points or 30%).", ["ostelo_2008"])
                : worsened
                    ? new("important_worsening", $"Pain has risen from an average of {F(baseline)} to {F(current)} out of 10, by 2 points or more.", ["ostelo_2008"])
                    : new("no_important_change", $"Pain has gone from an average of {F(baseline)} to {F(current)} out of 10, less than the 2 points or 30% that count as a real change.", ["ostelo_2008"]));
            reasons.Add(current <= expected.ExpectedHigh + 1e-9
                ? new("within_expected", $"That is within or better than the usual recovery for {expected.Course} back pain at {F(weeksSince)} weeks (expected about {F(expected.ExpectedPain)}).", expected.Sources)
                : new("slower_than_expected", $"That is slower than the usual recovery for {expected.Course} back pain at {F(weeksSince)} weeks (expected about {F(expected.ExpectedPain)}, at most {F(expected.ExpectedHigh)}).", expected.Sources));
            if (review && !worsened)
            {
                reasons.Add(new("no_improvement_by_review_point", $"After {F(weeksSince)} weeks there is no clinically important improvement; most improvement usually happens within about {s.ReviewAfterWeeks} weeks, so it is time to see someone.", ["costa_2012"]));
            }

            if (worsened) reasons.Add(new("worsening", "Pain is getting meaningfully worse: please book a review.", ["ostelo_2008"]));
        }

        if (longestGap >= s.WindowDays)
        {
            reasons.Add(new("gap", $"There is a gap of {longestGap} days without entries; those days are left out, not guessed.", []));
        }

        double? rmdqChange = null;
        if (!insufficient && WindowMean(e => e.Rmdq, true) is { } rb && WindowMean(e => e.Rmdq, false) is { } rc)
        {
            rmdqChange = Math.Round(rc - rb, 2);
            if (-rmdqChange >= s.RmdqMcidPoints || (rb > 0 && -rmdqChange / rb * 100 >= s.RmdqMcidPercent))
            {
                reasons.Add(new("function_improved", $"Roland-Morris disability has improved by {F(-rmdqChange.Value)} points, an important change (5 points or 30%).", ["ostelo_2008"]));
            }
        }

        double? pegChange = null;
        if (!insufficient && WindowMean(e => e.Peg, true) is { } pb && WindowMean(e => e.Peg, false) is { } pc)
        {
            pegChange = Math.Round(pc - pb, 2);
            if (-pegChange >= s.PegMidPoints) reasons.Add(new("peg_improved", $"PEG has improved by {F(-pegChange.Value)} points; about 1 point is the smallest change that matters.", ["reed_2024"]));
        }

        return new ProgressResult(change, improved, trend, expected, onTrack, escalate, reasons.ToImmutable(),
            Math.Round(baseline, 2), Math.Round(current, 2), rmdqChange, pegChange, days.Count, longestGap, insufficient);
    }

    /// <summary>Least-squares slope of daily pain over the last few weeks (points per week).</summary>
    private static string Trend(List<(DateOnly Date, List<DiaryEntry> Entries)> days, DateOnly last, ProgressSettings s, bool insufficient)
    {
        if (insufficient) return "stable";
        var from = last.DayNumber - (s.TrendWeeks * 7);
        double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
        foreach (var (date, entries) in days)
        {
            if (date.DayNumber < from) continue;
            var x = date.DayNumber - from;
            var y = entries.Average(e => e.Pain);
            n++;
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }

        var denominator = (n * sxx) - (sx * sx);
        if (n < 3 || denominator == 0) return "stable";
        var perWeek = ((n * sxy) - (sx * sy)) / denominator * 7;
        return perWeek <= -s.TrendSlopePerWeek ? "improving" : perWeek >= s.TrendSlopePerWeek ? "worsening" : "stable";
    }

    /// <summary>
    /// The pain level at or below which the change from <paramref name="baselinePain"/> counts as important:
    /// the smaller of the points and percent thresholds (Ostelo 2008), the same rule <see cref="Evaluate"/> uses.
    /// </summary>
    public double ImportantImprovementLevel(double baselinePain) => Math.Max(0, baselinePain - ImportantDrop(baselinePain));

    /// <summary>Ostelo 2008: a fall of 2 points OR of 30% of the baseline is clinically important, whichever is smaller.</summary>
    private double ImportantDrop(double baselinePain) => Math.Min(Settings.PainMcidPoints, baselinePain * Settings.PainMcidPercent / 100);

    /// <summary>Costa 2012 curve (ratio of the week-0 mean) interpolated at the person's week, scaled to their baseline.</summary>
    public ExpectedCourse Expected(int durationWeeksAtBaseline, double baselinePain, double weeksSince)
    {
        var course = durationWeeksAtBaseline < Settings.AcuteBaselineWeeksBelow ? "acute" : "persistent";
        var curve = evidence.RecoveryCurves.First(c => c.Course == course);
        var points = curve.Points;
        var start = points[0].Mean;
        CurvePoint a = points[0], b = points[^1];
        for (var i = 1; i < points.Length; i++)
        {
            if (weeksSince <= points[i].Week)
            {
                a = points[i - 1];
                b = points[i];
                break;
            }

            a = b = points[^1];
        }

        double Interpolate(Func<CurvePoint, double> pick)
        {
            if (a.Week == b.Week) return pick(b);
            var t = (weeksSince - a.Week) / (b.Week - a.Week);
            return pick(a) + (t * (pick(b) - pick(a)));
        }

        // At week 0 the person's own baseline is the reference, so the band collapses to it.
        var ratio = Interpolate(p => p.Mean) / start;
        var low = a.Week == 0 && b.Week == 0 ? 1 : Interpolate(p => p.Week == 0 ? p.Mean : p.Low) / start;
        var high = a.Week == 0 && b.Week == 0 ? 1 : Interpolate(p => p.Week == 0 ? p.Mean : p.High) / start;
        return new ExpectedCourse(course, Math.Round(weeksSince, 2), Math.Round(baselinePain * ratio, 2),
            Math.Round(baselinePain * low, 2), Math.Round(baselinePain * high, 2), curve.Sources);
    }
}
