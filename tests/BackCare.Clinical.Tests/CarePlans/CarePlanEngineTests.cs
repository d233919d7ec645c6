using System.Collections.Immutable;
using BackCare.Clinical.CarePlans;
using BackCare.Clinical.Evidence;
using BackCare.Clinical.Medications;
using BackCare.Clinical.Triage;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace BackCare.Clinical.Tests.CarePlans;

/// <summary>One test per plan rule (docs/clinical/care-plans.md) and the engine's properties.</summary>
public sealed class CarePlanEngineTests
{
    private static readonly CarePlanEngine Engine = CarePlanEngine.Default;
    private static readonly int?[] LowRisk = [0, 0, 0, 0, 0, 0, 0, 0, 0];
    private static readonly int?[] MediumRisk = [1, 1, 1, 1, 0, 0, 0, 0, 0];
    private static readonly int?[] HighRisk = [1, 1, 1, 1, 1, 1, 1, 1, 4];

    private static PlanInput Person(int age = 40, int weeks = 2, string[]? findings = null, Dictionary<string, int?[]>? answers = null,
        SleepReport? sleep = null, string[]? medications = null, string[]? activities = null, bool? physio = null, int? minutes = null) =>
        new(age, weeks, [.. findings ?? []],
            (answers ?? []).ToImmutableSortedDictionary(a => a.Key, a => a.Value.ToImmutableArray(), StringComparer.Ordinal),
            sleep, [.. (medications ?? []).Select(m => new MedicationEntry(m, null, null))], [], false, false, false,
            new PlanPreferences([.. activities ?? []], physio, minutes));

    private static CarePlan Plan(PlanInput input)
    {
        var outcome = Engine.Build(input);
        outcome.Errors.ShouldBeEmpty();
        return outcome.Plan!;
    }

    private static string[] Ids(CarePlan plan) => [.. plan.Steps.Select(s => s.Id)];

    [Fact]
    public void An_emergency_replaces_the_plan_with_what_to_do_now()
    {
        var plan = Plan(Person(findings: ["saddle_numbness"], answers: new() { ["startback"] = HighRisk }));
        plan.Disposition.ShouldBe(Disposition.Emergency);
        plan.Steps[0].Category.ShouldBe("emergency");
        plan.Steps.ShouldAllBe(s => s.Category == "emergency" || s.Category == "crisis");
        plan.Steps[0].Reason.ShouldContain("Saddle");
    }

    [Fact]
    public void An_urgent_disposition_replaces_the_plan_with_same_day_care()
    {
        var plan = Plan(Person(findings: ["fever", "iv_drug_use"]));
        plan.Disposition.ShouldBe(Disposition.Urgent);
        Ids(plan).ShouldBe(["urgent_same_day"]);
        plan.FollowUp.ReviewInDays.ShouldBe(1);
    }

    [Fact]
    public void PHQ9_item_9_puts_a_crisis_step_first_and_keeps_the_plan()
    {
        var plan = Plan(Person(answers: new() { ["phq9"] = [0, 0, 0, 0, 0, 0, 0, 0, 1] }));
        plan.Steps[0].Category.ShouldBe("crisis");
        plan.Steps[0].Detail.ShouldContain("crisis line");
        plan.Steps.ShouldContain(s => s.Category == "education");
        plan.FollowUp.ReviewInDays.ShouldBe(1);
    }

    [Fact]
    public void Emergency_comes_before_crisis_when_both_apply()
    {
        var plan = Plan(Person(findings: ["new_bowel_incontinence"], answers: new() { ["phq9"] = [0, 0, 0, 0, 0, 0, 0, 0, 2] }));
        Ids(plan).ShouldBe(["emergency_now", "crisis_talk_today"]);
    }

    [Fact]
    public void Low_risk_gets_education_reassurance_staying_active_and_self_management()
    {
        var plan = Plan(Person(answers: new() { ["startback"] = LowRisk }));
        plan.Risk.ShouldBe("low");
        Ids(plan).ShouldContain("understand_back_pain");
        Ids(plan).ShouldContain("keep_active");
        Ids(plan).ShouldContain("self_guided_exercise");
        Ids(plan).ShouldContain("daily_check_in");
        plan.Steps.ShouldNotContain(s => s.Category == "physiotherapy");
        plan.FollowUp.ReviewInDays.ShouldBe(28);
    }

    [Fact]
    public void Medium_risk_gets_physiotherapy_led_exercise()
    {
        var plan = Plan(Person(answers: new() { ["startback"] = MediumRisk }));
        plan.Steps.Single(s => s.Category == "physiotherapy").Id.ShouldBe("physiotherapy_exercise");
        plan.Steps.Single(s => s.Id == "physiotherapy_exercise").Sources.ShouldContain("hill_2011");
        plan.FollowUp.ReviewInDays.ShouldBe(14);
    }

    [Fact]
    public void High_risk_gets_psychologically_informed_physiotherapy_or_psychological_support_without_physio()
    {
        Ids(Plan(Person(answers: new() { ["startback"] = HighRisk }))).ShouldContain("psychologically_informed_physiotherapy");
        var noPhysio = Plan(Person(answers: new() { ["startback"] = HighRisk }, physio: false));
        noPhysio.Steps.ShouldNotContain(s => s.Category == "physiotherapy");
        noPhysio.Steps.Single(s => s.Id == "psychological_support").Rule.ShouldBe("startback_high_no_physio");
    }

    [Theory]
    [InlineData("gad7", new[] { 2, 2, 2, 1, 1, 1, 1 })]
    [InlineData("phq9", new[] { 2, 2, 2, 1, 1, 1, 1, 0, 0 })]
    public void GAD7_or_PHQ9_of_10_or_more_adds_psychological_support_and_relaxation(string instrument, int[] answers)
    {
        var plan = Plan(Person(answers: new() { [instrument] = [.. answers.Select(a => (int?)a)] }));
        plan.Steps.Single(s => s.Id == "psychological_support").Rule.ShouldBe("gad7_or_phq9_at_least_10");
        var relaxation = plan.Steps.Single(s => s.Id == "relaxation_practice");
        relaxation.Schedule!.Activities.ShouldNotBeEmpty();
        EmbeddedEvidence.Default.Find(relaxation.Schedule.Activities[0].Technique).ShouldBeOfType<Technique>();
    }

    [Fact]
    public void Scores_below_10_add_no_psychological_support()
    {
        var plan = Plan(Person(answers: new() { ["gad7"] = [1, 1, 1, 1, 1, 1, 3] }));
        Ids(plan).ShouldNotContain("psychological_support");
        Ids(plan).ShouldNotContain("relaxation_practice");
    }

    [Theory]
    [InlineData(5.0, 7, true)]
    [InlineData(10.0, 7, true)]
    [InlineData(7.0, 3, true)]
    [InlineData(7.5, 6, false)]
    public void Poor_sleep_adds_a_sleep_routine(double hours, int quality, bool expected) =>
        Ids(Plan(Person(sleep: new SleepReport(hours, quality)))).Contains("improve_sleep").ShouldBe(expected);

    [Fact]
    public void Chronic_pain_adds_exercise_therapy_and_mind_body_options_by_preference()
    {
        var plan = Plan(Person(weeks: 20, activities: ["yoga", "walking"], minutes: 30));
        var exercise = plan.Steps.Single(s => s.Id == "structured_exercise_chronic");
        exercise.Schedule!.Activities.Select(a => a.Technique).ShouldBe(["gentle_yoga", "walking_programme"]);
        exercise.Schedule.MinutesPerDay.ShouldBeLessThanOrEqualTo(30);
        var mindBody = plan.Steps.Single(s => s.Id == "mind_body_option");
        mindBody.Reason.ShouldContain("yoga");
        mindBody.Schedule!.Activities.Single().Technique.ShouldBe("gentle_yoga");
        Ids(plan).ShouldNotContain("heat_for_pain");
    }

    [Fact]
    public void Exercises_fit_the_time_available()
    {
        foreach (var minutes in new[] { 5, 10, 15, 30, 60 })
        {
            var plan = Plan(Person(weeks: 2, minutes: minutes));
            plan.Steps.Single(s => s.Category == "exercise").Schedule!.MinutesPerDay.ShouldBeLessThanOrEqualTo(Math.Max(5, minutes));
        }
    }

    [Fact]
    public void Medicines_with_findings_get_a_review_with_how_soon_and_never_a_suggestion_to_start_one()
    {
        var plan = Plan(Person(medications: ["diazepam", "oxycodone"]));
        var review = plan.Steps.Single(s => s.Category == "medication_review");
        review.Reason.ShouldContain("within the next few days");
        review.Sources.ShouldContain("fda_2016_opioid_benzo");
        plan.Steps.ShouldAllBe(s => BackCare.Clinical.Evidence.Loading.TextChecks.FindMedicineInstruction(s.Detail + " " + s.Reason) == null);
        Ids(Plan(Person(medications: []))).ShouldNotContain("medication_review");
    }

    [Fact]
    public void Plans_are_deterministic_for_the_same_input()
    {
        var input = Person(weeks: 20, answers: new() { ["startback"] = HighRisk, ["gad7"] = [3, 3, 3, 3, 3, 3, 3] }, activities: ["tai_chi"], medications: ["Xanax"]);
        var a = Plan(input);
        var b = Plan(input);
        a.Steps.Select(s => s.ToString()).ShouldBe(b.Steps.Select(s => s.ToString()));
    }

    [Fact]
    public void Invalid_answers_and_codes_are_errors_naming_the_field()
    {
        var outcome = Engine.Build(Person(findings: ["wobbly"], answers: new() { ["gad7"] = [0, 9, 0, 0, 0, 0, 0], ["odi"] = [1] }));
        outcome.Plan.ShouldBeNull();
        outcome.Errors.Select(e => e.Field).ShouldBe(["findings", "answers.gad7", "answers.odi"], ignoreOrder: true);
    }

    private static readonly string[] FindingCodes = [.. EmbeddedEvidence.Default.Findings.Select(f => f.Code)];
    private static readonly string[] SelfCareCategories = ["education", "stay_active", "exercise", "relaxation", "sleep", "heat", "self_monitoring", "physiotherapy", "psychological_therapy"];

    private static Gen<PlanInput> Inputs =>
        from age in Gen.Choose(18, 90)
        from weeks in Gen.Choose(0, 60)
        from findings in Gen.SubListOf(FindingCodes)
        from startBack in Gen.Elements(LowRisk, MediumRisk, HighRisk)
        from gad in Gen.Choose(0, 3)
        from hours in Gen.Choose(3, 11)
        from activities in Gen.SubListOf("walking", "yoga", "pilates", "tai_chi", "mindfulness")
        from minutes in Gen.Choose(5, 60)
        from meds in Gen.SubListOf("diazepam", "oxycodone", "ibuprofen", "sertraline")
        select Person(age, weeks, [.. findings], new() { ["startback"] = startBack, ["gad7"] = [gad, gad, gad, gad, gad, gad, gad] },
            new SleepReport(hours, 5), [.. meds], [.. activities], minutes: minutes);

    [Property(MaxTest = 300)]
    public Property Adding_a_red_flag_never_adds_self_care_steps() =>
        Prop.ForAll(Arb.From(from input in Inputs from flag in Gen.Elements(FindingCodes) select (input, flag)), x =>
        {
            var before = Plan(x.input).Steps.Where(s => SelfCareCategories.Contains(s.Category)).Select(s => s.Id).ToHashSet();
            var after = Plan(x.input with { Findings = [.. x.input.Findings.Append(x.flag).Distinct()] }).Steps
                .Where(s => SelfCareCategories.Contains(s.Category)).Select(s => s.Id);
            return after.All(before.Contains);
        });

    [Property(MaxTest = 300)]
    public Property Every_step_has_at_least_one_known_source() =>
        Prop.ForAll(Arb.From(Inputs), input =>
            Plan(input).Steps.All(s => !s.Sources.IsEmpty && s.Sources.All(id => EmbeddedEvidence.Default.Source(id) is not null)));
}
