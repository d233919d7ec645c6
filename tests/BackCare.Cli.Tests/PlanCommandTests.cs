namespace BackCare.Cli.Tests;

public sealed class PlanCommandTests
{
    private const string Assessment = """
        {"age": 45, "durationWeeks": 16, "findings": [],
         "answers": {"startback": [1,1,1,1,1,1,0,1,3], "gad7": [2,2,2,2,1,1,1], "phq9": [1,1,2,1,1,1,1,0,0]},
         "sleep": {"hoursPerNight": 5, "quality": 3}, "medications": ["diazepam", {"name": "tramadol", "durationWeeks": 8}],
         "conditions": [], "preferences": {"activities": ["walking", "yoga"], "accessToPhysiotherapy": true, "timePerDayMinutes": 30}}
        """;

    private static string Diary(Func<int, double> pain, int days = 21)
    {
        var start = new DateOnly(2026, 10, 1);
        var entries = Enumerable.Range(0, days).Select(d =>
            $"{{\"date\": \"{start.AddDays(d):yyyy-MM-dd}\", \"pain\": {pain(d).ToString(System.Globalization.CultureInfo.InvariantCulture)}}}");
        return $"{{\"durationWeeksAtBaseline\": 2, \"entries\": [{string.Join(",", entries)}]}}";
    }

    [Fact]
    public async Task Plan_json_has_the_contract_shape_with_a_reason_and_sources_on_every_step()
    {
        var result = await CliRunner.RunWithInputAsync(Assessment, "plan", "--input", "-", "--json");
        result.ExitCode.ShouldBe(0, result.Error);
        var json = result.Json;
        json.GetProperty("disposition").GetString().ShouldBe("routine");
        json.GetProperty("risk").GetString().ShouldBe("high");
        var categories = new[] { "emergency", "urgent_care", "crisis", "education", "stay_active", "exercise", "relaxation", "sleep", "heat", "physiotherapy", "psychological_therapy", "medication_review", "self_monitoring", "clinician_review" };
        foreach (var step in json.GetProperty("steps").EnumerateArray())
        {
            categories.ShouldContain(step.GetProperty("category").GetString());
            step.GetProperty("id").GetString().ShouldNotBeNullOrEmpty();
            step.GetProperty("title").GetString().ShouldNotBeNullOrEmpty();
            step.GetProperty("detail").GetString().ShouldNotBeNullOrEmpty();
            step.GetProperty("reason").GetString().ShouldNotBeNullOrEmpty();
            step.GetProperty("sources").GetArrayLength().ShouldBeGreaterThan(0);
            step.GetProperty("rule").GetString().ShouldNotBeNullOrEmpty();
            step.TryGetProperty("schedule", out _).ShouldBeTrue();
        }

        json.GetProperty("followUp").GetProperty("reviewInDays").GetInt32().ShouldBe(14);
        json.GetProperty("followUp").GetProperty("reassessWith").EnumerateArray().Select(x => x.GetString()).ShouldContain("gad7");
        json.GetProperty("safetyNet").GetArrayLength().ShouldBeGreaterThan(0);
        json.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("category").GetString()).ShouldContain("medication_review");
    }

    [Fact]
    public async Task Plan_human_output_reads_like_a_plan()
    {
        var result = await CliRunner.RunWithInputAsync(Assessment, "plan", "--input", "-");
        result.ExitCode.ShouldBe(0, result.Error);
        result.Out.ShouldContain("Why for you:");
        result.Out.ShouldContain("Review: in 14 day(s)");
    }

    [Fact]
    public async Task An_emergency_plan_has_only_what_to_do_now()
    {
        var input = """{"age": 41, "durationWeeks": 1, "findings": ["saddle_numbness"]}""";
        var result = await CliRunner.RunWithInputAsync(input, "plan", "--input", "-", "--json");
        result.Json.GetProperty("disposition").GetString().ShouldBe("emergency");
        result.Json.GetProperty("steps").GetArrayLength().ShouldBe(1);
        result.Json.GetProperty("steps")[0].GetProperty("category").GetString().ShouldBe("emergency");
        (await CliRunner.RunWithInputAsync(input, "plan", "--input", "-")).Out.TrimStart().ShouldStartWith("EMERGENCY");
    }

    [Theory]
    [InlineData("""{"durationWeeks": 3}""", "age", "required")]
    [InlineData("""{"age": 40, "durationWeeks": 3, "answers": {"gad7": [0,0,0]}}""", "answers.gad7", "needs exactly 7")]
    [InlineData("""{"age": 40, "durationWeeks": 3, "answers": {"odi": [1]}}""", "answers.odi", "not a known field")]
    [InlineData("""{"age": 40, "durationWeeks": 3, "sleep": {"hours": 5}}""", "sleep.hours", "not a known field")]
    [InlineData("""{"age": 40, "durationWeeks": 3, "findings": ["wobbly"]}""", "findings", "wobbly")]
    public async Task Bad_plan_input_exits_2_naming_the_field(string input, string field, string message)
    {
        var result = await CliRunner.RunWithInputAsync(input, "plan", "--input", "-", "--json");
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldStartWith($"error: {field}");
        result.Error.ShouldContain(message);
    }

    [Fact]
    public async Task Progress_json_has_the_contract_shape()
    {
        var result = await CliRunner.RunWithInputAsync(Diary(d => d < 7 ? 7 : 4), "progress", "--input", "-", "--json");
        result.ExitCode.ShouldBe(0, result.Error);
        var json = result.Json;
        json.GetProperty("painChange").GetDouble().ShouldBe(-3);
        json.GetProperty("clinicallyImportantImprovement").GetBoolean().ShouldBeTrue();
        json.GetProperty("trend").GetString().ShouldBeOneOf("improving", "stable", "worsening");
        json.GetProperty("expected").GetProperty("course").GetString().ShouldBe("acute");
        json.GetProperty("onTrack").GetBoolean().ShouldBeTrue();
        json.GetProperty("escalate").GetBoolean().ShouldBeFalse();
        json.GetProperty("reasons").GetArrayLength().ShouldBeGreaterThan(0);
    }

    [Theory]
    [InlineData("""{"durationWeeksAtBaseline": 2, "entries": [{"date": "2026-13-01", "pain": 4}]}""", "entries[0].date", "YYYY-MM-DD")]
    [InlineData("""{"durationWeeksAtBaseline": 2, "entries": [{"date": "2026-10-01", "pain": 14}]}""", "entries[0].pain", "0-10")]
    [InlineData("""{"durationWeeksAtBaseline": 2, "entries": [{"date": "2026-10-01"}]}""", "entries[0].pain", "required")]
    [InlineData("""{"entries": []}""", "durationWeeksAtBaseline", "required")]
    public async Task Bad_progress_input_exits_2_naming_the_field(string input, string field, string message)
    {
        var result = await CliRunner.RunWithInputAsync(input, "progress", "--input", "-", "--json");
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldStartWith($"error: {field}");
        result.Error.ShouldContain(message);
    }

    [Fact]
    public async Task A_diary_error_names_its_field_once_under_the_option_that_gave_it()
    {
        const string diary = """{"durationWeeksAtBaseline": 2, "entries": [{"date": "2026-13-01", "pain": 4}]}""";
        var alone = await CliRunner.RunWithInputAsync(diary, "progress", "--input", "-");
        alone.ExitCode.ShouldBe(2);
        var line = alone.Error.TrimEnd();
        line.ShouldBe("error: entries[0].date: is '2026-13-01'; use a calendar date as YYYY-MM-DD");

        var plan = Path.GetTempFileName();
        var progress = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(plan, """{"age": 44, "durationWeeks": 3, "answers": {"startback": [0,0,0,0,0,0,0,0,1], "nrs": [5]}}""");
            await File.WriteAllTextAsync(progress, diary);
            var withPlan = await CliRunner.RunAsync("plan", "--input", plan, "--progress", progress);
            withPlan.ExitCode.ShouldBe(2);
            line = withPlan.Error.TrimEnd();
            line.ShouldBe("error: progress.entries[0].date: is '2026-13-01'; use a calendar date as YYYY-MM-DD");
        }
        finally
        {
            File.Delete(plan);
            File.Delete(progress);
        }
    }

    [Fact]
    public async Task Plan_with_progress_says_what_changed_and_why()
    {
        var assessment = Path.GetTempFileName();
        var diary = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(assessment, """{"age": 35, "durationWeeks": 1, "preferences": {"activities": ["walking"]}}""");
            await File.WriteAllTextAsync(diary, Diary(d => 2 + (d * 0.25)));
            var result = await CliRunner.RunAsync("plan", "--input", assessment, "--progress", diary, "--json");
            result.ExitCode.ShouldBe(0, result.Error);
            result.Json.GetProperty("progress").GetProperty("escalate").GetBoolean().ShouldBeTrue();
            var added = result.Json.GetProperty("changes").EnumerateArray().Single(c => c.GetProperty("change").GetString() == "added");
            added.GetProperty("stepId").GetString().ShouldBe("clinician_review_soon");
            added.GetProperty("reason").GetString()!.ShouldContain("out of 10");
        }
        finally
        {
            File.Delete(assessment);
            File.Delete(diary);
        }
    }
}
