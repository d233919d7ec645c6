using System.Globalization;
using System.Text.Json;
using BackCare.App.Auditing;
using BackCare.App.Data;
using BackCare.App.Diary;
using BackCare.Clinical.Assessment;
using BackCare.Clinical.Evidence;
using BackCare.Interop.Fhir;
using BackCare.Interop.Fhir.Search;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;

namespace BackCare.App.Fhir;

/// <summary>One entry of an imported Bundle and what became of it.</summary>
public sealed record ImportEntryOutcome(int Index, string ResourceType, string Message);

/// <summary>
/// What an import did. <see cref="Refused"/>: the whole Bundle was refused and nothing was stored. Otherwise every
/// entry is in exactly one list; <see cref="SelfHarmRisk"/> is set when an imported PHQ-9 answers item 9 above zero.
/// </summary>
public sealed record ImportReport(string? Refused, IReadOnlyList<ImportEntryOutcome> Imported, IReadOnlyList<ImportEntryOutcome> Skipped, IReadOnlyList<ImportEntryOutcome> Rejected, bool SelfHarmRisk)
{
    public static ImportReport Refuse(string reason) => new(reason, [], [], [], false);
}

/// <summary>Who brings the Bundle in: the patient into their own record, or a clinician the patient allowed to add to it.</summary>
public enum ImportedBy
{
    Patient,
    Clinician,
}

/// <summary>
/// Brings a FHIR R4 Bundle into a patient's record: QuestionnaireResponses for BackCare's instruments (answers read and
/// scored by BackCare's engine; a stated total is reported, never trusted), pain Observations (LOINC 72514-3) as diary
/// entries, MedicationStatements as medicines. Every entry that cannot be taken is reported with its reason. All that is
/// taken is saved in one transaction (nothing half-imported); a <c>transaction</c> Bundle is all or nothing.
/// </summary>
public sealed class FhirImportService(BackCareDbContext db, EvidenceBase evidence, AuditLog audit, TimeProvider clock)
{
    public const int MaxEntries = 2000;
    private const string PainLoinc = "72514-3";

    /// <summary>The words of the report: "your diary" to the patient, "the patient's diary" to a clinician.</summary>
    private sealed record Words(string Record, string Diary, string List, string Medicines, string Details)
    {
        public static readonly Words Patient = new("your record", "your diary", "your list", "your medicines", "your name and details stay as they are in your account");
        public static readonly Words Clinician = new("the patient's record", "the patient's diary", "the patient's list", "the patient's medicines", "the patient's name and details stay as they are in their account");
    }

    public async Task<ImportReport> ImportAsync(Guid patientId, string actor, string json, CancellationToken ct) =>
        await ImportAsync(patientId, actor, ImportedBy.Patient, json, ct);

    public async Task<ImportReport> ImportAsync(Guid patientId, string actor, ImportedBy by, string json, CancellationToken ct)
    {
        var words = by == ImportedBy.Clinician ? Words.Clinician : Words.Patient;
        var parsed = FhirJson.Parse(json);
        if (parsed.Resource is not Bundle bundle)
        {
            return ImportReport.Refuse(parsed.Resource is null
                ? "not a FHIR R4 resource: " + string.Join("; ", parsed.Problems.Take(5))
                : $"expected a Bundle, got a {parsed.Resource.TypeName}");
        }

        if (bundle.Entry.Count > MaxEntries) return ImportReport.Refuse($"the Bundle has {bundle.Entry.Count} entries; at most {MaxEntries} are taken at once");
        var subjects = bundle.Entry.Select(e => Subject(e.Resource)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var patients = bundle.Entry.Count(e => e.Resource is Patient);
        if (subjects.Count > 1 || patients > 1) return ImportReport.Refuse("the Bundle holds more than one person's record; import one person's record at a time");

        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        var diary = await db.DiaryEntries.Where(e => e.UserId == patientId).ToDictionaryAsync(e => e.Date, ct);
        var knownResponses = (await db.ImportedResponses.AsNoTracking().Where(r => r.UserId == patientId).Select(r => new { r.InstrumentId, r.AuthoredAt }).ToListAsync(ct))
            .Select(r => (r.InstrumentId, r.AuthoredAt)).ToHashSet();
        var knownMedicines = (await db.ImportedMedications.AsNoTracking().Where(m => m.UserId == patientId).Select(m => m.Text).ToListAsync(ct))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        var imported = new List<ImportEntryOutcome>();
        var skipped = new List<ImportEntryOutcome>();
        var rejected = new List<ImportEntryOutcome>();
        var selfHarm = false;
        for (var i = 0; i < bundle.Entry.Count; i++)
        {
            var resource = bundle.Entry[i].Resource;
            var type = resource?.TypeName ?? "(none)";
            void Take(string message) => imported.Add(new ImportEntryOutcome(i, type, message));
            void Skip(string message) => skipped.Add(new ImportEntryOutcome(i, type, message));
            void Reject(string message) => rejected.Add(new ImportEntryOutcome(i, type, message));
            switch (resource)
            {
                case null:
                    Reject("the entry has no resource");
                    break;
                case Patient:
                    Skip(words.Details);
                    break;
                case QuestionnaireResponse response:
                    ImportResponse(response, patientId, now, knownResponses, words, Take, Skip, Reject, ref selfHarm);
                    break;
                case Observation observation:
                    ImportPain(observation, patientId, now, today, diary, words, Take, Skip, Reject);
                    break;
                case MedicationStatement statement:
                    ImportMedicine(statement, patientId, now, knownMedicines, words, Take, Skip, Reject);
                    break;
                default:
                    Reject($"BackCare does not keep {type} resources");
                    break;
            }
        }

        if (bundle.Type == Bundle.BundleType.Transaction && rejected.Count > 0)
        {
            db.ChangeTracker.Clear();
            return new ImportReport($"a transaction Bundle is imported whole or not at all, and {rejected.Count} of its entries cannot be taken", [], skipped, rejected, false);
        }

        // An import that adds nothing is audited too when a clinician ran it: its report told them what the record holds.
        if (imported.Count > 0 || by == ImportedBy.Clinician)
        {
            audit.Record(actor, imported.Count > 0 ? "import" : "import_none", "fhir_bundle", patientId.ToString("N"));
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
                return ImportReport.Refuse($"{words.Record} changed while the import was being saved; nothing was imported, please try again");
            }
        }

        return new ImportReport(null, imported, skipped, rejected, selfHarm);
    }

    private void ImportResponse(QuestionnaireResponse response, Guid patientId, DateTime now, HashSet<(string, DateTime)> known, Words words,
        Action<string> take, Action<string> skip, Action<string> reject, ref bool selfHarm)
    {
        if (response.Status is not (QuestionnaireResponse.QuestionnaireResponseStatus.Completed or QuestionnaireResponse.QuestionnaireResponseStatus.Amended))
        {
            reject($"only completed questionnaires are imported (status: {response.Status?.ToString().ToLowerInvariant() ?? "missing"})");
            return;
        }

        if (FhirDateRange.Parse(response.Authored) is not { } authored)
        {
            reject("authored: the date the answers were given is needed");
            return;
        }

        var at = authored.Start.UtcDateTime;
        if (at > now)
        {
            reject($"authored: {response.Authored} is in the future");
            return;
        }

        var read = QuestionnaireResponseReader.Read(evidence, response);
        if (read.Response is not { } answers)
        {
            reject(string.Join("; ", read.Errors));
            return;
        }

        var instrument = answers.Instrument;
        var missing = answers.Answers.Select((a, n) => (a, n)).Where(x => x.a is null).Select(x => x.n + 1).ToList();
        if (missing.Count > 0)
        {
            reject($"{instrument.Name} cannot be scored: question{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)} not answered{(answers.Warnings.Length > 0 ? " (" + string.Join("; ", answers.Warnings) + ")" : "")}");
            return;
        }

        var scored = InstrumentScorer.Score(instrument, answers.Answers.AsSpan());
        if (scored.Score is not { } score)
        {
            reject(string.Join("; ", scored.Errors.Select(e => e.Message)));
            return;
        }

        if (!known.Add((instrument.Id, at)))
        {
            skip($"{instrument.Name} of {response.Authored} is already in {words.Record}");
            return;
        }

        db.ImportedResponses.Add(new ImportedResponseRecord
        {
            Id = Guid.NewGuid(), UserId = patientId, InstrumentId = instrument.Id,
            AnswersJson = JsonSerializer.Serialize(answers.Answers.Select(a => a!.Value)), AuthoredAt = at, ImportedAt = now,
        });
        if (score.SelfHarmRisk == true) selfHarm = true;
        var stated = answers.StatedTotal is { } total && Math.Abs(total - score.Score) > 1e-9
            ? $"; the response stated {total.ToString(CultureInfo.InvariantCulture)}, which BackCare did not use"
            : "";
        take($"{instrument.Name} of {response.Authored}: scored {score.Score.ToString("0.#", CultureInfo.InvariantCulture)} by BackCare{stated}");
    }

    private void ImportPain(Observation observation, Guid patientId, DateTime now, DateOnly today, Dictionary<DateOnly, DiaryEntryRecord> diary, Words words,
        Action<string> take, Action<string> skip, Action<string> reject)
    {
        if (observation.DerivedFrom.Count > 0 || observation.Code?.Coding.Any(IsInstrumentTotal) == true)
        {
            skip("a questionnaire's score is not copied: BackCare scores the QuestionnaireResponse itself");
            return;
        }

        if (observation.Code?.Coding.Any(c => c.System == FhirConstants.Loinc && c.Code == PainLoinc) != true)
        {
            reject("only pain scores (LOINC 72514-3) become diary entries; a questionnaire's score is taken from its QuestionnaireResponse");
            return;
        }

        if (observation.Status is not (ObservationStatus.Final or ObservationStatus.Amended or ObservationStatus.Corrected))
        {
            reject($"only final pain scores are imported (status: {observation.Status?.ToString().ToLowerInvariant() ?? "missing"})");
            return;
        }

        decimal? value = observation.Value switch
        {
            Integer i => i.Value,
            Quantity q => q.Value,
            _ => null,
        };
        if (value is not { } pain || pain != decimal.Truncate(pain) || pain < 0 || pain > 10)
        {
            reject("value: a pain score is a whole number from 0 to 10");
            return;
        }

        var effective = observation.Effective switch
        {
            FhirDateTime d => FhirDateRange.Parse(d.Value),
            Period p => FhirDateRange.Parse(p.Start),
            Instant t when t.Value is { } instant => FhirDateRange.Instant(instant),
            _ => null,
        };
        if (effective is not { } when)
        {
            reject("effective: the day of the pain score is needed");
            return;
        }

        var date = DateOnly.FromDateTime(when.Start.UtcDateTime);
        if (date > today)
        {
            reject($"effective: {date:yyyy-MM-dd} is in the future");
            return;
        }

        var score = (int)pain;
        if (diary.TryGetValue(date, out var entry))
        {
            if (entry.Pain == score)
            {
                skip($"pain {score} on {date:yyyy-MM-dd} is already in {words.Diary}");
                return;
            }

            if (entry.Pain is { } existing)
            {
                reject($"{words.Diary} already has pain {existing} on {date:yyyy-MM-dd}; it was not changed");
                return;
            }

            entry.Pain = score;
            entry.UpdatedAt = now;
        }
        else
        {
            entry = new DiaryEntryRecord { Id = Guid.NewGuid(), UserId = patientId, Date = date, Pain = score, UpdatedAt = now };
            diary[date] = entry;
            db.DiaryEntries.Add(entry);
        }

        take($"pain {score} on {date:yyyy-MM-dd} added to {words.Diary}");
    }

    private void ImportMedicine(MedicationStatement statement, Guid patientId, DateTime now, HashSet<string> known, Words words,
        Action<string> take, Action<string> skip, Action<string> reject)
    {
        if (statement.Status is not (MedicationStatement.MedicationStatusCodes.Active or MedicationStatement.MedicationStatusCodes.Intended))
        {
            reject($"only medicines taken now are added to {words.List} (status: {statement.Status?.ToString().ToLowerInvariant() ?? "missing"})");
            return;
        }

        var concept = statement.Medication as CodeableConcept;
        if (statement.Medication is ResourceReference { Reference: ['#', ..] local })
        {
            concept = statement.Contained.OfType<Medication>().FirstOrDefault(m => m.Id == local[1..])?.Code;
        }

        if (concept is null)
        {
            reject("medication: send the medicine as medicationCodeableConcept or a contained Medication (a reference to a Medication elsewhere is not read)");
            return;
        }

        var rxnorm = concept.Coding.FirstOrDefault(c => c.System == FhirConstants.RxNorm && c.Code is not null)?.Code;
        var name = concept.Text ?? concept.Coding.FirstOrDefault(c => !string.IsNullOrWhiteSpace(c.Display))?.Display
            ?? (rxnorm is not null ? evidence.DrugByRxNorm(rxnorm)?.Name : null);
        if (string.IsNullOrWhiteSpace(name))
        {
            reject("medication: no name or known RxNorm code");
            return;
        }

        name = name.Trim();
        if (name.Length > 200)
        {
            reject("medication: the name is longer than 200 characters");
            return;
        }

        if (!known.Add(name))
        {
            skip($"{name} is already in {words.List}");
            return;
        }

        db.ImportedMedications.Add(new ImportedMedicationRecord { Id = Guid.NewGuid(), UserId = patientId, Text = name, ImportedAt = now });
        take($"{name} added to {words.Medicines}");
    }

    private bool IsInstrumentTotal(Coding coding) =>
        coding.Code is not PainLoinc && evidence.Instruments.Any(i =>
            (coding.System == FhirConstants.Loinc && i.Loinc?.Total == coding.Code) ||
            (coding.System == FhirConstants.ScoreCodeSystem && coding.Code == $"{i.Id}-total"));

    private static string? Subject(Resource? resource) => resource switch
    {
        QuestionnaireResponse r => r.Subject?.Reference,
        Observation o => o.Subject?.Reference,
        MedicationStatement m => m.Subject?.Reference,
        _ => null,
    };
}
