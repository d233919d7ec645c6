using System.Text.Json;

namespace BackCare.Cli.Tests;

public sealed class EvidenceCommandTests
{
    [Fact]
    public async Task Validate_passes_on_the_built_in_evidence_base()
    {
        var result = await CliRunner.RunAsync("evidence", "validate", "--json");
        result.ExitCode.ShouldBe(0, result.Error);
        result.Json.GetProperty("valid").GetBoolean().ShouldBeTrue();
        result.Json.GetProperty("counts").GetProperty("drugs").GetInt32().ShouldBeGreaterThanOrEqualTo(60);
        result.Json.GetProperty("counts").GetProperty("sources").GetInt32().ShouldBeGreaterThanOrEqualTo(40);
    }

    [Fact]
    public async Task Validate_reports_file_and_line_for_a_broken_folder_and_exits_2()
    {
        var folder = Directory.CreateTempSubdirectory("backcare-evidence-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "sources.yaml"), """
                sources:
                  - id: only_source
                    kind: rct
                    authors: Doe J
                    title: T
                    container: J
                    year: 2020
                    check: verified
                classes:
                  - id: some_class
                    name: Some
                    summary: {text: "Take 10 mg daily.", sources: [missing_source]}
                """);
            var result = await CliRunner.RunAsync("evidence", "validate", "--data", folder, "--json");
            result.ExitCode.ShouldBe(2);
            var messages = result.Json.GetProperty("problems").EnumerateArray()
                .Select(p => $"{p.GetProperty("line").GetInt32()}: {p.GetProperty("message").GetString()}").ToList();
            messages.ShouldContain(m => m.StartsWith("12:", StringComparison.Ordinal) && m.Contains("never gives doses"));
            messages.ShouldContain(m => m.Contains("unknown source 'missing_source'"));
            messages.ShouldContain(m => m.Contains("'only_source' is not cited"));
            result.Error.ShouldContain("problem(s) found");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Show_diazepam_json_includes_Friedman_2017_and_what_it_found()
    {
        var result = await CliRunner.RunAsync("evidence", "show", "diazepam", "--json");
        result.ExitCode.ShouldBe(0, result.Error);
        var json = result.Json;
        json.GetProperty("kind").GetString().ShouldBe("drug");
        var friedman = json.GetProperty("sources").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "friedman_2017");
        friedman.GetProperty("pmid").GetString().ShouldBe("28187918");
        var finding = json.GetProperty("backPain").EnumerateArray()
            .Single(s => s.GetProperty("sources").EnumerateArray().Any(x => x.GetString() == "friedman_2017"));
        finding.GetProperty("text").GetString()!.ShouldContain("no extra benefit");
        json.GetProperty("boxedWarnings").GetArrayLength().ShouldBeGreaterThanOrEqualTo(2);
        json.GetProperty("interactions").EnumerateArray().Select(i => i.GetProperty("id").GetString()).ShouldContain("opioid_benzodiazepine");
    }

    [Fact]
    public async Task Show_alprazolam_says_no_trial_in_back_pain_was_found()
    {
        var result = await CliRunner.RunAsync("evidence", "show", "alprazolam");
        result.ExitCode.ShouldBe(0, result.Error);
        result.Out.ReplaceLineEndings(" ").ShouldContain("No randomised trial of alprazolam for back pain was found");
    }

    [Fact]
    public async Task Show_accepts_a_brand_name()
    {
        var result = await CliRunner.RunAsync("evidence", "show", "Xanax", "--json");
        result.Json.GetProperty("id").GetString().ShouldBe("alprazolam");
    }

    [Fact]
    public async Task Show_of_an_unknown_id_exits_2_with_a_suggestion()
    {
        var result = await CliRunner.RunAsync("evidence", "show", "diazepan");
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("did you mean 'diazepam'");
        result.Out.ShouldBeEmpty();
    }

    [Fact]
    public async Task Show_renders_every_kind_of_record_as_json()
    {
        foreach (var id in new[] { "cbt", "box_breathing", "expected_recovery", "myth_xanax_relaxes_muscles", "opioid_benzodiazepine", "benzodiazepine", "costa_2012" })
        {
            var result = await CliRunner.RunAsync("evidence", "show", id, "--json");
            result.ExitCode.ShouldBe(0, $"{id}: {result.Error}");
            result.Json.GetProperty("kind").GetString().ShouldNotBeNullOrEmpty();
        }
    }

    [Fact]
    public async Task Search_finds_statements_and_names()
    {
        var result = await CliRunner.RunAsync("evidence", "search", "sciatica benzodiazepines", "--json");
        result.ExitCode.ShouldBe(0);
        var ids = result.Json.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
        ids.ShouldContain("benzodiazepine");

        var brand = await CliRunner.RunAsync("evidence", "search", "Valium", "--json");
        brand.Json.GetProperty("results")[0].GetProperty("id").GetString().ShouldBe("diazepam");
    }

    [Fact]
    public async Task Drugs_lists_every_drug_with_its_rxnorm_check()
    {
        var result = await CliRunner.RunAsync("evidence", "drugs", "--json");
        result.ExitCode.ShouldBe(0);
        var drugs = result.Json.GetProperty("drugs").EnumerateArray().ToList();
        drugs.Count.ShouldBeGreaterThanOrEqualTo(60);
        var aspirin = drugs.Single(d => d.GetProperty("id").GetString() == "aspirin");
        aspirin.GetProperty("rxnorm").GetProperty("verified").GetBoolean().ShouldBeTrue();
        var alprazolam = drugs.Single(d => d.GetProperty("id").GetString() == "alprazolam");
        alprazolam.GetProperty("rxnorm").GetProperty("verified").GetBoolean().ShouldBeFalse();

        var human = await CliRunner.RunAsync("evidence", "drugs");
        human.Out.ShouldContain("alprazolam");
        human.Out.ShouldContain("(unverified)");
    }
}
