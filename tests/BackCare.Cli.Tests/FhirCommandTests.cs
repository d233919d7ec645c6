namespace BackCare.Cli.Tests;

/// <summary><c>backcare fhir validate FILE</c>: the Firely validator on demand (docs/adr/0014).</summary>
public sealed class FhirCommandTests
{
    private static string R4(params string[] parts) => Path.Combine([Clinical.Tests.RepoPaths.External, "fhir-r4", .. parts]);

    [Fact]
    public async Task A_valid_official_example_exits_0_and_says_valid()
    {
        var result = await CliRunner.RunAsync("fhir", "validate", R4("official-examples-via-fhir-test-cases", "patient-example.json"));
        result.ExitCode.ShouldBe(0, result.Error);
        result.Out.ShouldContain("valid: Patient has no errors");
    }

    [Fact]
    public async Task A_resource_missing_a_required_element_exits_2_and_json_lists_the_issue()
    {
        var result = await CliRunner.RunAsync("fhir", "validate", R4("fhir-test-cases-validator", "Observation-ex-pain.json"), "--json");
        result.ExitCode.ShouldBe(2);
        result.Json.GetProperty("valid").GetBoolean().ShouldBeFalse();
        result.Json.GetProperty("errors").GetInt32().ShouldBeGreaterThan(0);
        result.Json.GetProperty("issues").EnumerateArray().ShouldContain(i => i.GetProperty("message").GetString()!.Contains(".code' with minimum cardinality 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task What_BackCare_emits_validates_through_the_command()
    {
        var questionnaire = await CliRunner.RunAsync("questionnaire", "phq9");
        var result = await CliRunner.RunWithInputAsync(questionnaire.Out, "fhir", "validate", "-", "--json");
        result.ExitCode.ShouldBe(0, result.Out);
        result.Json.GetProperty("resource_type").GetString().ShouldBe("Questionnaire");
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("{\"resourceType\": \"Frobnitz\"}")]
    [InlineData("[]")]
    public async Task Input_that_is_not_a_FHIR_resource_exits_2_without_a_crash(string text)
    {
        var result = await CliRunner.RunWithInputAsync(text, "fhir", "validate", "-", "--json");
        result.ExitCode.ShouldBe(2);
        result.Json.GetProperty("valid").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task A_missing_file_is_bad_input()
    {
        var result = await CliRunner.RunAsync("fhir", "validate", "/nonexistent/file.json");
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldNotBeEmpty();
    }
}
