using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BackCare.Clinical.Assessment;
using BackCare.Clinical.Evidence;
using BackCare.Clinical.Medications;
using Hl7.Fhir.Model;

namespace BackCare.Interop.Fhir;

/// <summary>A person's record, FHIR-free: what the API and the "export everything" download map to FHIR.</summary>
public sealed record PatientExport(
    Guid Id,
    string DisplayName,
    IReadOnlyList<ExportedAssessment> Assessments,
    IReadOnlyList<ExportedDiaryDay> Diary,
    IReadOnlyList<RecognizedMedication> Medications)
{
    /// <summary>When the account was last changed (Patient.meta.lastUpdated); the epoch when unknown.</summary>
    public DateTime? PatientUpdatedAt { get; init; }

    /// <summary>When the medicines list was last stated (the assessment it came from).</summary>
    public DateTime? MedicationsAssertedAt { get; init; }
}

public sealed record ExportedAssessment(Guid Id, DateTime CompletedAt, IReadOnlyDictionary<string, IReadOnlyList<int?>> Answers);

public sealed record ExportedDiaryDay(DateOnly Date, int? Pain, DateTime? UpdatedAt = null);

/// <summary>
/// A person's record as FHIR R4 resources, each with a stable id, a versionId that changes when its content does, and
/// lastUpdated. The REST API's searches and <c>Patient/$everything</c>, and the patient's own "export everything"
/// download, all come from <see cref="Resources"/> (docs/adr/0014).
/// </summary>
public static class PatientBundleMapper
{
    /// <summary>Every resource of the record, each with its meta (versionId and lastUpdated).</summary>
    public static IReadOnlyList<Resource> Resources(EvidenceBase evidence, PatientExport export) => [.. Unversioned(evidence, export).Select(Versioned)];

    /// <summary>
    /// Every resource of the record with lastUpdated but no versionId yet. The versionId is a hash of the serialised
    /// resource, which costs more than building it: a search matches on these and gives <see cref="Versioned"/> only the
    /// page it returns.
    /// </summary>
    public static IReadOnlyList<Resource> Unversioned(EvidenceBase evidence, PatientExport export)
    {
        var resources = new List<Resource>();
        var patientReference = $"Patient/{PatientId(export.Id)}";
        var patient = new Patient { Id = PatientId(export.Id), Name = [new HumanName { Text = export.DisplayName }] };
        resources.Add(Stamp(patient, export.PatientUpdatedAt));

        foreach (var assessment in export.Assessments)
        {
            var when = assessment.CompletedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            foreach (var (instrumentId, answers) in assessment.Answers.OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                if (evidence.Instrument(instrumentId) is not { } instrument || answers.Count != instrument.Items.Length || answers.Any(a => a is null)) continue;
                var responseId = Deterministic(assessment.Id, instrumentId).ToString();
                var response = new QuestionnaireResponse
                {
                    Id = responseId,
                    Questionnaire = FhirConstants.QuestionnaireBase + instrument.Id,
                    Status = QuestionnaireResponse.QuestionnaireResponseStatus.Completed,
                    Subject = new ResourceReference(patientReference),
                    Authored = when,
                };
                for (var i = 0; i < instrument.Items.Length; i++)
                {
                    var item = instrument.Items[i];
                    var option = item.Answers.First(a => a.Value == answers[i]);
                    response.Item.Add(new QuestionnaireResponse.ItemComponent
                    {
                        LinkId = QuestionnaireMapper.LinkId(instrument, item),
                        Answer = [new QuestionnaireResponse.AnswerComponent { Value = QuestionnaireMapper.AnswerCoding(instrument, option) }],
                    });
                }

                resources.Add(Stamp(response, assessment.CompletedAt));
                var score = InstrumentScorer.Score(instrument, answers.ToArray()).Score!;
                var observation = ObservationMapper.ToObservation(instrument, score, patientReference, when, $"QuestionnaireResponse/{responseId}");
                observation.Id = Deterministic(assessment.Id, instrumentId + ":obs").ToString();
                resources.Add(Stamp(observation, assessment.CompletedAt));
            }
        }

        var pain = evidence.Instrument("nrs")!;
        foreach (var day in export.Diary.Where(d => d.Pain is not null).OrderBy(d => d.Date))
        {
            var score = InstrumentScorer.Score(pain, [day.Pain!.Value]).Score!;
            var observation = ObservationMapper.ToObservation(pain, score, patientReference, day.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            observation.Id = Deterministic(export.Id, "pain:" + day.Date.ToString("yyyyMMdd", CultureInfo.InvariantCulture)).ToString();
            resources.Add(Stamp(observation, day.UpdatedAt));
        }

        foreach (var medication in export.Medications)
        {
            var concept = new CodeableConcept { Text = medication.Input };
            if (medication.Ingredient is { } id && evidence.DrugById(id) is { RxNorm.IsConfirmed: true } drug)
            {
                concept.Coding = [new Coding(FhirConstants.RxNorm, drug.RxNorm!.Code, drug.Name)];
            }

            resources.Add(Stamp(new MedicationStatement
            {
                Id = Deterministic(export.Id, "med:" + medication.Input).ToString(),
                Status = MedicationStatement.MedicationStatusCodes.Active,
                Medication = concept,
                Subject = new ResourceReference(patientReference),
            }, export.MedicationsAssertedAt));
        }

        return resources;
    }

    /// <summary>The whole record as a searchset Bundle (what <c>Patient/{id}/$everything</c> answers), fullUrls under <paramref name="fhirBase"/>.</summary>
    public static Bundle ToBundle(EvidenceBase evidence, PatientExport export, DateTimeOffset now, string fhirBase) =>
        Searchset(Resources(evidence, export), now, fhirBase);

    public static Bundle Searchset(IEnumerable<Resource> resources, DateTimeOffset now, string fhirBase, int? total = null)
    {
        var bundle = new Bundle { Id = Guid.NewGuid().ToString(), Type = Bundle.BundleType.Searchset, Timestamp = now.ToUniversalTime() };
        foreach (var resource in resources)
        {
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = $"{fhirBase.TrimEnd('/')}/{resource.TypeName}/{resource.Id}",
                Resource = resource,
                Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match },
            });
        }

        bundle.Total = total ?? bundle.Entry.Count;
        return bundle;
    }

    /// <summary>Patient ids are the account id without dashes (32 hex digits, a valid FHIR id).</summary>
    public static string PatientId(Guid accountId) => accountId.ToString("N");

    public static Guid? AccountId(string patientId) =>
        patientId.Length == 32 && Guid.TryParseExact(patientId, "N", out var id) ? id : null;

    /// <summary>meta.lastUpdated and a versionId derived from the content, so it changes exactly when the resource does.</summary>
    private static Resource Stamp(Resource resource, DateTime? updatedAt)
    {
        resource.Meta = new Meta { LastUpdated = new DateTimeOffset(DateTime.SpecifyKind(updatedAt ?? DateTime.UnixEpoch, DateTimeKind.Utc)) };
        return resource;
    }

    /// <summary>Sets meta.versionId: the first 8 bytes of the SHA-256 of the resource serialised without its meta, so it changes exactly when the content does.</summary>
    public static Resource Versioned(Resource resource)
    {
        if (resource.Meta?.VersionId is not null) return resource;
        var meta = resource.Meta ?? new Meta();
        resource.Meta = null;
        var hash = SHA256.HashData(FhirJson.SerializeToUtf8(resource));
        meta.VersionId = Convert.ToHexStringLower(hash.AsSpan(0, 8));
        resource.Meta = meta;
        return resource;
    }

    /// <summary>Stable ids, so the same record exports to the same id every time.</summary>
    private static Guid Deterministic(Guid root, string name)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(root.ToString("N") + name));
        return new Guid(bytes.AsSpan(0, 16));
    }
}
