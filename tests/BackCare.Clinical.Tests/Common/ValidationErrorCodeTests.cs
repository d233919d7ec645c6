using BackCare.Clinical.Assessment;
using BackCare.Clinical.CarePlans;
using BackCare.Clinical.Common;
using BackCare.Clinical.Evidence;
using BackCare.Clinical.Medications;
using BackCare.Clinical.Triage;
using Shouldly;

namespace BackCare.Clinical.Tests.Common;

/// <summary>
/// Every reader and engine reports bad input in the one <see cref="ValidationError"/> shape, with a code a screen can
/// branch on; the web chooses its wording from the code, never from the message text (issue 12).
/// </summary>
public sealed class ValidationErrorCodeTests
{
    private static readonly EvidenceBase Evidence = EmbeddedEvidence.Default;

    [Fact]
    public void A_missing_answer_is_required_and_an_impossible_one_is_out_of_range_with_the_item_number()
    {
        var gad7 = Evidence.Instrument("gad7")!;
        var errors = InstrumentScorer.Score(gad7, new int?[] { 1, null, 1, 9, 1, 1, 1 }).Errors;
        errors.Select(e => (e.Field, e.Code, e.Item)).ShouldBe([
            ("answers[2]", ValidationCodes.Required, (int?)2),
            ("answers[4]", ValidationCodes.OutOfRange, (int?)4),
        ]);
        InstrumentScorer.Score(gad7, new int?[] { 1, 1 }).Errors.Single().Code.ShouldBe(ValidationCodes.Invalid);
    }

    [Theory]
    [InlineData("{\"age\": 40, \"durationWeeks\": 2, \"colour\": 1}", "colour", ValidationCodes.Unknown)]
    [InlineData("{\"durationWeeks\": 2}", "age", ValidationCodes.Required)]
    [InlineData("{\"age\": \"forty\", \"durationWeeks\": 2}", "age", ValidationCodes.Invalid)]
    [InlineData("{\"age\": 40", "input", ValidationCodes.NotJson)]
    public void Plan_input_errors_carry_the_field_and_code(string json, string field, string code)
    {
        var (input, errors) = PlanInputJson.ParsePlan(json);
        input.ShouldBeNull();
        errors.ShouldContain(e => e.Field == field && e.Code == code);
    }

    [Fact]
    public void Engines_report_range_and_unknown_codes_in_the_same_shape()
    {
        TriageEngine.Evaluate(Evidence, new TriageInput(200, 3, ["no_such_finding"])).Errors
            .Select(e => (e.Field, e.Code)).ShouldBe([("age", ValidationCodes.OutOfRange), ("findings", ValidationCodes.Unknown)]);
        var checker = new MedicationChecker(Evidence, new MedicationRecognizer(Evidence));
        checker.Validate(new MedicationCheckInput(40, null, false, false, false, null, ["no_such_condition"], [])).Single()
            .Code.ShouldBe(ValidationCodes.Unknown);
    }
}
