using BackCare.Clinical.Evidence;

namespace BackCare.Clinical.CarePlans;

/// <summary>The expected course (Costa 2012, data/care-plan.yaml recoveryCurves) and the recent trend of a diary.</summary>
internal static class RecoveryCourse
{
    /// <summary>Least-squares slope of daily pain over the last few weeks (points per week).</summary>
    public static string Trend(List<(DateOnly Date, List<DiaryEntry> Entries)> days, DateOnly last, ProgressSettings s, bool insufficient)
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

    /// <summary>Costa 2012 curve (ratio of the week-0 mean) interpolated at the person's week, scaled to their baseline.</summary>
    public static ExpectedCourse Expected(EvidenceBase evidence, ProgressSettings settings, int durationWeeksAtBaseline, double baselinePain, double weeksSince)
    {
        var course = durationWeeksAtBaseline < settings.AcuteBaselineWeeksBelow ? "acute" : "persistent";
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
