using System.Collections.Immutable;
using BackCare.Clinical.CarePlans;

namespace BackCare.Clinical.Tests.CarePlans;

/// <summary>Progress against Ostelo 2008 MCIDs and the Costa 2012 expected course.</summary>
public sealed class ProgressEngineTests
{
    private static readonly ProgressEngine Engine = ProgressEngine.Default;
    private static readonly DateOnly Start = new(2026, 9, 1);

    private static ProgressInput Diary(int baselineWeeks, params (int Day, double Pain)[] days) =>
        new(baselineWeeks, [.. days.Select(d => new DiaryEntry(Start.AddDays(d.Day), d.Pain, null, null, null, null, null))]);

    private static (int, double)[] Daily(int days, Func<int, double> pain) => [.. Enumerable.Range(0, days).Select(d => (d, pain(d)))];

    [Fact]
    public void A_fall_of_two_points_is_a_clinically_important_improvement()
    {
        var result = Engine.Evaluate(Diary(1, Daily(28, d => d < 7 ? 6 : d >= 21 ? 4 : 5)));
        result.PainChange.ShouldBe(-2);
        result.ClinicallyImportantImprovement.ShouldBeTrue();
        result.Escalate.ShouldBeFalse();
    }

    [Fact]
    public void Thirty_percent_counts_even_below_two_points()
    {
        var result = Engine.Evaluate(Diary(1, Daily(28, d => d < 7 ? 3 : d >= 21 ? 2 : 2.5)));
        result.PainChange.ShouldBe(-1);
        result.ClinicallyImportantImprovement.ShouldBeTrue("1 of 3 is 33%");
    }

    [Fact]
    public void Meaningful_worsening_escalates_and_trend_is_worsening()
    {
        var result = Engine.Evaluate(Diary(2, Daily(21, d => 3 + (d * 0.2))));
        result.PainChange!.Value.ShouldBeGreaterThanOrEqualTo(2);
        result.Trend.ShouldBe("worsening");
        result.Escalate.ShouldBeTrue();
        result.Reasons.Select(r => r.Code).ShouldContain("important_worsening");
    }

    [Fact]
    public void No_meaningful_improvement_by_six_weeks_escalates_with_its_source()
    {
        var result = Engine.Evaluate(Diary(1, Daily(50, _ => 6)));
        result.ClinicallyImportantImprovement.ShouldBeFalse();
        result.Trend.ShouldBe("stable");
        result.Escalate.ShouldBeTrue();
        result.Reasons.Single(r => r.Code == "no_improvement_by_review_point").Sources.ShouldContain("costa_2012");
    }

    [Fact]
    public void The_same_flat_diary_before_six_weeks_does_not_escalate()
    {
        var result = Engine.Evaluate(Diary(1, Daily(20, _ => 6)));
        result.Escalate.ShouldBeFalse();
        result.OnTrack.ShouldBeFalse("acute pain should have fallen well below baseline by 3 weeks");
    }

    [Fact]
    public void Expected_course_follows_Costa_for_acute_and_persistent_pain()
    {
        var acute = Engine.Expected(1, 8, 6);
        acute.Course.ShouldBe("acute");
        acute.ExpectedPain.ShouldBe(Math.Round(8 * 23.0 / 52, 2));
        acute.ExpectedHigh.ShouldBe(Math.Round(8 * 25.0 / 52, 2));
        var persistent = Engine.Expected(20, 8, 6);
        persistent.Course.ShouldBe("persistent");
        persistent.ExpectedPain.ShouldBe(Math.Round(8 * 33.0 / 51, 2));
        Engine.Expected(1, 8, 0).ExpectedPain.ShouldBe(8);
        Engine.Expected(1, 8, 80).ExpectedPain.ShouldBe(Math.Round(8 * 6.0 / 52, 2), "beyond a year the last point holds");
    }

    [Theory]
    [InlineData(8, 6)]
    [InlineData(5, 3.5)]
    [InlineData(3, 2.1)]
    [InlineData(0, 0)]
    public void The_important_improvement_level_is_the_smaller_of_two_points_and_thirty_percent(double baseline, double level)
    {
        Engine.ImportantImprovementLevel(baseline).ShouldBe(level, tolerance: 1e-9);
    }

    [Fact]
    public void Gaps_are_reported_not_filled_in()
    {
        var result = Engine.Evaluate(Diary(1, [(0, 7), (1, 7), (2, 6), (30, 3), (31, 3)]));
        result.DaysWithEntries.ShouldBe(5);
        result.LongestGapDays.ShouldBe(27);
        result.Reasons.ShouldContain(r => r.Code == "gap");
        result.BaselinePain.ShouldBe(6.7, "means are shown, and judged, to one decimal");
        result.CurrentPain.ShouldBe(3);
    }

    [Fact]
    public void Partial_entries_and_several_entries_a_day_are_handled()
    {
        var entries = ImmutableArray.Create(
            new DiaryEntry(Start, 8, 5, null, null, 15, null),
            new DiaryEntry(Start, 6, null, null, null, null, null),
            new DiaryEntry(Start.AddDays(14), 3, null, 7, 30, 9, null));
        var result = Engine.Evaluate(new ProgressInput(1, entries));
        result.BaselinePain.ShouldBe(7);
        result.RmdqChange.ShouldBe(-6);
        result.Reasons.Select(r => r.Code).ShouldContain("function_improved");
    }

    [Fact]
    public void Too_short_a_diary_says_so_instead_of_guessing()
    {
        var result = Engine.Evaluate(Diary(1, [(0, 7), (2, 5)]));
        result.InsufficientData.ShouldBeTrue();
        result.PainChange.ShouldBeNull();
        result.Escalate.ShouldBeFalse();
        Engine.Evaluate(new ProgressInput(1, [])).Reasons.Single().Code.ShouldBe("no_entries");
    }

    [Fact]
    public void Out_of_range_values_are_errors_naming_the_entry()
    {
        var errors = ProgressEngine.Validate(Diary(1, [(0, 11)]));
        errors.ShouldHaveSingleItem().Field.ShouldBe("entries[0].pain");
    }

    [Fact]
    public void A_plan_moved_forward_on_track_progresses_walking_and_says_why()
    {
        var input = new PlanInput(40, 1, [], ImmutableSortedDictionary<string, ImmutableArray<int?>>.Empty, null, [], [], false, false, false,
            new PlanPreferences(["walking"], null, 20));
        var progress = Engine.Evaluate(Diary(1, Daily(21, d => d < 7 ? 6 : 3)));
        progress.OnTrack.ShouldBeTrue();
        var plan = CarePlanEngine.Default.Build(input, progress).Plan!;
        var change = plan.Changes.Single(c => c.Change == "progressed");
        change.StepId.ShouldBe("self_guided_exercise");
        plan.Steps.Single(s => s.Id == "self_guided_exercise").Schedule!.Activities.Single(a => a.Technique == "walking_programme").Minutes.ShouldBe(18);
    }

    [Fact]
    public void A_plan_moved_forward_when_not_improving_adds_a_review()
    {
        var input = new PlanInput(40, 1, [], ImmutableSortedDictionary<string, ImmutableArray<int?>>.Empty, null, [], [], false, false, false,
            new PlanPreferences([], null, null));
        var progress = Engine.Evaluate(Diary(1, Daily(21, d => 4 + (d * 0.2))));
        var plan = CarePlanEngine.Default.Build(input, progress).Plan!;
        plan.Steps[0].Id.ShouldBe("clinician_review_soon");
        plan.Changes.ShouldContain(c => c.StepId == "clinician_review_soon" && c.Change == "added");
    }

    [Fact]
    public void Plan_reasons_state_the_duration_as_of_now_not_as_at_the_assessment()
    {
        var input = new PlanInput(40, 1, [], ImmutableSortedDictionary<string, ImmutableArray<int?>>.Empty, null, [], [], false, false, false,
            new PlanPreferences([], null, null));
        var atAssessment = CarePlanEngine.Default.Build(input).Plan!;
        atAssessment.Steps.Single(s => s.Id == "heat_for_pain").Reason.ShouldContain("lasted 1 week");

        var fourWeeks = Engine.Evaluate(Diary(1, Daily(29, d => d < 7 ? 6 : 3)));
        var moved = CarePlanEngine.Default.Build(input, fourWeeks, daysSinceAssessment: 28).Plan!;
        moved.Steps.Single(s => s.Id == "heat_for_pain").Reason.ShouldContain("lasted 5 weeks");

        // Twelve weeks of diary later the pain has lasted 13 weeks: chronic care, and no stale "1 week" anywhere.
        var twelveWeeks = Engine.Evaluate(Diary(1, Daily(85, d => d < 7 ? 6 : 3)));
        var later = CarePlanEngine.Default.Build(input, twelveWeeks).Plan!;
        later.Steps.ShouldNotContain(s => s.Id == "heat_for_pain");
        later.Steps.Single(s => s.Id == "structured_exercise_chronic").Reason.ShouldContain("lasted 13 weeks");
        later.Steps.ShouldAllBe(s => !s.Reason.Contains("1 week"));
    }
}
