using BackCare.Clinical.Assessment;
using BackCare.Clinical.CarePlans;
using BackCare.Clinical.Common;
using BackCare.Clinical.Evidence;
using BackCare.Clinical.Medications;
using Shouldly;

namespace BackCare.Clinical.Tests.Assessment;

/// <summary>The typed assessment (issue 12): one document form, one merge, versioned, and a clear error for what it cannot read.</summary>
public sealed class AssessmentDocumentTests
{
    private static string Golden => Path.Combine(RepoPaths.Root, "tests", "BackCare.Clinical.Tests", "CarePlans", "golden");

    public static TheoryData<string> GoldenInputs() => [.. Directory.GetFiles(Golden, "*.input.json").Select(f => Path.GetFileName(f)!).Order()];

    [Theory]
    [MemberData(nameof(GoldenInputs))]
    public void Every_golden_plan_input_reads_as_an_assessment_and_writes_back_to_the_same_assessment(string file)
    {
        var (assessment, errors) = AssessmentDocument.Parse(File.ReadAllText(Path.Combine(Golden, file)));
        errors.ShouldBeEmpty();
        var json = AssessmentDocument.ToJson(assessment!);
        json.ShouldStartWith("{\"version\":1");
        var (again, _) = AssessmentDocument.Parse(json);
        again.ShouldBe(assessment);
        AssessmentDocument.ToJson(again!).ShouldBe(json);

        // The plan from the stored form is the plan from the original input.
        var engine = new CarePlanEngine(EmbeddedEvidence.Default, new MedicationChecker(EmbeddedEvidence.Default, new MedicationRecognizer(EmbeddedEvidence.Default)));
        var fromInput = engine.Build(PlanInputJson.ParsePlan(File.ReadAllText(Path.Combine(Golden, file))).Input!).Plan;
        var fromStored = engine.Build(again!.ToPlanInput()!).Plan;
        PlanSnapshot.Take(fromStored!, EmbeddedEvidence.Default, "v", new DateOnly(2026, 1, 1)).ToJson()
            .ShouldBe(PlanSnapshot.Take(fromInput!, EmbeddedEvidence.Default, "v", new DateOnly(2026, 1, 1)).ToJson());
    }

    [Theory]
    [InlineData("{\"version\": 2, \"age\": 40}", "version", ValidationCodes.Unsupported)]
    [InlineData("{\"version\": \"1\"}", "version", ValidationCodes.Unsupported)]
    [InlineData("[1, 2]", "", ValidationCodes.Invalid)]
    [InlineData("not json", "input", ValidationCodes.NotJson)]
    [InlineData("{\"age\": 40, \"answers\": {\"phq9\": \"lots\"}}", "answers.phq9", ValidationCodes.Invalid)]
    public void A_document_it_cannot_read_is_a_clear_error(string json, string field, string code)
    {
        var (assessment, errors) = AssessmentDocument.Parse(json);
        assessment.ShouldBeNull();
        errors.ShouldContain(e => e.Field == field && e.Code == code);
    }

    [Fact]
    public void A_document_saved_before_versions_existed_reads_as_version_1()
    {
        var (assessment, errors) = AssessmentDocument.Parse("{\"age\": 51, \"findings\": [], \"answers\": {\"nrs\": [6]}, \"medications\": [\"Xanax\"]}");
        errors.ShouldBeEmpty();
        assessment!.Age.ShouldBe(51);
        assessment.DurationWeeks.ShouldBeNull();
        assessment.ToPlanInput().ShouldBeNull();
        assessment.Medications.Single().Name.ShouldBe("Xanax");
    }

    [Fact]
    public void A_screen_replaces_only_what_it_asks()
    {
        var saved = AssessmentDocument.Parse("{\"age\": 60, \"durationWeeks\": 3, \"findings\": [\"fever\"], \"answers\": {\"nrs\": [7], \"peg\": [7,7,7], \"rmdq\": [1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0], \"gad7\": [1,1,1,1,1,1,1]}, \"alcohol\": true}").Assessment!;

        var pain = AssessmentSteps.Merge(saved, "pain", AssessmentV1.Empty with { Answers = saved.Answers.Clear().Add("nrs", [3]).Add("peg", [3, 3, 3]) });
        pain.AnswersTo("nrs").ShouldBe([3]);
        pain.AnswersTo("rmdq").ShouldBeNull(); // the optional questionnaire left out is removed
        pain.AnswersTo("gad7").ShouldBe(saved.AnswersTo("gad7")); // another screen's answers stay
        pain.Findings.ShouldBe(["fever"]);
        pain.Alcohol.ShouldBe(true);

        var flags = AssessmentSteps.Merge(saved, AssessmentSteps.RedFlags, AssessmentV1.Empty with { Age = 61, DurationWeeks = 4 });
        (flags.Age, flags.DurationWeeks, flags.Findings.Length).ShouldBe((61, 4, 0));
        flags.Answers.ShouldBe(saved.Answers);

        Should.Throw<ArgumentOutOfRangeException>(() => AssessmentSteps.Merge(saved, "nonsense", AssessmentV1.Empty));
    }

    [Fact]
    public void A_reassessment_carries_forward_only_what_rarely_changes()
    {
        var saved = AssessmentDocument.Parse("{\"age\": 60, \"durationWeeks\": 3, \"findings\": [\"fever\"], \"answers\": {\"nrs\": [7]}, \"sleep\": {\"quality\": 3}, \"medications\": [\"ibuprofen\"], \"pregnant\": false, \"preferences\": {\"activities\": [\"walking\"]}}").Assessment!;
        var carried = saved.CarriedForward();
        (carried.Age, carried.DurationWeeks, carried.Sleep, carried.Answers.Count, carried.Findings.Length).ShouldBe((60, (int?)null, (SleepReport?)null, 0, 0));
        carried.Medications.Single().Name.ShouldBe("ibuprofen");
        carried.Preferences!.Activities.ShouldBe(["walking"]);
        carried.Pregnant.ShouldBe(false);
    }

    [Fact]
    public void Item_9_of_PHQ9_above_zero_is_seen_on_the_typed_assessment()
    {
        AssessmentDocument.Parse("{\"answers\": {\"phq9\": [0,0,0,0,0,0,0,0,1]}}").Assessment!.SelfHarmThoughts.ShouldBeTrue();
        AssessmentDocument.Parse("{\"answers\": {\"phq9\": [3,3,3,3,3,3,3,3,0]}}").Assessment!.SelfHarmThoughts.ShouldBeFalse();
    }
}
