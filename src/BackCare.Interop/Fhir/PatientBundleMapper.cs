using System.Globalization;
using System.Text.Json.Nodes;
using BackCare.Clinical.Assessment;
using BackCare.Clinical.Evidence;
using BackCare.Clinical.Medications;

namespace BackCare.Interop.Fhir;

/// <summary>A person's record for export as a FHIR R4 collection Bundle (hand-written, docs/adr/0005).</summary>
public sealed record PatientExport(
    Guid Id,
    string DisplayName,
    IReadOnlyList<ExportedAssessment> Assessments,
    IReadOnlyList<ExportedDiaryDay> Diary,
    IReadOnlyList<RecognizedMedication> Medications);

public sealed record ExportedAssessment(Guid Id, DateTime CompletedAt, IReadOnlyDictionary<string, IReadOnlyList<int?>> Answers);

public sealed record ExportedDiaryDay(DateOnly Date, int? Pain);

public static class PatientBundleMapper
{
    public static JsonObject ToBundle(EvidenceBase evidence, PatientExport export, DateTimeOffset now)
    {
        var entries = new JsonArray();
        var patientUrl = $"urn:uuid:{export.Id}";
        entries.Add(Entry(patientUrl, new JsonObject
        {
            ["resourceType"] = "Patient",
            ["id"] = export.Id.ToString(),
            ["name"] = new JsonArray(new JsonObject { ["text"] = export.DisplayName }),
        }));

        foreach (var assessment in export.Assessments)
        {
            var when = assessment.CompletedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            foreach (var (instrumentId, answers) in assessment.Answers.OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                if (evidence.Instrument(instrumentId) is not { } instrument || answers.Count != instrument.Items.Length || answers.Any(a => a is null)) continue;
                var responseUrl = $"urn:uuid:{Deterministic(assessment.Id, instrumentId)}";
                var items = new JsonArray();
                for (var i = 0; i < instrument.Items.Length; i++)
                {
                    var item = instrument.Items[i];
                    var option = item.Answers.First(a => a.Value == answers[i]);
                    var coding = option.Loinc is null
                        ? new JsonObject { ["system"] = $"{FhirConstants.QuestionnaireBase}{instrument.Id}:answers", ["code"] = option.Value.ToString(CultureInfo.InvariantCulture), ["display"] = option.Label ?? option.Value.ToString(CultureInfo.InvariantCulture) }
                        : new JsonObject { ["system"] = FhirConstants.Loinc, ["code"] = option.Loinc, ["display"] = option.Label };
                    items.Add(new JsonObject
                    {
                        ["linkId"] = item.Loinc is null ? $"{instrument.Id}-{item.Number}" : $"/{item.Loinc}",
                        ["answer"] = new JsonArray(new JsonObject { ["valueCoding"] = coding }),
                    });
                }

                entries.Add(Entry(responseUrl, new JsonObject
                {
                    ["resourceType"] = "QuestionnaireResponse",
                    ["questionnaire"] = FhirConstants.QuestionnaireBase + instrument.Id,
                    ["status"] = "completed",
                    ["subject"] = new JsonObject { ["reference"] = patientUrl },
                    ["authored"] = when,
                    ["item"] = items,
                }));

                var score = InstrumentScorer.Score(instrument, answers.ToArray()).Score!;
                var observation = ObservationMapper.ToObservation(instrument, score, patientUrl, when, responseUrl);
                entries.Add(Entry($"urn:uuid:{Deterministic(assessment.Id, instrumentId + ":obs")}", observation));
            }
        }

        var pain = evidence.Instrument("nrs")!;
        foreach (var day in export.Diary.Where(d => d.Pain is not null).OrderBy(d => d.Date))
        {
            var score = InstrumentScorer.Score(pain, [day.Pain!.Value]).Score!;
            var observation = ObservationMapper.ToObservation(pain, score, patientUrl, day.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            entries.Add(Entry($"urn:uuid:{Deterministic(export.Id, "pain:" + day.Date.ToString("yyyyMMdd", CultureInfo.InvariantCulture))}", observation));
        }

        foreach (var medication in export.Medications)
        {
            var concept = new JsonObject { ["text"] = medication.Input };
            if (medication.Ingredient is { } id && evidence.DrugById(id)?.RxNorm is { IsConfirmed: true } rx)
            {
                concept["coding"] = new JsonArray(new JsonObject { ["system"] = "http://www.nlm.nih.gov/research/umls/rxnorm", ["code"] = rx.Code, ["display"] = evidence.DrugById(id)!.Name });
            }

            entries.Add(Entry($"urn:uuid:{Deterministic(export.Id, "med:" + medication.Input)}", new JsonObject
            {
                ["resourceType"] = "MedicationStatement",
                ["status"] = "active",
                ["medicationCodeableConcept"] = concept,
                ["subject"] = new JsonObject { ["reference"] = patientUrl },
            }));
        }

        return new JsonObject
        {
            ["resourceType"] = "Bundle",
            ["type"] = "collection",
            ["timestamp"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["entry"] = entries,
        };
    }

    private static JsonObject Entry(string fullUrl, JsonObject resource) => new() { ["fullUrl"] = fullUrl, ["resource"] = resource };

    /// <summary>Stable ids, so the same record exports to the same fullUrl every time.</summary>
    private static Guid Deterministic(Guid root, string name)
    {
        var bytes = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(root.ToString("N") + name));
        return new Guid(bytes.AsSpan(0, 16));
    }
}
