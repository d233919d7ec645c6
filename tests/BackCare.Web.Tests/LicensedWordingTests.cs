using System.Net;
using BackCare.Clinical.Evidence;
using BackCare.Web.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace BackCare.Web.Tests;

/// <summary>
/// Deployment-supplied questionnaire wording (BackCare:LicensedWording). The statements here are made up
/// for the test; BackCare never ships the licensed Roland-Morris wording.
/// </summary>
public sealed class LicensedWordingTests : IDisposable
{
    private const string Notice = "Test wording, licensed for this test deployment only.";

    private readonly string _folder = Directory.CreateTempSubdirectory("backcare-wording-").FullName;

    private string WordingFile(int statements, string? extraLine = null)
    {
        var lines = new List<string> { "# statements, one per line", "" };
        lines.AddRange(Enumerable.Range(1, statements).Select(n => $"Test statement number {n}"));
        if (extraLine is not null) lines.Add(extraLine);
        var path = Path.Combine(_folder, $"rmdq-{Guid.NewGuid():N}.txt");
        File.WriteAllLines(path, lines);
        return path;
    }

    private static LicensedWording Load(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        return LicensedWording.Load(configuration, EmbeddedEvidence.Default, "/");
    }

    [Fact]
    public void A_well_formed_file_supplies_each_statement_in_order_and_the_notice()
    {
        var wording = Load(("BackCare:LicensedWording:rmdq:File", WordingFile(24)), ("BackCare:LicensedWording:rmdq:Notice", Notice));
        wording.Has("rmdq").ShouldBeTrue();
        wording.Has("peg").ShouldBeFalse();
        wording.ItemText("rmdq", 1).ShouldBe("Test statement number 1");
        wording.ItemText("rmdq", 24).ShouldBe("Test statement number 24");
        wording.ItemText("rmdq", 25).ShouldBeNull();
        wording.Notice("rmdq").ShouldBe(Notice);
    }

    [Fact]
    public void No_setting_means_no_wording()
    {
        var wording = Load();
        wording.Has("rmdq").ShouldBeFalse();
        wording.ItemText("rmdq", 1).ShouldBeNull();
        wording.Notice("rmdq").ShouldBeNull();
    }

    [Theory]
    [InlineData(23, "has 23 statements")]
    [InlineData(25, "has 25 statements")]
    public void A_file_with_the_wrong_number_of_statements_is_refused_with_the_counts(int statements, string expected)
    {
        var file = WordingFile(statements);
        var error = Should.Throw<InvalidOperationException>(() =>
            Load(("BackCare:LicensedWording:rmdq:File", file), ("BackCare:LicensedWording:rmdq:Notice", Notice)));
        error.Message.ShouldContain(expected);
        error.Message.ShouldContain("has 24");
        error.Message.ShouldContain(file);
    }

    [Fact]
    public void An_overlong_statement_is_refused_with_its_line_number()
    {
        var file = WordingFile(24, new string('x', 401));
        var error = Should.Throw<InvalidOperationException>(() =>
            Load(("BackCare:LicensedWording:rmdq:File", file), ("BackCare:LicensedWording:rmdq:Notice", Notice)));
        error.Message.ShouldContain($"{file}:27:");
    }

    [Theory]
    [InlineData("nosuch", "File", "x.txt", "no questionnaire has the id 'nosuch'")]
    [InlineData("phq9", "File", "x.txt", "already shows the wording")]
    [InlineData("rmdq", "Notice", "only a notice", "rmdq:File is required")]
    public void Bad_settings_are_refused_with_the_setting_named(string instrument, string key, string value, string expected)
    {
        var error = Should.Throw<InvalidOperationException>(() => Load(($"BackCare:LicensedWording:{instrument}:{key}", value)));
        error.Message.ShouldContain(expected);
    }

    [Fact]
    public void A_missing_notice_or_file_is_refused()
    {
        Should.Throw<InvalidOperationException>(() => Load(("BackCare:LicensedWording:rmdq:File", WordingFile(24))))
            .Message.ShouldContain("rmdq:Notice is required");
        Should.Throw<InvalidOperationException>(() => Load(
                ("BackCare:LicensedWording:rmdq:File", Path.Combine(_folder, "absent.txt")), ("BackCare:LicensedWording:rmdq:Notice", Notice)))
            .Message.ShouldContain("does not exist");
    }

    [Fact]
    public async Task Without_licensed_wording_the_assessment_does_not_offer_Roland_Morris_and_ignores_its_fields()
    {
        await using var factory = new BackCareWebFactory(Path.Combine(_folder, "db-none"));
        var web = factory.Session();
        await web.RegisterAsync("no-rmdq@example.com");
        await AssessmentSteps.RedFlagsAndStartBackAsync(web);
        var (_, html) = await web.GetAsync("/Assessment");
        html.ShouldNotContain("Roland-Morris questionnaire");
        await AssessmentSteps.PostAsync(web, "pain", [.. AssessmentSteps.Instrument("nrs", "5"), .. AssessmentSteps.Instrument("peg", "5", "5", "5"), ("rmdq_1", "1")]);
        await AssessmentSteps.RestAsync(web);
        var (_, plan) = await web.GetAsync("/Plan");
        plan.ShouldContain("Your answers in numbers");
        plan.ShouldNotContain("Roland-Morris Disability Questionnaire");
    }

    [Fact]
    public async Task With_licensed_wording_Roland_Morris_is_offered_scored_and_shown_with_the_plan()
    {
        await using var factory = new BackCareWebFactory(Path.Combine(_folder, "db-rmdq"), new Dictionary<string, string>
        {
            ["BackCare:LicensedWording:rmdq:File"] = WordingFile(24),
            ["BackCare:LicensedWording:rmdq:Notice"] = Notice,
        });
        var web = factory.Session();
        await web.RegisterAsync("rmdq@example.com");
        await AssessmentSteps.RedFlagsAndStartBackAsync(web);
        var (_, html) = await web.GetAsync("/Assessment");
        html.ShouldContain("Roland-Morris questionnaire");
        html.ShouldContain("Test statement number 17");
        html.ShouldContain(Notice);

        // Ticking statements and "none of these" together is refused, and the ticks are kept for the correction.
        List<(string, string)> pain = [.. AssessmentSteps.Instrument("nrs", "5"), .. AssessmentSteps.Instrument("peg", "5", "5", "5")];
        var both = await web.PostFormAsync("/Assessment", [.. pain, ("rmdq_2", "1"), ("rmdq_none", "yes"), ("step", "pain")]);
        both.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var page = await both.Content.ReadAsStringAsync();
        page.ShouldContain("Untick one of them");
        page.ShouldContain("id=\"rmdq_2\" name=\"rmdq_2\" value=\"1\" checked=\"checked\"");

        await AssessmentSteps.PostAsync(web, "pain", [.. pain, ("rmdq_2", "1"), ("rmdq_5", "1"), ("rmdq_24", "1")]);
        await AssessmentSteps.RestAsync(web);
        var (_, plan) = await web.GetAsync("/Plan");
        plan.ShouldContain("Roland-Morris Disability Questionnaire (24-item)");
        plan.ShouldContain("3 of 24");
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
