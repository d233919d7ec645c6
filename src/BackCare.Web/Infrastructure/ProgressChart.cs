using System.Globalization;
using System.Text;
using BackCare.App.Diary;
using BackCare.Clinical.CarePlans;

namespace BackCare.Web.Infrastructure;

/// <summary>
/// Server-rendered SVG chart (docs/adr/0006): pain, anxiety and sleep over time against the expected
/// recovery band (Costa 2012, scaled to the person's baseline), with the minimal-important-change line
/// (Ostelo 2008). No chart runtime; readable printed; a data table is offered next to it.
/// </summary>
internal static class ProgressChart
{
    private const int Width = 480;
    private const int Height = 300;
    private const int Left = 30;
    private const int Right = 10;
    private const int Top = 14;
    private const int Bottom = 34;

    public static string Svg(IReadOnlyList<DiaryEntryRecord> entriesNewestFirst, ProgressEngine engine, int durationWeeksAtBaseline)
    {
        var entries = entriesNewestFirst.Where(e => e.Pain is not null).OrderBy(e => e.Date).ToList();
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-labelledby=\"chart-title chart-desc\" xmlns=\"http://www.w3.org/2000/svg\">");
        sb.Append("<title id=\"chart-title\">Pain, anxiety and sleep over time</title>");
        if (entries.Count == 0)
        {
            sb.Append("<desc id=\"chart-desc\">No check-ins yet.</desc></svg>");
            return sb.ToString();
        }

        var first = entries[0].Date;
        var days = Math.Max(7, entries[^1].Date.DayNumber - first.DayNumber);
        double X(DateOnly d) => Left + ((d.DayNumber - first.DayNumber) * (Width - Left - Right) / (double)days);
        static double Y(double v) => Top + ((10 - v) * (Height - Top - Bottom) / 10.0);
        string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

        var baseline = entries.Where(e => e.Date.DayNumber < first.DayNumber + 7).Average(e => e.Pain!.Value);
        sb.Append(CultureInfo.InvariantCulture, $"<desc id=\"chart-desc\">{entries.Count} check-ins from {first:d MMM yyyy} to {entries[^1].Date:d MMM yyyy}. Starting pain about {F(baseline)} out of 10; latest {entries[^1].Pain}. The shaded band is the usual recovery for people starting at your level.</desc>");

        // Grid and axes.
        for (var v = 0; v <= 10; v += 2)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{F(Y(v))}\" y2=\"{F(Y(v))}\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{Left - 6}\" y=\"{F(Y(v) + 4)}\" text-anchor=\"end\">{v}</text>");
        }

        for (var d = 0; d <= days; d += Math.Max(7, days / 6 / 7 * 7))
        {
            var date = first.AddDays(d);
            sb.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{F(X(date))}\" y=\"{Height - 12}\" text-anchor=\"middle\">{date:d MMM}</text>");
        }

        // Expected band (Costa 2012), weekly points.
        var upper = new List<string>();
        var lower = new List<string>();
        for (var d = 0; d <= days; d += 7)
        {
            var expected = engine.Expected(durationWeeksAtBaseline, baseline, d / 7.0);
            var date = first.AddDays(d);
            upper.Add($"{F(X(date))},{F(Y(Math.Min(10, expected.ExpectedHigh)))}");
            lower.Insert(0, $"{F(X(date))},{F(Y(Math.Max(0, expected.ExpectedLow)))}");
        }

        sb.Append(CultureInfo.InvariantCulture, $"<polygon class=\"band\" points=\"{string.Join(' ', upper.Concat(lower))}\"><title>Usual recovery (Costa 2012)</title></polygon>");

        // Minimal important change, by the progress engine's own rule and numbers (Ostelo 2008).
        var mcid = engine.ImportantImprovementLevel(baseline);
        sb.Append(CultureInfo.InvariantCulture, $"<line class=\"mcid\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{F(Y(mcid))}\" y2=\"{F(Y(mcid))}\"><title>A real improvement: pain at {F(mcid)} or lower ({F(engine.Settings.PainMcidPoints)} points or {F(engine.Settings.PainMcidPercent)}% below where you started, whichever is smaller; Ostelo 2008)</title></line>");

        Series(sb, entries.Select(e => (e.Date, (double?)e.Pain)), "pain", X, Y);
        Series(sb, entries.Select(e => (e.Date, (double?)e.Anxiety)), "anxiety", X, Y);
        Series(sb, entries.Select(e => (e.Date, e.SleepHours is { } h ? Math.Min(10, h) : (double?)null)), "sleep", X, Y);
        sb.Append("</svg>");
        return sb.ToString();
    }

    private static void Series(StringBuilder sb, IEnumerable<(DateOnly Date, double? Value)> points, string css, Func<DateOnly, double> x, Func<double, double> y)
    {
        // Breaks the line at gaps of more than 3 days: gaps are shown, not filled in.
        var segment = new List<string>();
        DateOnly? previous = null;
        void Flush()
        {
            if (segment.Count > 1) sb.Append(CultureInfo.InvariantCulture, $"<polyline class=\"line {css}\" points=\"{string.Join(' ', segment)}\"/>");
            else if (segment.Count == 1) sb.Append(CultureInfo.InvariantCulture, $"<circle class=\"dot {css}\" r=\"2.5\" cx=\"{segment[0].Split(',')[0]}\" cy=\"{segment[0].Split(',')[1]}\"/>");
            segment.Clear();
        }

        foreach (var (date, value) in points)
        {
            if (value is null) continue;
            if (previous is { } p && date.DayNumber - p.DayNumber > 3) Flush();
            segment.Add(string.Create(CultureInfo.InvariantCulture, $"{x(date):0.#},{y(value.Value):0.#}"));
            previous = date;
        }

        Flush();
    }
}
