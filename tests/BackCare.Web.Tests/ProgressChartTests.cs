using System.Globalization;
using System.Text.RegularExpressions;
using BackCare.App.Diary;
using BackCare.Clinical.CarePlans;
using BackCare.Web.Infrastructure;

namespace BackCare.Web.Tests;

public sealed partial class ProgressChartTests
{
    private static List<DiaryEntryRecord> Diary(params int[] pain) =>
        [.. pain.Select((p, i) => new DiaryEntryRecord { Date = new DateOnly(2026, 1, 1).AddDays(i), Pain = p }).Reverse()];

    private static double McidY(string svg) =>
        double.Parse(McidLine().Match(svg).Groups[1].Value, CultureInfo.InvariantCulture);

    [Fact]
    public void The_important_change_line_follows_the_engine_rule_two_points_or_thirty_percent()
    {
        // Baseline 8: 2 points (less than 30%) gives 6; baseline 3: 30% (less than 2 points) gives 2.1.
        var high = ProgressChart.Svg(Diary(8, 8, 8, 8, 8, 8, 8, 8), ProgressEngine.Default, 2);
        var low = ProgressChart.Svg(Diary(3, 3, 3, 3, 3, 3, 3, 3), ProgressEngine.Default, 2);
        high.ShouldContain("pain at 6 or lower");
        low.ShouldContain("pain at 2.1 or lower");
        McidY(low).ShouldBeGreaterThan(McidY(high), "lower pain is drawn lower on the chart");
    }

    [Fact]
    public void An_empty_diary_says_so_in_the_chart_description()
    {
        ProgressChart.Svg([], ProgressEngine.Default, 2).ShouldContain("No check-ins yet.");
    }

    [GeneratedRegex("<line class=\"mcid\"[^>]*y1=\"([0-9.]+)\"")]
    private static partial Regex McidLine();
}
