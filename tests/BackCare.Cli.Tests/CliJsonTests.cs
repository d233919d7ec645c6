using System.Collections.Immutable;
using System.Text.Json;
using BackCare.Cli.Commands;
using BackCare.Clinical.Evidence;
using BackCare.Clinical.Medications;
using BackCare.Clinical.Triage;

namespace BackCare.Cli.Tests;

/// <summary>
/// The CLI writes its JSON with its own walker (no reflection serializer at start-up); the documents must be exactly
/// those System.Text.Json writes with the CLI's options, for every kind of output the commands print.
/// </summary>
public sealed class CliJsonTests
{
    private static readonly EvidenceBase Evidence = EmbeddedEvidence.Default;

    private static void SameAsSerializer(object? value) =>
        CliJson.Serialize(value).ShouldBe(JsonSerializer.Serialize(value, CliJson.Options));

    [Fact]
    public void Every_evidence_entity_is_written_as_the_serializer_writes_it()
    {
        var count = 0;
        foreach (var id in Evidence.AllIds)
        {
            SameAsSerializer(EvidenceViews.Entity(Evidence, Evidence.Find(id)!));
            count++;
        }

        count.ShouldBeGreaterThan(50);
    }

    [Theory]
    [InlineData(72, true, "Xanax 0.5mg", "oxycodone", "gabapentin")]
    [InlineData(30, false, "ibuprofen", "zzzqqq", "diazepam")]
    public void A_medication_check_is_written_as_the_serializer_writes_it(int age, bool alcohol, params string[] names)
    {
        var input = new MedicationCheckInput(age, "female", false, false, alcohol, "low_back_pain", ["sleep_apnea"],
            [.. names.Select((n, i) => new MedicationEntry(n, null, i == 0 ? 6 : null))]);
        SameAsSerializer(MedsCommands.ToJson(MedicationChecker.Default.Check(input)));
    }

    [Theory]
    [InlineData(54, 10, "saddle_numbness")]
    [InlineData(40, 30)]
    public void A_triage_result_is_written_as_the_serializer_writes_it(int age, int days, params string[] findings)
    {
        var outcome = TriageEngine.Evaluate(Evidence, new TriageInput(age, days, [.. findings]));
        outcome.Result.ShouldNotBeNull();
        SameAsSerializer(TriageCommand.ToJson(Evidence, outcome.Result!));
    }

    [Fact]
    public void Plain_values_nulls_numbers_dates_and_dictionaries_are_written_as_the_serializer_writes_them()
    {
        SameAsSerializer(new
        {
            text = "a \"quoted\" <b>é</b> line\nnext",
            none = (string?)null,
            whole = 42,
            big = 9_000_000_000L,
            fraction = 0.1 + 0.2,
            money = 12.50m,
            yes = true,
            kind = FindingKind.BoxedWarning,
            at = new DateTime(2026, 12, 2, 8, 30, 0, DateTimeKind.Utc),
            day = new DateOnly(2026, 12, 2),
            list = ImmutableArray.Create(1, 2, 3),
            nested = new[] { new { a = (int?)null, b = "x" } },
            map = new Dictionary<string, object?> { ["firstKey"] = 1, ["Second"] = null },
        });
    }
}

/// <summary>
/// <c>backcare evidence validate</c> without <c>--data</c> reports the embedded base's validation from the compiled
/// form; that is only honest while a fresh parse of the embedded YAML finds exactly that: valid, no problems, the same
/// content.
/// </summary>
public sealed class EmbeddedValidationTests
{
    [Fact]
    public void The_reported_result_is_what_parsing_the_embedded_yaml_finds()
    {
        var reported = Commands.EvidenceCommands.EmbeddedResult();
        var fresh = EmbeddedEvidence.Load();
        fresh.Problems.ShouldBeEmpty();
        fresh.IsValid.ShouldBe(reported.IsValid);
        reported.Problems.ShouldBeEmpty();
        fresh.Base!.AllIds.Order(StringComparer.Ordinal).ShouldBe(reported.Base!.AllIds.Order(StringComparer.Ordinal));
        fresh.Base.Sources.Length.ShouldBe(reported.Base.Sources.Length);
        fresh.Base.Interventions.Length.ShouldBe(reported.Base.Interventions.Length);
    }
}
