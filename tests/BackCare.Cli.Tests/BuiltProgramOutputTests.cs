namespace BackCare.Cli.Tests;

/// <summary>
/// The program a user runs prints what the CLI prints in process, byte for byte: each native command whose output
/// depends only on its input (not on the clock, a new key or a file it writes), human and JSON, with the article
/// fixtures and some errors. The native program is trimmed: CliJson writes output by reflecting over properties, and
/// code that only the JIT companion may run is left out of it (JitOnlyCommand.NotInNativeProcess). A property or a
/// branch lost that way shows here as a difference. The program is the one the suite runs against (BACKCARE_CLI:
/// test.sh passes the native publish), else the Release build beside the sources. The commands left out here (backup,
/// restore, cds keygen and token) are checked against the native program by their own tests under BACKCARE_CLI.
/// </summary>
public sealed class BuiltProgramOutputTests : IDisposable
{
    private static string Fixture(params string[] parts) => Path.Combine([Clinical.Tests.RepoPaths.Root, .. parts]);

    private static string Program => CliRunner.BinaryPath ?? CliRunner.ReleaseProgram;

    private readonly string _folder = Directory.CreateTempSubdirectory("backcare-output-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string[]> Commands()
    {
        var commands = new TheoryData<string[]>();
        foreach (var json in new[] { false, true })
        {
            string[] Maybe(params string[] args) => json ? [.. args, "--json"] : args;
            commands.Add(Maybe("version"));
            commands.Add(Maybe("score", "gad7", "--answers", "1,1,1,1,1,1,1"));
            commands.Add(Maybe("score", "phq9", "--answers", "3,0,1,2,0,0,1,0,3"));
            commands.Add(Maybe("meds", "check", "--input", "{meds}"));
            commands.Add(Maybe("meds", "lookup", "valium 5 mg"));
            commands.Add(Maybe("triage", "--input", "{triage}"));
            commands.Add(Maybe("plan", "--input", "{plan}"));
            commands.Add(Maybe("progress", "--input", "{progress}"));
            commands.Add(Maybe("score", "--questionnaire-response",
                Fixture("tests", "fixtures", "external", "questionnaires", "hl7-sdc-phq9", "questionnaireresponse-sdc-profile-example-PHQ9.json")));
            commands.Add(Maybe("evidence", "show", "diazepam"));
            commands.Add(Maybe("evidence", "search", "sleep"));
            commands.Add(Maybe("evidence", "drugs"));
            commands.Add(Maybe("evidence", "validate"));
            commands.Add(Maybe("evidence", "validate", "--data", Fixture("data")));
            commands.Add(Maybe("cds", "overrides", "--data-dir", "{folder}/no-database"));
            foreach (var article in Directory.GetFiles(Fixture("tests", "fixtures", "article-gold", "synthetic"), "*.md").Order(StringComparer.Ordinal))
            {
                commands.Add(Maybe("check-article", "--input", article));
            }
        }

        commands.Add(["questionnaire", "gad7"]);
        commands.Add(["score", "nosuch", "--answers", "1"]);
        commands.Add(["meds", "check", "--input", "{folder}/missing.json"]);
        return commands;
    }

#if DEBUG
    [Theory(Skip = "A Debug test run has no Release build to compare with (test.sh builds Release)")]
#else
    [Theory]
#endif
    [MemberData(nameof(Commands))]
    public async Task The_built_program_prints_what_the_cli_prints_in_process(string[] template)
    {
        File.WriteAllText(Path.Combine(_folder, "meds.json"), """{"age": 72, "alcohol": true, "medications": ["Xanax 0.5mg", "oxycodone"]}""");
        File.WriteAllText(Path.Combine(_folder, "triage.json"), """{"age": 54, "durationDays": 10, "findings": ["saddle_numbness"]}""");
        File.WriteAllText(Path.Combine(_folder, "plan.json"), """
            {"age": 45, "durationWeeks": 16, "findings": [],
             "answers": {"startback": [1,1,1,1,1,1,0,1,3], "gad7": [2,2,2,2,1,1,1], "phq9": [1,1,2,1,1,1,1,0,0]},
             "sleep": {"hoursPerNight": 5, "quality": 3}, "medications": ["diazepam", {"name": "tramadol", "durationWeeks": 8}],
             "conditions": [], "preferences": {"activities": ["walking", "yoga"], "accessToPhysiotherapy": true, "timePerDayMinutes": 30}}
            """);
        var diary = Enumerable.Range(0, 21).Select(d => $$"""{"date": "{{new DateOnly(2026, 10, 1).AddDays(d):yyyy-MM-dd}}", "pain": {{(d < 7 ? 7 : 4)}}}""");
        File.WriteAllText(Path.Combine(_folder, "progress.json"), $$"""{"durationWeeksAtBaseline": 2, "entries": [{{string.Join(",", diary)}}]}""");
        var args = template.Select(a => a
            .Replace("{meds}", Path.Combine(_folder, "meds.json"), StringComparison.Ordinal)
            .Replace("{triage}", Path.Combine(_folder, "triage.json"), StringComparison.Ordinal)
            .Replace("{plan}", Path.Combine(_folder, "plan.json"), StringComparison.Ordinal)
            .Replace("{progress}", Path.Combine(_folder, "progress.json"), StringComparison.Ordinal)
            .Replace("{folder}", _folder, StringComparison.Ordinal)).ToArray();

        var inProcess = await CliRunner.RunInProcessAsync("", args);
        var built = await CliRunner.RunProcessAsync(Program, "", args);

        built.ExitCode.ShouldBe(inProcess.ExitCode, built.Error);
        built.Out.ReplaceLineEndings("\n").ShouldBe(inProcess.Out.ReplaceLineEndings("\n"));
        built.Error.ReplaceLineEndings("\n").ShouldBe(inProcess.Error.ReplaceLineEndings("\n"));
        (inProcess.Out + inProcess.Error).ShouldNotBeEmpty("every command here prints something; nothing on both sides is a failure too");
    }
}
