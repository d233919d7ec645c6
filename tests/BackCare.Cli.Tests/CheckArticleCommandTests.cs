namespace BackCare.Cli.Tests;

public sealed class CheckArticleCommandTests
{
    private const string DiazepamArticle = """
        # Diazepam for back pain
        Diazepam is an effective medication for low back pain.
        Diazepam helps you sleep despite the pain.
        Diazepam 10 mg relieves back pain within an hour.
        """;

    [Fact]
    public async Task Json_has_the_issue_shape_with_a_cited_contradiction_and_what_was_left_out()
    {
        var result = await CliRunner.RunWithInputAsync(DiazepamArticle, "check-article", "--input", "-", "--json");
        result.ExitCode.ShouldBe(0, result.Error);
        var json = result.Json;
        json.GetProperty("title").GetString().ShouldBe("Diazepam for back pain");
        var claims = json.GetProperty("claims").EnumerateArray().ToList();
        var efficacy = claims.Single(c => c.GetProperty("text").GetString() == "Diazepam is an effective medication for low back pain.");
        efficacy.GetProperty("verdict").GetString().ShouldBe("contradicted");
        efficacy.GetProperty("subject").GetProperty("kind").GetString().ShouldBe("drug");
        efficacy.GetProperty("subject").GetProperty("id").GetString().ShouldBe("diazepam");
        efficacy.GetProperty("outcome").GetString().ShouldBe("back_pain");
        efficacy.GetProperty("direction").GetString().ShouldBe("helps");
        efficacy.GetProperty("strength").GetString().ShouldBe("absolute");
        efficacy.GetProperty("confidence").GetDouble().ShouldBeInRange(0.0, 1.0);
        efficacy.GetProperty("rule").GetString().ShouldBe("direction_mismatch");
        efficacy.GetProperty("explanation").GetString()!.ShouldContain("Friedman 2017");
        efficacy.GetProperty("evidence")[0].GetProperty("sources").EnumerateArray().Select(s => s.GetString()).ShouldContain("friedman_2017");
        var start = efficacy.GetProperty("start").GetInt32();
        var end = efficacy.GetProperty("end").GetInt32();
        (end - start).ShouldBe("Diazepam is an effective medication for low back pain.".Length);

        claims.Single(c => c.GetProperty("outcome").GetString() == "sleep").GetProperty("verdict").GetString().ShouldBe("unsupported");
        var omissions = json.GetProperty("omissions").EnumerateArray().ToList();
        omissions.ShouldContain(o => o.GetProperty("drug").GetString() == "diazepam" && o.GetProperty("kind").GetString() == "opioid_co_use");
        omissions.ShouldContain(o => o.GetProperty("kind").GetString() == "dependence_withdrawal");
        omissions.ShouldAllBe(o => o.GetProperty("sources").GetArrayLength() > 0);
        json.GetProperty("medicationCheck").GetProperty("findings").GetArrayLength().ShouldBeGreaterThan(0);
        json.GetProperty("counts").GetProperty("contradicted").GetInt32().ShouldBe(2);
        claims.ShouldContain(c => c.GetProperty("text").GetString() == "Diazepam [dose not shown] relieves back pain within an hour.");
        json.GetProperty("advice").GetString()!.ShouldContain("prescriber");
        result.Out.ShouldNotMatch(@"\d+\s?mg\b");
    }

    [Fact]
    public async Task Html_is_reduced_to_the_article_text_with_scripts_and_navigation_dropped()
    {
        const string html = """
            <html><head><title>Back pain advice</title><script>var claim = "Xanax is not addictive";</script></head>
            <body><nav><a href="/">Diazepam cures back pain</a></nav>
            <article><h1>Back pain advice</h1>
            <p>Staying active helps you recover from back pain faster than bed rest.</p>
            <p>Paracetamol on its own is not recommended for low back pain; guidelines suggest other options first.</p>
            </article></body></html>
            """;
        var result = await CliRunner.RunWithInputAsync(html, "check-article", "--input", "-", "--json");
        result.ExitCode.ShouldBe(0, result.Error);
        var texts = result.Json.GetProperty("claims").EnumerateArray().Select(c => c.GetProperty("text").GetString()).ToList();
        texts.ShouldNotContain(t => t!.Contains("addictive") || t.Contains("cures"));
        texts.ShouldContain(t => t!.StartsWith("Staying active", StringComparison.Ordinal));
        result.Json.GetProperty("counts").GetProperty("contradicted").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task Human_output_gives_the_summary_line_then_the_table()
    {
        var result = await CliRunner.RunWithInputAsync(DiazepamArticle, "check-article", "--input", "-");
        result.ExitCode.ShouldBe(0, result.Error);
        result.Out.ShouldContain("2 contradicted by the evidence");
        result.Out.ShouldNotContain("10 mg");
        result.Out.ShouldContain("What the article left out");
        result.Out.ShouldContain("prescriber");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n  ")]
    public async Task Empty_input_is_bad_input_with_exit_2(string stdin)
    {
        var result = await CliRunner.RunWithInputAsync(stdin, "check-article", "--input", "-");
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("--input");
        result.Error.Trim().Split('\n').Length.ShouldBe(1);
    }

    [Fact]
    public async Task A_missing_file_and_an_oversized_article_are_bad_input()
    {
        (await CliRunner.RunAsync("check-article", "--input", "/no/such/file.txt")).ExitCode.ShouldBe(2);
        var huge = await CliRunner.RunWithInputAsync(new string('a', 200_001), "check-article", "--input", "-");
        huge.ExitCode.ShouldBe(2);
        huge.Error.ShouldContain("limit");
    }
}

public sealed class ClaimEvidenceShowTests
{
    [Theory]
    [InlineData("claim_diazepam_pain", "claim")]
    [InlineData("posture", "claim_topic")]
    public async Task Claim_statements_and_topics_show_like_every_other_record(string id, string kind)
    {
        var result = await CliRunner.RunAsync("evidence", "show", id, "--json");
        result.ExitCode.ShouldBe(0, result.Error);
        result.Json.GetProperty("kind").GetString().ShouldBe(kind);
        result.Json.GetProperty("id").GetString().ShouldBe(id);
    }
}
