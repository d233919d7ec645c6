using BackCare.Clinical.CarePlans;
using BackCare.Clinical.Common;
using BackCare.Clinical.Evidence;
using BackCare.Clinical.Medications;
using Shouldly;

namespace BackCare.Clinical.Tests.CarePlans;

/// <summary>A stored plan is shown again word for word, whatever the evidence base has become (issue 12).</summary>
public sealed class PlanSnapshotTests
{
    private static string Golden => Path.Combine(RepoPaths.Root, "tests", "BackCare.Clinical.Tests", "CarePlans", "golden");

    public static TheoryData<string> GoldenInputs() => [.. Directory.GetFiles(Golden, "*.input.json").Select(f => Path.GetFileName(f)!).Order()];

    [Theory]
    [MemberData(nameof(GoldenInputs))]
    public void A_snapshot_reads_back_to_the_same_plan_with_its_citations(string file)
    {
        var evidence = EmbeddedEvidence.Default;
        var engine = new CarePlanEngine(evidence, new MedicationChecker(evidence, new MedicationRecognizer(evidence)));
        var plan = engine.Build(PlanInputJson.ParsePlan(File.ReadAllText(Path.Combine(Golden, file))).Input!).Plan!;
        var snapshot = PlanSnapshot.Take(plan, evidence, "sha256:test", new DateOnly(2026, 11, 30));

        var (read, error) = PlanSnapshot.Parse(snapshot.ToJson());
        error.ShouldBeNull();
        read!.ToJson().ShouldBe(snapshot.ToJson());
        read.Plan.Steps.Select(s => (s.Title, s.Reason)).ShouldBe(plan.Steps.Select(s => (s.Title, s.Reason)));
        read.Plan.Triage.Disposition.ShouldBe(plan.Triage.Disposition);
        foreach (var id in plan.Steps.SelectMany(s => s.Sources)) read.Citation(id).ShouldContain(evidence.Source(id)!.Title);
    }

    [Theory]
    [InlineData("{", ValidationCodes.NotJson)]
    [InlineData("{\"format\": 9, \"evidenceVersion\": \"x\", \"asOf\": \"2026-01-01\", \"plan\": {}}", ValidationCodes.Unsupported)]
    [InlineData("{\"format\": 1}", ValidationCodes.Invalid)]
    public void A_stored_plan_it_cannot_read_is_an_error_not_an_exception(string json, string code)
    {
        var (snapshot, error) = PlanSnapshot.Parse(json);
        snapshot.ShouldBeNull();
        error!.Code.ShouldBe(code);
    }
}
