namespace BackCare.Cli.Tests.Fuzzing;

/// <summary>Defects the CLI fuzzing of issue 13 §6 found (each exited 1, an internal error), shrunk to plain tests.</summary>
public sealed class FuzzFoundCliDefectTests
{
    [Theory]
    [InlineData("triage", """{"age": 40, "durationDays": 3, "findings": ["\ud800"]}""")]
    [InlineData("progress", """{"durationWeeksAtBaseline": 1, "entries": [{"date": "\ud800", "pain": 1}]}""")]
    [InlineData("plan", """{"age": 40, "durationWeeks": 1, "findings": ["\udc00x"]}""")]
    public async Task Text_that_is_not_valid_Unicode_is_bad_input_not_an_internal_error(string command, string stdin)
    {
        var result = await CliRunner.RunWithInputAsync(stdin, command, "--input", "-");
        result.ExitCode.ShouldBe(ExitCodes.BadInput, result.Error);
        result.Error.ShouldContain("--input");
    }

    [Fact]
    public async Task A_raw_unpaired_surrogate_is_bad_input()
    {
        var result = await CliRunner.RunWithInputAsync("{\"age\": \"\uD800\"}", "triage", "--input", "-");
        result.ExitCode.ShouldBe(ExitCodes.BadInput, result.Error);
        // A process reads bytes: the lone surrogate reaches it as U+FFFD (UTF-8 cannot carry it), so there the age is
        // refused as not a number; in process the string itself is refused as input that is not valid Unicode.
        result.Error.ShouldContain(CliRunner.InProcess ? "--input" : "age: must be a whole number");
    }

    [Fact]
    public async Task A_field_name_with_a_line_break_is_reported_on_one_line()
    {
        var result = await CliRunner.RunWithInputAsync("{\"a\\nb\": 1}", "triage", "--input", "-");
        result.ExitCode.ShouldBe(ExitCodes.BadInput);
        result.Error.TrimEnd().ShouldNotContain('\n');
    }

    [Fact]
    public async Task Meds_check_with_an_unpaired_surrogate_is_bad_input()
    {
        var result = await CliRunner.RunWithInputAsync("""{"medications": ["\ud83d"]}""", "meds", "check", "--input", "-");
        result.ExitCode.ShouldBe(ExitCodes.BadInput, result.Error);
    }

    [Theory]
    [InlineData("""{"resourceType": []}""")]
    [InlineData("""{"resourceType": "QuestionnaireResponse", "questionnaire": 7, "item": [1, {"linkId": []}]}""")]
    public async Task A_questionnaire_response_with_fields_of_the_wrong_type_is_bad_input(string stdin)
    {
        var result = await CliRunner.RunWithInputAsync(stdin, "score", "--questionnaire-response", "-");
        result.ExitCode.ShouldBe(ExitCodes.BadInput, result.Error);
        result.Error.Trim().ShouldNotContain('\n');
    }
}
