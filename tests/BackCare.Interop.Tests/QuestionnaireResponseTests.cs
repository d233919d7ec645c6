using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BackCare.Clinical.Assessment;
using BackCare.Clinical.Evidence;
using BackCare.Clinical.Tests;
using BackCare.Interop.Fhir;

namespace BackCare.Interop.Tests;

/// <summary>Scoring FHIR QuestionnaireResponses from tests/fixtures/external, recomputing every total.</summary>
public sealed partial class QuestionnaireResponseTests
{
    private static readonly EvidenceBase Evidence = EmbeddedEvidence.Default;

    private static (ReadResponse Response, InstrumentScore Score) ScoreFile(string relativePath, string? instrument = null)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.External, relativePath)));
        return ScoreElement(doc.RootElement, instrument);
    }

    private static (ReadResponse Response, InstrumentScore Score) ScoreElement(JsonElement element, string? instrument = null)
    {
        var read = QuestionnaireResponseReader.Read(Evidence, element, instrument);
        read.Errors.ShouldBeEmpty();
        var outcome = InstrumentScorer.Score(read.Response!.Instrument, read.Response.Answers.AsSpan());
        outcome.Errors.ShouldBeEmpty();
        return (read.Response, outcome.Score!);
    }

    [Theory]
    [InlineData("questionnaires/hl7-sdc-phq9/questionnaireresponse-sdc-profile-example-PHQ9.json")]
    [InlineData("questionnaires/hl7-sdc-phq9/adaptive-questionnaireresponse-sdc-profile-example-PHQ9.json")]
    [InlineData("fhir-r4/fhir-test-cases-validator/qr-internal-refs.json")]
    public void The_HL7_SDC_PHQ9_examples_score_10_not_their_stated_13(string path)
    {
        var (response, score) = ScoreFile(path);
        response.Instrument.Id.ShouldBe("phq9");
        response.Answers.ShouldBe([0, 0, 0, 1, 2, 1, 3, 2, 1]);
        response.StatedTotal.ShouldBe(13);
        score.Score.ShouldBe(10);
        score.Band.ShouldBe("moderate");
        score.SelfHarmRisk.ShouldBe(true, "item 9 was answered 'Several days'");
    }

    /// <summary>
    /// The HL7 PHR IG ships its GAD-7 and PHQ-9 responses only as FHIR Shorthand. Transcribe the
    /// linkIds and LOINC answer codes from the .fsh text into JSON and score them (stated totals: 3 and 3).
    /// </summary>
    [Theory]
    [InlineData("QuestionnaireResponse-ScoredAssessment-GAD7.fsh", "Observation-PHR-ScoredAssessment-GAD7.fsh", "gad7")]
    [InlineData("QuestionnaireResponse-ScoredAssessment-PHQ9.fsh", "Observation-PHR-ScoredAssessment-PHQ9.fsh", "phq9")]
    public void The_HL7_PHR_shorthand_responses_score_to_their_observations(string responseFile, string observationFile, string instrument)
    {
        var folder = Path.Combine(RepoPaths.External, "questionnaires", "hl7-phr-format-ig-gad7-phq9-fsh");
        var fsh = File.ReadAllText(Path.Combine(folder, responseFile));
        var linkIds = LinkId().Matches(fsh).Select(m => m.Groups[1].Value).ToList();
        var answers = LoincAnswer().Matches(fsh).Select(m => m.Groups[1].Value).ToList();
        linkIds.Count.ShouldBe(answers.Count);
        var items = new JsonArray([.. linkIds.Zip(answers, (l, a) => (JsonNode)new JsonObject
        {
            ["linkId"] = l,
            ["answer"] = new JsonArray(new JsonObject { ["valueCoding"] = new JsonObject { ["system"] = "http://loinc.org", ["code"] = a } }),
        })]);
        var qr = new JsonObject { ["resourceType"] = "QuestionnaireResponse", ["questionnaire"] = "Questionnaire/" + instrument, ["item"] = items };
        using var doc = JsonDocument.Parse(qr.ToJsonString());
        var (response, score) = ScoreElement(doc.RootElement);
        response.Instrument.Id.ShouldBe(instrument);

        var observed = int.Parse(ValueInteger().Match(File.ReadAllText(Path.Combine(folder, observationFile))).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        score.Score.ShouldBe(observed);
        score.Band.ShouldBe("minimal");
    }

    [Fact]
    public void An_LForms_PHQ9_answered_several_days_throughout_scores_9()
    {
        using var questionnaire = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.External, "questionnaires", "lhncbc-lforms", "phq9-with-the-weight-function.json")));
        var items = new JsonArray();
        foreach (var item in questionnaire.RootElement.GetProperty("item").EnumerateArray())
        {
            var linkId = item.GetProperty("linkId").GetString()!;
            if (linkId.Contains("44261-6", StringComparison.Ordinal) || linkId.Contains("69722-7", StringComparison.Ordinal)) continue;
            items.Add(new JsonObject
            {
                ["linkId"] = linkId,
                ["text"] = item.GetProperty("text").GetString(),
                ["answer"] = new JsonArray(new JsonObject { ["valueCoding"] = new JsonObject { ["system"] = "http://loinc.org", ["code"] = "LA6569-3", ["display"] = "Several days" } }),
            });
        }

        var qr = new JsonObject { ["resourceType"] = "QuestionnaireResponse", ["item"] = items };
        using var doc = JsonDocument.Parse(qr.ToJsonString());
        var (response, score) = ScoreElement(doc.RootElement);
        response.Instrument.Id.ShouldBe("phq9", "identified by the LOINC item codes in the linkIds");
        score.Score.ShouldBe(9);
    }

    [Theory]
    [InlineData("lhncbc-lforms/phq9.json")]
    [InlineData("lhncbc-lforms/phq9-with-the-weight-function.json")]
    public void Our_PHQ9_items_and_answer_weights_match_the_LOINC_coded_LForms_questionnaires(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.External, "questionnaires", file)));
        var scored = doc.RootElement.GetProperty("item").EnumerateArray()
            .Where(i => i.TryGetProperty("answerOption", out _) && !i.GetProperty("linkId").GetString()!.Contains("69722-7", StringComparison.Ordinal))
            .ToList();
        var phq9 = Evidence.Instrument("phq9")!;
        scored.Select(i => i.GetProperty("code")[0].GetProperty("code").GetString()).ShouldBe(phq9.Items.Select(i => i.Loinc));
        foreach (var item in scored)
        {
            foreach (var option in item.GetProperty("answerOption").EnumerateArray())
            {
                var code = option.GetProperty("valueCoding").GetProperty("code").GetString();
                var weight = option.GetProperty("extension").EnumerateArray()
                    .First(e => e.TryGetProperty("valueDecimal", out _)).GetProperty("valueDecimal").GetInt32();
                phq9.Items[0].Answers.Single(a => a.Loinc == code).Value.ShouldBe(weight);
            }
        }
    }

    [Fact]
    public void Our_GAD7_item_codes_match_the_HL7_PHR_questionnaire()
    {
        var fsh = File.ReadAllText(Path.Combine(RepoPaths.External, "questionnaires", "hl7-phr-format-ig-gad7-phq9-fsh", "Questionnaire-ScoredAssessment-GAD7.fsh"));
        LinkId().Matches(fsh).Select(m => m.Groups[1].Value).ShouldBe(Evidence.Instrument("gad7")!.Items.Select(i => i.Loinc!));
        fsh.ShouldContain("69737-5");
        Evidence.Instrument("gad7")!.Loinc!.Panel.ShouldBe("69737-5");
    }

    [Fact]
    public void A_declined_or_unknown_answer_is_reported_not_scored()
    {
        var qr = """
            {"resourceType": "QuestionnaireResponse", "questionnaire": "urn:backcare:questionnaire:gad2",
             "item": [{"linkId": "/69725-0", "answer": [{"valueCoding": {"code": "LA6570-1"}}]},
                      {"linkId": "/68509-9", "answer": [{"valueCoding": {"code": "LA9999-9", "display": "Often"}}]}]}
            """;
        using var doc = JsonDocument.Parse(qr);
        var read = QuestionnaireResponseReader.Read(Evidence, doc.RootElement);
        read.Response.ShouldBeNull();
        read.Errors.ShouldHaveSingleItem().ShouldContain("'/68509-9'");
    }

    [Fact]
    public void Something_that_is_not_a_QuestionnaireResponse_is_rejected()
    {
        using var doc = JsonDocument.Parse("""{"resourceType": "Patient", "id": "x"}""");
        QuestionnaireResponseReader.Read(Evidence, doc.RootElement).Errors.ShouldHaveSingleItem().ShouldContain("resourceType");
    }

    [Fact]
    public void Every_instrument_round_trips_through_its_FHIR_Questionnaire()
    {
        foreach (var instrument in Evidence.Instruments)
        {
            var questionnaire = FhirTestJson.Node(QuestionnaireMapper.ToQuestionnaire(instrument));
            questionnaire["resourceType"]!.GetValue<string>().ShouldBe("Questionnaire");
            var items = questionnaire["item"]!.AsArray();
            items.Count.ShouldBe(instrument.Items.Length);
            if (!instrument.Licence.ReproduceItems)
            {
                items.Select(i => i!["text"]!.GetValue<string>()).ShouldAllBe(t => instrument.Items.Any(x => x.Label == t));
            }

            // Answer each item with its highest option, as a client would, and score the response.
            var answered = new JsonArray([.. items.Select(i => (JsonNode)new JsonObject
            {
                ["linkId"] = i!["linkId"]!.GetValue<string>(),
                ["answer"] = new JsonArray(new JsonObject { ["valueCoding"] = i["answerOption"]!.AsArray()[^1]!["valueCoding"]!.DeepClone() }),
            })]);
            var qr = new JsonObject { ["resourceType"] = "QuestionnaireResponse", ["questionnaire"] = questionnaire["url"]!.GetValue<string>(), ["item"] = answered };
            using var doc = JsonDocument.Parse(qr.ToJsonString());
            var (response, score) = ScoreElement(doc.RootElement);
            response.Instrument.Id.ShouldBe(instrument.Id);
            score.Score.ShouldBe(instrument.MaxScore, instrument.Id);
        }
    }

    [Theory]
    [InlineData("gad7", "70274-6")]
    [InlineData("phq9", "44261-6")]
    [InlineData("nrs", "72514-3")]
    public void Observations_carry_the_LOINC_total_code(string id, string loinc)
    {
        var instrument = Evidence.Instrument(id)!;
        var answers = instrument.Items.Select(i => i.Min + 1).ToArray();
        var score = InstrumentScorer.Score(instrument, answers).Score!;
        var observation = FhirTestJson.Node(ObservationMapper.ToObservation(instrument, score, "Patient/example", "2026-11-24"));
        observation["code"]!["coding"]![0]!["code"]!.GetValue<string>().ShouldBe(loinc);
        observation["valueInteger"]!.GetValue<int>().ShouldBe((int)score.Score);
        observation["subject"]!["reference"]!.GetValue<string>().ShouldBe("Patient/example");
    }

    [Fact]
    public void A_PEG_observation_is_a_quantity_because_the_mean_is_not_whole()
    {
        var peg = Evidence.Instrument("peg")!;
        var score = InstrumentScorer.Score(peg, [7, 5, 8]).Score!;
        var observation = FhirTestJson.Node(ObservationMapper.ToObservation(peg, score));
        observation["valueQuantity"]!["value"]!.GetValue<double>().ShouldBe(20.0 / 3);
        observation["code"]!["coding"]![0]!["code"]!.GetValue<string>().ShouldBe("91147-9");
    }

    [GeneratedRegex("linkId = \"([^\"]+)\"")]
    private static partial Regex LinkId();

    [GeneratedRegex(@"valueCoding = \$CodeSystemLoinc#(LA[\d-]+)")]
    private static partial Regex LoincAnswer();

    [GeneratedRegex(@"valueInteger = (\d+)")]
    private static partial Regex ValueInteger();
}
