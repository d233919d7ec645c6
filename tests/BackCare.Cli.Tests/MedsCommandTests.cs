namespace BackCare.Cli.Tests;

public sealed class MedsCommandTests
{
    private const string IssueExample = """
        {"age": 72, "sex": "female", "pregnant": false, "breastfeeding": false, "alcohol": true,
         "indication": "low_back_pain", "conditions": ["sleep_apnea"],
         "medications": ["Xanax 0.5mg", {"name": "oxycodone", "durationWeeks": 6}]}
        """;

    [Fact]
    public async Task Check_json_has_recognised_medications_and_sorted_cited_findings()
    {
        var result = await CliRunner.RunWithInputAsync(IssueExample, "meds", "check", "--input", "-", "--json");
        result.ExitCode.ShouldBe(0, result.Error);
        var meds = result.Json.GetProperty("medications");
        meds[0].GetProperty("input").GetString().ShouldBe("Xanax 0.5mg");
        meds[0].GetProperty("ingredient").GetString().ShouldBe("alprazolam");
        meds[0].GetProperty("match").GetString().ShouldBe("brand");
        meds[0].GetProperty("classes").EnumerateArray().Select(c => c.GetString()).ShouldContain("benzodiazepine");
        meds[1].GetProperty("durationWeeks").GetInt32().ShouldBe(6);

        var findings = result.Json.GetProperty("findings").EnumerateArray().ToList();
        var kinds = new[] { "interaction", "contraindication", "duplication", "duration", "beers", "pregnancy", "lactation", "boxed_warning", "guideline", "unrecognized" };
        var severities = new[] { "critical", "major", "moderate", "minor", "info" };
        foreach (var f in findings)
        {
            kinds.ShouldContain(f.GetProperty("kind").GetString());
            severities.ShouldContain(f.GetProperty("severity").GetString());
            f.GetProperty("summary").GetString().ShouldNotBeNullOrWhiteSpace();
            f.GetProperty("advice").GetString().ShouldNotBeNullOrWhiteSpace();
            f.GetProperty("sources").GetArrayLength().ShouldBeGreaterThan(0);
        }

        findings.Select(f => Array.IndexOf(severities, f.GetProperty("severity").GetString())).ShouldBeInOrder(SortDirection.Ascending);
        var opioidBenzo = findings.Single(f => f.GetProperty("rule").GetString() == "opioid_benzodiazepine");
        opioidBenzo.GetProperty("drugs").EnumerateArray().Select(d => d.GetString()).ShouldBe(["alprazolam", "oxycodone"]);
        findings.ShouldContain(f => f.GetProperty("rule").GetString() == "sedative_alcohol"
            && f.GetProperty("drugs").EnumerateArray().Any(d => d.GetString() == "alcohol"));
    }

    [Fact]
    public async Task Check_human_output_lists_entries_and_what_to_do()
    {
        var result = await CliRunner.RunWithInputAsync(IssueExample, "meds", "check", "--input", "-");
        result.ExitCode.ShouldBe(0);
        result.Out.ShouldContain("alprazolam");
        result.Out.ShouldContain("What to do:");
        result.Out.ShouldContain("MAJOR");
    }

    [Theory]
    [InlineData("""{"conditions": ["hiccups"], "medications": ["diazepam"]}""", "conditions[0]", "hiccups")]
    [InlineData("""{"medications": "diazepam"}""", "medications", "list")]
    [InlineData("""{"age": "old", "medications": []}""", "age", "whole number")]
    [InlineData("""{"pregnant": "yes", "medications": []}""", "pregnant", "true or false")]
    [InlineData("""{"medications": [{"name": "diazepam", "weeks": 3}]}""", "medications[0].weeks", "not a known field")]
    [InlineData("""{"medications": [{"name": "diazepam", "durationWeeks": "3"}]}""", "medications[0].durationWeeks", "whole number")]
    [InlineData("""{"indication": "migraine", "medications": []}""", "indication", "low_back_pain")]
    [InlineData("""{"age": 50}""", "medications", "required")]
    public async Task Bad_input_exits_2_naming_the_field(string input, string field, string message)
    {
        var result = await CliRunner.RunWithInputAsync(input, "meds", "check", "--input", "-", "--json");
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldStartWith($"error: {field}");
        result.Error.ShouldContain(message);
        result.Out.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("Siazepam", "diazepam", "fuzzy")]
    [InlineData("OXYCONTIN 10mg", "oxycodone", "brand")]
    [InlineData("1049502", "oxycodone", "code")]
    [InlineData("frobnitol", null, "none")]
    public async Task Lookup_reports_the_ingredient_and_how_it_matched(string name, string? ingredient, string match)
    {
        var result = await CliRunner.RunAsync("meds", "lookup", name, "--json");
        result.ExitCode.ShouldBe(0);
        result.Json.GetProperty("match").GetString().ShouldBe(match);
        if (ingredient is null) result.Json.GetProperty("ingredient").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        else result.Json.GetProperty("ingredient").GetString().ShouldBe(ingredient);
        if (match == "fuzzy") result.Json.GetProperty("didYouMean").GetString().ShouldBe("diazepam");
    }
}
