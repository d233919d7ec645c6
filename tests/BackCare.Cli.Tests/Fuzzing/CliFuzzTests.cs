using BackCare.Tests.Fuzzing;
using CsCheck;
using Xunit.Abstractions;

namespace BackCare.Cli.Tests.Fuzzing;

/// <summary>
/// Issue 13 §6: every CLI command and every JSON document it reads, fuzzed in-process through <see cref="CliRunner"/>.
/// Property: the exit code is 0 (done) or 2 (bad input, with one line on stderr), never 1 (internal error) and never an
/// exception escaping <see cref="CliApp.RunAsync"/>.
/// </summary>
public sealed class CliFuzzTests(ITestOutputHelper output) : IDisposable
{
    private const string Seed = "0000000000000"; // fixed, so CI is reproducible
    private readonly string folder = Directory.CreateTempSubdirectory("backcare-cli-fuzz-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private static async Task ExitsCleanlyAsync(string stdin, string[] args)
    {
        if (!CliRunner.CanPass(args)) return; // an argument no process can receive (run against BACKCARE_CLI)
        var result = await CliRunner.RunWithInputAsync(stdin, args);
        result.ExitCode.ShouldBeOneOf([0, 2], $"backcare {string.Join(' ', args.Select(Nasty.Print))} exited {result.ExitCode}: {Nasty.Print(result.Error)}");
        if (result.ExitCode == 2)
        {
            result.Error.TrimEnd().ShouldNotBeEmpty("bad input is named on stderr");
            result.Error.TrimEnd().ShouldNotContain('\n', customMessage: "bad input is reported on one line");
        }
    }

    private static string Print(string stdin, string[] args) => $"backcare {string.Join(' ', args.Select(Nasty.Print))} < {Nasty.Print(stdin)}";

    private static readonly Gen<string> Finding = Nasty.JsonString("saddle_numbness", "sciatica", "fever", "weight_loss", "cancer_history", "trauma", "nope", "");
    private static readonly Gen<string> Medication = Gen.Frequency<string>(
        (3, Nasty.JsonString("diazepam", "Xanax 0.5mg", "oxycodone", "valium 5 mg", "trazodone", "ibuprofen", "sertraline", "lithium", "", "x")),
        (1, Nasty.JsonObject(("name", Nasty.JsonString("diazepam", "tramadol", "")), ("rxnorm", Nasty.JsonString("3322", "0", "abc")), ("indication", Nasty.JsonString("sleep", "pain")))));

    private static readonly Gen<string> Answers = Nasty.JsonArrayOf(Gen.Frequency<string>((5, Nasty.JsonInt(-1, 4)), (1, Gen.OneOf("null", "1.5", "\"2\"", "true"))), 10);

    public static readonly Gen<string> TriageDocument = Nasty.JsonDocument(Nasty.JsonObject(
        ("age", Nasty.JsonInt(-5, 130)), ("durationDays", Nasty.JsonInt(-5, 40_000)), ("findings", Nasty.JsonArrayOf(Finding))));

    public static readonly Gen<string> MedsDocument = Nasty.JsonDocument(Nasty.JsonObject(
        ("age", Nasty.JsonInt(-5, 130)), ("sex", Nasty.JsonString("male", "female", "other", "unknown", "x")), ("pregnant", Gen.OneOf("true", "false")),
        ("breastfeeding", Gen.OneOf("true", "false")), ("alcohol", Gen.OneOf("true", "false")), ("durationWeeks", Nasty.JsonInt(-1, 600)),
        ("conditions", Nasty.JsonArrayOf(Nasty.JsonString("asthma", "kidney_disease", "copd", "?"))), ("medications", Nasty.JsonArrayOf(Medication, 35))));

    public static readonly Gen<string> PlanDocument = Nasty.JsonDocument(Nasty.JsonObject(
        ("age", Nasty.JsonInt(-5, 130)), ("durationWeeks", Nasty.JsonInt(-5, 6000)), ("findings", Nasty.JsonArrayOf(Finding)),
        ("answers", Nasty.JsonObject(("startback", Answers), ("phq9", Answers), ("gad7", Answers), ("peg", Answers), ("nrs", Answers), ("rmdq", Answers), ("gad2", Answers), ("phq2", Answers))),
        ("sleep", Nasty.JsonObject(("hoursPerNight", Gen.OneOf("7", "-1", "25", "7.5", "1e400")), ("quality", Nasty.JsonInt(-1, 11)))),
        ("medications", Nasty.JsonArrayOf(Medication)), ("conditions", Nasty.JsonArrayOf(Nasty.JsonString("asthma", "?"))),
        ("preferences", Nasty.JsonObject(("activities", Nasty.JsonArrayOf(Nasty.JsonString("walking", "yoga", "Tai Chi", "skydiving"))), ("accessToPhysiotherapy", Gen.OneOf("true", "false")), ("timePerDayMinutes", Nasty.JsonInt(-5, 200)))),
        ("pregnant", Gen.OneOf("true", "false")), ("breastfeeding", Gen.OneOf("true", "false")), ("alcohol", Gen.OneOf("true", "false"))));

    private static readonly Gen<string> Entry = Nasty.JsonObject(
        ("date", Gen.Frequency<string>((3, Nasty.Dateish.Select(d => $"\"{d}\"")), (1, Nasty.JsonString("0001-01-01", "9999-12-31", "2024-02-30", "today", "")))),
        ("pain", Gen.Frequency<string>((4, Nasty.JsonInt(-2, 12)), (1, Gen.OneOf("5.5", "1e400", "-1e400", "null")))), ("anxiety", Nasty.JsonInt(-2, 12)),
        ("sleepHours", Gen.OneOf("7", "-1", "25", "1e400")), ("activityMinutes", Nasty.JsonInt(-10, 2000)), ("rmdq", Nasty.JsonInt(-1, 25)), ("peg", Nasty.JsonInt(-1, 11)));

    public static readonly Gen<string> ProgressDocument = Nasty.JsonDocument(Nasty.JsonObject(
        ("durationWeeksAtBaseline", Nasty.JsonInt(-5, 6000)), ("entries", Nasty.JsonArrayOf(Entry, 40))));

    public static readonly Gen<string> QuestionnaireResponse = Nasty.JsonDocument(Nasty.JsonObject(
        ("resourceType", Nasty.JsonString("QuestionnaireResponse", "Patient", "")), ("status", Nasty.JsonString("completed", "in-progress", "x")),
        ("questionnaire", Nasty.JsonString("http://loinc.org/q/44249-1", "phq9", "https://backcare.example/Questionnaire/gad7", "")),
        ("item", Nasty.JsonArrayOf(Nasty.JsonObject(("linkId", Nasty.JsonString("1", "2", "44250-9", "phq9_1", "")),
            ("answer", Nasty.JsonArrayOf(Nasty.JsonObject(("valueInteger", Nasty.JsonInt(-1, 5)), ("valueCoding", Nasty.JsonObject(("code", Nasty.JsonString("LA6568-5", "0", "")), ("system", Nasty.JsonString("http://loinc.org", ""))))), 3))), 12))));

    private static Gen<bool> Json => Gen.Bool;

    [Fact]
    public async Task Triage_meds_check_plan_and_progress_never_fail_on_any_JSON_document()
    {
        string[][] commands = [["triage", "--input", "-"], ["meds", "check", "--input", "-"], ["plan", "--input", "-"], ["progress", "--input", "-"]];
        Gen<string>[] documents = [TriageDocument, MedsDocument, PlanDocument, ProgressDocument];
        var total = 0L;
        for (var c = 0; c < commands.Length; c++)
        {
            var command = commands[c];
            await Gen.Select(documents[c], Json).SampleAsync(
                async (stdin, json) => await ExitsCleanlyAsync(stdin, json ? [.. command, "--json"] : command),
                seed: Seed, iter: CliRunner.Iterations(1500), threads: 1, print: t => Print(t.Item1, command));
            total += CliRunner.Iterations(1500);
        }

        output.WriteLine($"{total} JSON documents");
    }

    [Fact]
    public async Task A_plan_moved_forward_by_any_diary_document_never_fails()
    {
        var plan = Path.Combine(folder, "plan.json");
        await File.WriteAllTextAsync(plan, """{"age": 44, "durationWeeks": 3, "answers": {"startback": [0,0,0,0,0,0,0,0,1], "nrs": [5]}}""");
        await ProgressDocument.SampleAsync(async diary =>
        {
            var progress = Path.Combine(folder, $"progress-{Guid.NewGuid():N}.json");
            await File.WriteAllBytesAsync(progress, System.Text.Encoding.UTF8.GetBytes(diary)); // as a file would hold it: unpaired surrogates become U+FFFD
            await ExitsCleanlyAsync("", ["plan", "--input", plan, "--progress", progress, "--json"]);
            File.Delete(progress);
        }, seed: Seed, iter: CliRunner.Iterations(500), threads: 1, print: Nasty.Print);
    }

    [Fact]
    public async Task Scoring_from_answers_or_a_questionnaire_response_never_fails()
    {
        var instrument = Gen.Frequency<string>((5, Gen.OneOf("startback", "gad7", "gad2", "phq9", "phq2", "peg", "nrs", "rmdq")), (1, Nasty.Text));
        var answers = Gen.Frequency<string>((3, Gen.Int[-1, 4].Array[0, 30].Select(a => string.Join(',', a))), (1, Nasty.Text));
        await Gen.Select(instrument, answers, Gen.Bool, Gen.Bool).SampleAsync(async (id, list, json, observation) =>
        {
            string[] args = ["score", id, "--answers", list, .. json ? new[] { "--json" } : [], .. observation ? new[] { "--observation" } : []];
            await ExitsCleanlyAsync("", args);
        }, seed: Seed, iter: CliRunner.Iterations(1000), threads: 1, print: t => $"score {Nasty.Print(t.Item1)} --answers {Nasty.Print(t.Item2)}");

        await Gen.Select(QuestionnaireResponse, Gen.Frequency<string?>((2, Gen.Const<string?>(() => null)), (1, instrument.Select(s => (string?)s))), Gen.Bool).SampleAsync(async (stdin, id, observation) =>
        {
            string[] args = ["score", .. id is null ? Array.Empty<string>() : [id], "--questionnaire-response", "-", .. observation ? new[] { "--observation" } : []];
            await ExitsCleanlyAsync(stdin, args);
        }, seed: Seed, iter: CliRunner.Iterations(1000), threads: 1, print: t => Print(t.Item1, ["score", t.Item2 ?? "", "--questionnaire-response", "-"]));
    }

    [Fact]
    public async Task Every_command_line_of_known_and_hostile_words_never_fails()
    {
        var missing = Path.Combine(folder, "missing.json");
        var empty = Directory.CreateDirectory(Path.Combine(folder, "empty-data")).FullName;
        var garbage = Directory.CreateDirectory(Path.Combine(folder, "garbage-data")).FullName;
        await File.WriteAllTextAsync(Path.Combine(garbage, "drugs.yaml"), "- id: [unclosed\n  : : :\n\t\u0000");
        await File.WriteAllTextAsync(Path.Combine(garbage, "sources.yaml"), "sources: 42\n");
        string[] words =
        [
            "version", "evidence", "validate", "show", "search", "drugs", "score", "questionnaire", "triage", "meds", "check", "lookup", "plan", "progress",
            "account", "--json", "--input", "-i", "-", missing, folder, "--data", empty, garbage, "--answers", "-a", "--observation", "--progress",
            "--questionnaire-response", "--help", "-h", "-?", "--version", "diazepam", "Valium", "friedman_2017", "cbt", "phq9", "startback", "rmdq",
            "1,2,3", "0,0,0,0,0,0,0,0,3", "[", "\"",
        ];
        var argv = Gen.Frequency<string>((3, Gen.OneOf(words)), (1, Nasty.Text.Where(t => !t.StartsWith('/') && !t.Contains("..", StringComparison.Ordinal)))).Array[0, 7];
        var stdin = Gen.Frequency<string>((3, Gen.Const("")), (1, Nasty.JsonValue(2)));
        await Gen.Select(argv, stdin).SampleAsync(async (args, input) =>
        {
            // The account command writes to a database: always point it at this test's own folder.
            if (args.Contains("account")) args = [.. args, "--data-dir", Path.Combine(folder, "db")];
            await ExitsCleanlyAsync(input, args);
        }, seed: Seed, iter: CliRunner.Iterations(400), threads: 1, print: t => Print(t.Item2, t.Item1));

        var lookups = Gen.Select(Gen.OneOf("lookup", "show", "search"), Nasty.Text, Gen.Bool);
        await lookups.SampleAsync(async (verb, text, json) =>
        {
            string[] args = verb == "lookup" ? ["meds", "lookup", text] : ["evidence", verb, text];
            await ExitsCleanlyAsync("", json ? [.. args, "--json"] : args);
        }, seed: Seed, iter: CliRunner.Iterations(500), threads: 1, print: t => $"{t.Item1} {Nasty.Print(t.Item2)}");
    }

    [Fact]
    public async Task The_operator_reset_code_command_never_fails_on_any_email()
    {
        var dataDir = Path.Combine(folder, "accounts");
        var email = Gen.Frequency<string>((1, Gen.OneOf("person@example.com", "PERSON@example.com", " person@example.com ")), (3, Nasty.Text));
        await email.SampleAsync(async address => await ExitsCleanlyAsync("", ["account", "reset-token", "--email", address, "--data-dir", dataDir]),
            seed: Seed, iter: CliRunner.Iterations(150), threads: 1, print: Nasty.Print);
    }
}
