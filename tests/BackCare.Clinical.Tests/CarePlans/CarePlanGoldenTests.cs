using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using BackCare.Clinical.CarePlans;

namespace BackCare.Clinical.Tests.CarePlans;

/// <summary>
/// Golden files for representative people (docs/clinical/care-plans.md). A change to a plan shows up as a
/// diff here and is reviewed. To accept intended changes: BACKCARE_UPDATE_GOLDEN=1 dotnet test.
/// </summary>
public sealed class CarePlanGoldenTests
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    private static string Folder => Path.Combine(RepoPaths.Root, "tests", "BackCare.Clinical.Tests", "CarePlans", "golden");

    public static TheoryData<string> People() =>
        new(Directory.GetFiles(Folder, "*.input.json").Select(f => Path.GetFileName(f).Replace(".input.json", "", StringComparison.Ordinal)).Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(People))]
    public void Plan_matches_its_golden_file(string person)
    {
        var (input, errors) = PlanInputJson.ParsePlan(File.ReadAllText(Path.Combine(Folder, person + ".input.json")));
        errors.ShouldBeEmpty();
        var plan = CarePlanEngine.Default.Build(input!).Plan.ShouldNotBeNull();
        var view = new
        {
            plan.Disposition,
            plan.Risk,
            Steps = plan.Steps.Select(s => new { s.Id, s.Category, s.Reason, s.Rule, s.Sources, s.Schedule }),
            plan.FollowUp,
            Medication = plan.Medications?.Findings.Select(f => $"{f.Severity}: {f.Rule} [{string.Join(",", f.Drugs)}]"),
        };
        var actual = JsonSerializer.Serialize(view, Options).ReplaceLineEndings("\n") + "\n";
        var goldenPath = Path.Combine(Folder, person + ".plan.json");
        if (Environment.GetEnvironmentVariable("BACKCARE_UPDATE_GOLDEN") == "1") File.WriteAllText(goldenPath, actual);
        File.Exists(goldenPath).ShouldBeTrue($"missing golden file {goldenPath}; run with BACKCARE_UPDATE_GOLDEN=1 and review it");
        actual.ShouldBe(File.ReadAllText(goldenPath).ReplaceLineEndings("\n"));
    }
}
