using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using BackCare.Clinical.CarePlans;
using BackCare.Clinical.Evidence;
using BackCare.Clinical.Evidence.Loading;

namespace BackCare.Clinical.Tests.CarePlans;

/// <summary>
/// Worsening escalates by the same important-change rule as improvement, and every sentence that quotes a
/// threshold agrees with the verdict (clinical review, issue 11).
/// </summary>
public sealed partial class ProgressVerdictTests
{
    private static readonly ProgressEngine Engine = ProgressEngine.Default;
    private static readonly DateOnly Start = new(2026, 9, 1);

    private static ProgressInput Diary(int baselineWeeks, IEnumerable<double> pain) =>
        new(baselineWeeks, [.. pain.Select((p, d) => new DiaryEntry(Start.AddDays(d), p, null, null, null, null, null))]);

    [Fact]
    public void The_reviewers_case_of_acute_pain_rising_over_two_weeks_escalates_with_its_numbers_and_source()
    {
        double[] pain = [5, 5, 5, 6, 6, 6, 6, 6, 7, 7, 7, 7, 8, 8, 8];
        var result = Engine.Evaluate(Diary(2, pain));

        result.Escalate.ShouldBeTrue();
        result.OnTrack.ShouldBeFalse();
        result.ClinicallyImportantWorsening.ShouldBeTrue();
        var reason = result.Reasons.Single(r => r.Code == "important_worsening");
        reason.Sources.ShouldContain("ostelo_2008");
        // First week 5,5,5,6,6,6,6 = 5.6; last week 7,7,7,7,8,8,8 = 7.4; +1.8 is 32% of 5.6; 30% of 5.6 is 1.68 points.
        reason.Text.ShouldContain("5.6 to 7.4");
        reason.Text.ShouldContain("+1.8 points");
        reason.Text.ShouldContain("+32%");
        reason.Text.ShouldContain("from 1.68 points");
        result.Reasons.ShouldContain(r => r.Code == "worsening");
        result.Reasons.ShouldNotContain(r => r.Code == "no_important_change");
    }

    public static TheoryData<double> Baselines() => [.. Enumerable.Range(0, 21).Select(i => i * 0.5)];

    /// <summary>For a grid of baselines and changes, the figures in the sentence give the same verdict as the engine.</summary>
    [Theory]
    [MemberData(nameof(Baselines))]
    public void Verdict_and_sentence_agree_across_a_grid_of_baselines_and_changes(double baseline)
    {
        for (var tenths = -100; tenths <= 100; tenths++)
        {
            var current = Math.Round(baseline + (tenths / 10.0), 1);
            if (current is < 0 or > 10) continue;
            var result = Engine.Evaluate(Diary(1, Enumerable.Range(0, 15).Select(d => d < 7 ? baseline : d > 7 ? current : baseline)));
            var reason = result.Reasons.Single(r => r.Code is "important_improvement" or "important_worsening" or "no_important_change");
            var (from, to, change, threshold) = Figures(reason.Text);

            from.ShouldBe(baseline, 1e-9, reason.Text);
            to.ShouldBe(current, 1e-9, reason.Text);
            change.ShouldBe(Math.Round(to - from, 1), 1e-9, reason.Text);
            var important = Math.Abs(change) >= threshold - 1e-9 && change != 0;
            var expectedCode = !important ? "no_important_change" : change < 0 ? "important_improvement" : "important_worsening";
            reason.Code.ShouldBe(expectedCode, reason.Text);
            result.ClinicallyImportantImprovement.ShouldBe(expectedCode == "important_improvement", reason.Text);
            result.ClinicallyImportantWorsening.ShouldBe(expectedCode == "important_worsening", reason.Text);
            if (expectedCode == "important_worsening") result.Escalate.ShouldBeTrue(reason.Text);
            if (baseline > 0)
            {
                threshold.ShouldBe(Math.Round(Math.Min(2, baseline * 0.3), 2), 1e-9, "the rule's own numbers: the smaller of 2 points and 30%");
            }
        }
    }

    [Fact]
    public void On_track_never_sits_beside_a_message_that_says_otherwise()
    {
        var random = new Random(11);
        for (var run = 0; run < 2000; run++)
        {
            var days = random.Next(8, 80);
            var start = random.Next(0, 11);
            var slope = (random.NextDouble() - 0.6) * 0.3;
            var pain = Enumerable.Range(0, days).Select(d => Math.Clamp(Math.Round(start + (slope * d) + (random.NextDouble() - 0.5), 1), 0, 10));
            var result = Engine.Evaluate(Diary(random.Next(0, 30), pain));
            var codes = result.Reasons.Select(r => r.Code).ToList();
            if (result.OnTrack)
            {
                codes.ShouldNotContain("slower_than_expected");
                codes.ShouldNotContain("improving_slower_than_expected");
                codes.ShouldNotContain("important_worsening");
                result.Escalate.ShouldBeFalse();
            }

            if (result.Escalate) result.OnTrack.ShouldBeFalse();
            (codes.Contains("within_expected") && (codes.Contains("slower_than_expected") || codes.Contains("improving_slower_than_expected"))).ShouldBeFalse();
            if (codes.Contains("important_worsening")) codes.ShouldNotContain("within_expected");
        }
    }

    [Fact]
    public void An_improvement_slower_than_the_usual_course_is_said_in_one_message_and_is_not_on_track()
    {
        // Acute pain 8 -> 5.5 over six weeks: an important fall, but the usual course is far lower by then.
        var result = Engine.Evaluate(Diary(1, Enumerable.Range(0, 43).Select(d => d < 7 ? 8.0 : d > 35 ? 5.5 : 7)));
        result.ClinicallyImportantImprovement.ShouldBeTrue();
        result.OnTrack.ShouldBeFalse();
        result.Reasons.Select(r => r.Code).ShouldContain("improving_slower_than_expected");
        result.Reasons.Select(r => r.Code).ShouldNotContain("slower_than_expected");
    }

    [Fact]
    public void Worsening_disability_or_PEG_escalates_even_when_pain_is_flat()
    {
        ImmutableArray<DiaryEntry> Entries(double? rmdqFrom, double? rmdqTo, double? pegFrom, double? pegTo) =>
            [.. Enumerable.Range(0, 15).Select(d => new DiaryEntry(Start.AddDays(d), 4, null, null, null, d < 7 ? rmdqFrom : rmdqTo, d < 7 ? pegFrom : pegTo))];

        var rmdq = Engine.Evaluate(new ProgressInput(1, Entries(10, 14, null, null)));
        rmdq.Escalate.ShouldBeTrue();
        rmdq.RmdqChange.ShouldBe(4);
        var function = rmdq.Reasons.Single(r => r.Code == "function_worsened");
        function.Text.ShouldContain("from 3 points", customMessage: "30% of 10 is 3, smaller than 5");
        function.Sources.ShouldContain("ostelo_2008");

        var peg = Engine.Evaluate(new ProgressInput(1, Entries(null, null, 4, 5.5)));
        peg.Escalate.ShouldBeTrue();
        peg.Reasons.Single(r => r.Code == "peg_worsened").Sources.ShouldContain("reed_2024");

        var small = Engine.Evaluate(new ProgressInput(1, Entries(10, 12, 4, 4.5)));
        small.Reasons.ShouldNotContain(r => r.Code == "function_worsened" || r.Code == "peg_worsened");
    }

    [Fact]
    public void Editing_the_threshold_in_a_copy_of_the_data_moves_the_sentence_and_the_verdict_with_it()
    {
        var files = EmbeddedEvidence.Files().Select(f => f.Path == "data/care-plan.yaml"
            ? new EvidenceFile(f.Path, f.Content.Replace("painMcidPercent: 30", "painMcidPercent: 40", StringComparison.Ordinal))
            : f).ToList();
        var edited = EvidenceLoader.Load(files);
        edited.IsValid.ShouldBeTrue(string.Join("; ", edited.Problems));
        double[] pain = [5, 5, 5, 6, 6, 6, 6, 6, 7, 7, 7, 7, 8, 8, 8];

        var result = new ProgressEngine(edited.Base!).Evaluate(Diary(2, pain));

        result.ClinicallyImportantWorsening.ShouldBeFalse("+1.8 is below 2 points and below 40% of 5.6 (2.24)");
        var reason = result.Reasons.Single(r => r.Code == "no_important_change");
        reason.Text.ShouldContain("40%");
        reason.Text.ShouldContain("from 2 points");
        reason.Text.ShouldNotContain("30%");
    }

    [Fact]
    public void A_message_with_a_placeholder_it_is_not_given_is_rejected_by_the_validator()
    {
        var files = EmbeddedEvidence.Files().Select(f => f.Path == "data/care-plan.yaml"
            ? new EvidenceFile(f.Path, f.Content.Replace("There is a gap of {gapDays} days", "There is a gap of {gapWeeks} weeks", StringComparison.Ordinal))
            : f).ToList();
        var problem = EvidenceLoader.Load(files).Problems.ShouldHaveSingleItem();
        problem.Message.ShouldContain("{gapWeeks}");
        problem.File.ShouldBe("data/care-plan.yaml");
    }

    private static (double From, double To, double Change, double Threshold) Figures(string text)
    {
        var m = FiguresPattern().Match(text);
        m.Success.ShouldBeTrue(text);
        double D(string group) => double.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);
        return (D("from"), D("to"), D("change"), D("threshold"));
    }

    [GeneratedRegex(@"from an average of (?<from>[\d.]+) to (?<to>[\d.]+) out of 10, a change of (?<change>[+-]?[\d.]+) points.*?from (?<threshold>[\d.]+) points", RegexOptions.Singleline)]
    private static partial Regex FiguresPattern();
}
