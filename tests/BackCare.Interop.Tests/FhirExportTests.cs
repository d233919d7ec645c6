using System.Collections.Immutable;
using System.Text.Json;
using BackCare.Clinical.Evidence;
using BackCare.Clinical.Medications;
using BackCare.Clinical.Tests;
using BackCare.Interop.Fhir;

namespace BackCare.Interop.Tests;

public sealed class FhirExportTests
{
    private static string R4(params string[] parts) => Path.Combine([RepoPaths.External, "fhir-r4", .. parts]);

    public static TheoryData<string> OfficialExamples() =>
        new(Directory.GetFiles(R4("official-examples-via-fhir-test-cases"), "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(OfficialExamples))]
    public void The_structure_checker_accepts_every_official_example(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(R4("official-examples-via-fhir-test-cases", file)));
        FhirStructure.Problems(doc.RootElement).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("bundle-duplicate-id.json", "must be an absolute URL")]
    [InlineData("patient-id-bad-1.json", "invalid resource id")]
    [InlineData("patient-id-bad-2.json", "invalid resource id")]
    [InlineData("patient-id-bad-3.json", "invalid resource id")]
    [InlineData("hakan-se.json", "must have a timezone")]
    [InlineData("Observation-ex-pain.json", "Observation.code: minimum required")]
    [InlineData("ai3.json", "unrecognized property 'unknownElement'")]
    public void The_structure_checker_rejects_the_validators_bad_cases_for_the_stated_reason(string file, string expected)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(R4("fhir-test-cases-validator", file)));
        FhirStructure.Problems(doc.RootElement).ShouldContain(p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_patient_export_bundle_passes_the_structure_rules_and_round_trips_its_scores()
    {
        var evidence = EmbeddedEvidence.Default;
        var export = new PatientExport(
            Guid.Parse("8d2f2c4e-4b7a-4f55-9a8e-2f5b6f0c1d11"), "Test Person",
            [new ExportedAssessment(Guid.NewGuid(), new DateTime(2026, 11, 1, 9, 30, 0, DateTimeKind.Utc), new Dictionary<string, IReadOnlyList<int?>>
            {
                ["phq9"] = [1, 1, 2, 1, 0, 0, 1, 0, 1],
                ["startback"] = [1, 1, 1, 1, 0, 1, 0, 0, 2],
                ["peg"] = [6, 5, 5],
            })],
            [new ExportedDiaryDay(new DateOnly(2026, 11, 2), 5), new ExportedDiaryDay(new DateOnly(2026, 11, 3), null)],
            [MedicationRecognizer.Default.Recognize("Xanax 0.5mg"), MedicationRecognizer.Default.Recognize("frobnitol")]);
        var bundle = PatientBundleMapper.ToBundle(evidence, export, new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero), FhirTestJson.Base);
        FhirValidator.Default.Validate(bundle).Errors.ShouldBeEmpty();
        using var doc = JsonDocument.Parse(FhirJson.Serialize(bundle));
        FhirStructure.Problems(doc.RootElement).ShouldBeEmpty();

        var resources = doc.RootElement.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource")).ToList();
        resources.Count(r => r.GetProperty("resourceType").GetString() == "QuestionnaireResponse").ShouldBe(3);
        resources.Count(r => r.GetProperty("resourceType").GetString() == "MedicationStatement").ShouldBe(2);
        var phq9Total = resources.Single(r => r.GetProperty("resourceType").GetString() == "Observation"
            && r.GetProperty("code").GetProperty("coding")[0].GetProperty("code").GetString() == "44261-6");
        phq9Total.GetProperty("valueInteger").GetInt32().ShouldBe(7);

        // Every exported QuestionnaireResponse scores back to the same total through the reader.
        foreach (var response in resources.Where(r => r.GetProperty("resourceType").GetString() == "QuestionnaireResponse"))
        {
            var read = QuestionnaireResponseReader.Read(evidence, response);
            read.Errors.ShouldBeEmpty();
        }

        doc.RootElement.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("fullUrl").GetString()).Distinct().Count()
            .ShouldBe(resources.Count, "fullUrls are unique");
        _ = ImmutableArray<int>.Empty;
    }

    /// <summary>Clinical review (issue 11, item 13): only a confirmed RxNorm code is emitted; an unconfirmed one travels as text.</summary>
    [Fact]
    public void Only_confirmed_RxNorm_codes_are_emitted()
    {
        var export = new PatientExport(Guid.Parse("8d2f2c4e-4b7a-4f55-9a8e-2f5b6f0c1d12"), "Test Person", [], [],
            [MedicationRecognizer.Default.Recognize("diazepam"), MedicationRecognizer.Default.Recognize("Xanax")]);
        using var doc = JsonDocument.Parse(FhirJson.Serialize(PatientBundleMapper.ToBundle(EmbeddedEvidence.Default, export, new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero), FhirTestJson.Base)));
        var statements = doc.RootElement.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource"))
            .Where(r => r.GetProperty("resourceType").GetString() == "MedicationStatement").Select(r => r.GetRawText()).ToList();
        statements.Count.ShouldBe(2);
        statements.ShouldContain(s => s.Contains("\"3322\"") && s.Contains("rxnorm"));
        var xanax = statements.Single(s => s.Contains("Xanax"));
        xanax.ShouldNotContain("rxnorm", customMessage: "alprazolam 596 is not confirmed, so it is not emitted as a code");
        xanax.ShouldNotContain("\"596\"");
    }
}
