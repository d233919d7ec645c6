namespace BackCare.Cli.Tests;

public sealed class AssessmentCommandTests
{
    private static string External(params string[] parts) =>
        Path.Combine([BackCare.Clinical.Tests.RepoPaths.External, .. parts]);

    [Fact]
    public async Task Score_phq9_json_has_total_band_and_self_harm_flag_with_crisis_message()
    {
        var result = await CliRunner.RunAsync("score", "phq9", "--answers", "3,0,1,2,0,0,1,0,3", "--json");
        result.ExitCode.ShouldBe(0, result.Error);
        result.Json.GetProperty("instrument").GetString().ShouldBe("phq9");
        result.Json.GetProperty("score").GetDouble().ShouldBe(10);
        result.Json.GetProperty("band").GetString().ShouldBe("moderate");
        result.Json.GetProperty("selfHarmRisk").GetBoolean().ShouldBeTrue();
        result.Json.GetProperty("crisisMessage").GetString()!.ShouldContain("talk to someone today");
    }

    [Fact]
    public async Task Score_startback_json_has_psychosocial_score()
    {
        var result = await CliRunner.RunAsync("score", "startback", "--answers", "1,0,1,0,0,1,0,0,4", "--json");
        result.Json.GetProperty("score").GetDouble().ShouldBe(4);
        result.Json.GetProperty("band").GetString().ShouldBe("medium");
        result.Json.GetProperty("psychosocialScore").GetInt32().ShouldBe(2);
        result.Json.TryGetProperty("selfHarmRisk", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task Score_peg_json_is_the_unrounded_mean()
    {
        var result = await CliRunner.RunAsync("score", "peg", "--answers", "7,5,8", "--json");
        result.Json.GetProperty("score").GetDouble().ShouldBe(20.0 / 3, 1e-12);
    }

    [Theory]
    [InlineData("gad7", "0,0,4,0,0,0,0", "answers[3]", "item 3 is 4; allowed 0-3")]
    [InlineData("gad7", "0,0,x,0,0,0,0", "answers[3]", "allowed 0-3")]
    [InlineData("gad7", "0,0,0", "answers", "needs exactly 7 answers, got 3")]
    [InlineData("rmdq", "0,1", "answers", "needs exactly 24 answers")]
    public async Task Invalid_answers_exit_2_naming_the_item_and_allowed_values(string instrument, string answers, string field, string message)
    {
        var result = await CliRunner.RunAsync("score", instrument, "--answers", answers, "--json");
        result.ExitCode.ShouldBe(2);
        result.Out.ShouldBeEmpty();
        result.Error.ShouldStartWith($"error: {field}:");
        result.Error.ShouldContain(message);
    }

    [Fact]
    public async Task Unknown_instrument_exits_2_listing_the_allowed_ones()
    {
        var result = await CliRunner.RunAsync("score", "odi", "--answers", "1");
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("startback");
    }

    [Fact]
    public async Task Scoring_the_SDC_example_recomputes_10_and_warns_about_the_stated_13()
    {
        var file = External("questionnaires", "hl7-sdc-phq9", "questionnaireresponse-sdc-profile-example-PHQ9.json");
        var result = await CliRunner.RunAsync("score", "--questionnaire-response", file, "--json");
        result.ExitCode.ShouldBe(0, result.Error);
        result.Json.GetProperty("score").GetDouble().ShouldBe(10);
        result.Json.GetProperty("statedTotal").GetDouble().ShouldBe(13);
        result.Json.GetProperty("warnings")[0].GetString()!.ShouldContain("recomputed");
    }

    [Fact]
    public async Task A_QuestionnaireResponse_can_be_emitted_as_an_Observation()
    {
        var file = External("questionnaires", "hl7-sdc-phq9", "questionnaireresponse-sdc-profile-example-PHQ9.json");
        var result = await CliRunner.RunAsync("score", "--questionnaire-response", file, "--observation");
        result.ExitCode.ShouldBe(0, result.Error);
        result.Json.GetProperty("resourceType").GetString().ShouldBe("Observation");
        result.Json.GetProperty("code").GetProperty("coding")[0].GetProperty("code").GetString().ShouldBe("44261-6");
        result.Json.GetProperty("valueInteger").GetInt32().ShouldBe(10);
    }

    [Fact]
    public async Task Questionnaire_prints_a_FHIR_Questionnaire_with_LOINC_codes()
    {
        var result = await CliRunner.RunAsync("questionnaire", "gad7");
        result.ExitCode.ShouldBe(0);
        result.Json.GetProperty("resourceType").GetString().ShouldBe("Questionnaire");
        result.Json.GetProperty("code")[0].GetProperty("code").GetString().ShouldBe("69737-5");
        result.Json.GetProperty("item").GetArrayLength().ShouldBe(7);
    }

    [Fact]
    public async Task Several_input_errors_are_one_line_naming_each_field_once()
    {
        var result = await CliRunner.RunWithInputAsync("""{"age": "x"}""", "triage", "--input", "-");
        result.ExitCode.ShouldBe(ExitCodes.BadInput);
        result.Error.TrimEnd().ShouldBe("""error: age: must be a whole number, got "x"; durationDays: is required (a whole number)""");
    }

    [Fact]
    public async Task Triage_from_stdin_puts_an_emergency_first()
    {
        var input = """{"age": 54, "durationDays": 10, "findings": ["fever", "saddle_numbness"]}""";
        var json = await CliRunner.RunWithInputAsync(input, "triage", "--input", "-", "--json");
        json.ExitCode.ShouldBe(0, json.Error);
        json.Json.GetProperty("disposition").GetString().ShouldBe("emergency");
        var flags = json.Json.GetProperty("flags");
        flags[0].GetProperty("code").GetString().ShouldBe("saddle_numbness");
        flags[0].GetProperty("urgency").GetString().ShouldBe("emergency");
        flags[0].GetProperty("condition").GetString().ShouldBe("cauda_equina_syndrome");
        flags[0].GetProperty("sources").GetArrayLength().ShouldBeGreaterThan(0);
        flags[0].GetProperty("reason").GetString().ShouldNotBeNullOrWhiteSpace();

        var human = await CliRunner.RunWithInputAsync(input, "triage", "--input", "-");
        human.Out.TrimStart().ShouldStartWith("EMERGENCY");
    }

    [Fact]
    public async Task Triage_reads_a_file()
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(path, """{"age": 30, "durationDays": 3, "findings": []}""");
            var result = await CliRunner.RunAsync("triage", "--input", path, "--json");
            result.Json.GetProperty("disposition").GetString().ShouldBe("self_care");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("""{"age": 54, "durationDays": 10, "findings": ["saddle_numbness", "wobbly_knees"]}""", "findings", "wobbly_knees")]
    [InlineData("""{"age": "54", "durationDays": 10}""", "age", "whole number")]
    [InlineData("""{"age": 54, "durationDays": 10, "finding": ["saddle_numbness"]}""", "finding", "not a known field")]
    [InlineData("""{"age": 54}""", "durationDays", "required")]
    [InlineData("""not json""", "input", "not valid JSON")]
    public async Task Bad_triage_input_exits_2_naming_the_field(string input, string field, string message)
    {
        var result = await CliRunner.RunWithInputAsync(input, "triage", "--input", "-", "--json");
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldStartWith($"error: {field}");
        result.Error.ShouldContain(message);
        result.Error.Trim().Split('\n').Length.ShouldBe(1);
    }

    [Fact]
    public async Task Missing_input_file_is_bad_input()
    {
        var result = await CliRunner.RunAsync("triage", "--input", "/no/such/file.json");
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("--input");
    }
}
