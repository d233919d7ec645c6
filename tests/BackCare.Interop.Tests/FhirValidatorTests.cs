using BackCare.Clinical.Assessment;
using BackCare.Clinical.Evidence;
using BackCare.Clinical.Tests;
using BackCare.Interop.Fhir;
using Hl7.Fhir.Model;

namespace BackCare.Interop.Tests;

/// <summary>The Firely validator wrapper: every mapper's output passes it; the official bad cases and wrong codings fail it.</summary>
public sealed class FhirValidatorTests
{
    private static readonly EvidenceBase Evidence = EmbeddedEvidence.Default;

    private static string R4(params string[] parts) => Path.Combine([RepoPaths.External, "fhir-r4", .. parts]);

    public static TheoryData<string> Instruments() => new(Evidence.Instruments.Select(i => i.Id));

    [Theory]
    [MemberData(nameof(Instruments))]
    public void Every_instruments_Questionnaire_and_score_Observation_pass_the_validator(string id)
    {
        var instrument = Evidence.Instrument(id)!;
        FhirValidator.Default.Validate(QuestionnaireMapper.ToQuestionnaire(instrument)).Errors.ShouldBeEmpty();
        var score = InstrumentScorer.Score(instrument, instrument.Items.Select(i => i.Max).ToArray()).Score!;
        FhirValidator.Default.Validate(ObservationMapper.ToObservation(instrument, score, "Patient/example", "2026-11-24", "QuestionnaireResponse/x")).Errors.ShouldBeEmpty();
    }

    public static TheoryData<string> OfficialExamples() =>
        new(Directory.GetFiles(R4("official-examples-via-fhir-test-cases"), "*.json").Select(Path.GetFileName).Where(f => f != BrokenExample).Order(StringComparer.Ordinal)!);

    /// <summary>The R4 example Questionnaire bundle has nested items without the required linkId (R4 Questionnaire.item.linkId 1..1).</summary>
    private const string BrokenExample = "bundle-questionnaire.json";

    [Fact]
    public void The_official_example_bundle_whose_nested_items_lack_linkId_is_refused_for_that_reason()
    {
        var parsed = FhirJson.Parse(File.ReadAllText(R4("official-examples-via-fhir-test-cases", BrokenExample)));
        parsed.Resource.ShouldBeNull();
        parsed.Problems.ShouldContain(p => p.Contains("linkId", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(OfficialExamples))]
    public void The_official_R4_examples_parse_and_have_no_validation_errors(string file)
    {
        var parsed = FhirJson.Parse(File.ReadAllText(R4("official-examples-via-fhir-test-cases", file)));
        parsed.Problems.ShouldBeEmpty();
        FhirValidator.Default.Validate(parsed.Resource!).Errors.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("Observation-ex-pain.json")]
    [InlineData("patient-id-bad-1.json")]
    [InlineData("hakan-se.json")]
    [InlineData("ai3.json")]
    public void The_validators_bad_cases_are_refused(string file)
    {
        var parsed = FhirJson.Parse(File.ReadAllText(R4("fhir-test-cases-validator", file)));
        var refused = parsed.Resource is null || !FhirValidator.Default.Validate(parsed.Resource).IsValid;
        refused.ShouldBeTrue($"{file} has a known error");
    }

    [Theory]
    [InlineData("72514-3", true)]
    [InlineData("44261-6", true)]
    [InlineData("70274-6", true)]
    [InlineData("91147-9", true)]
    [InlineData("72514-4", false)]
    [InlineData("44261", false)]
    public void LOINC_codes_need_their_check_digit(string code, bool valid)
    {
        var observation = new Observation { Status = ObservationStatus.Final, Code = new CodeableConcept(FhirConstants.Loinc, code), Value = new Integer(1) };
        FhirValidator.Default.Validate(observation).IsValid.ShouldBe(valid);
    }

    [Fact]
    public void A_non_numeric_RxNorm_code_is_an_error()
    {
        var statement = new MedicationStatement
        {
            Status = MedicationStatement.MedicationStatusCodes.Active,
            Medication = new CodeableConcept(FhirConstants.RxNorm, "ibuprofen"),
            Subject = new ResourceReference("Patient/x"),
        };
        FhirValidator.Default.Validate(statement).Errors.ShouldContain(e => e.Message.Contains("numeric", StringComparison.Ordinal));
    }
}
