using BackCare.App.Assessments;
using BackCare.App.Data;
using BackCare.Clinical.Medications;
using BackCare.Interop.Fhir;
using Microsoft.EntityFrameworkCore;

namespace BackCare.App.Fhir;

/// <summary>
/// Loads one patient's stored record as the FHIR-free <see cref="PatientExport"/> that
/// <see cref="PatientBundleMapper"/> turns into resources. Callers decide who may read it and audit the read.
/// </summary>
public sealed class PatientRecords(BackCareDbContext db, MedicationRecognizer recognizer)
{
    /// <summary>The record of a patient account, or null when there is no such patient.</summary>
    public async Task<PatientExport?> LoadAsync(Guid userId, CancellationToken ct) => (await LoadManyAsync([userId], ct)).SingleOrDefault();

    /// <summary>
    /// The records of several patient accounts (in the order asked; ids that are not patients are left out), each table
    /// read once for all of them, so a search over a clinician's shared patients costs a few queries, not a few per patient.
    /// </summary>
    public async Task<IReadOnlyList<PatientExport>> LoadManyAsync(IReadOnlyCollection<Guid> userIds, CancellationToken ct)
    {
        if (userIds.Count == 0) return [];
        var ids = userIds.Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id) && u.Role == Accounts.Roles.Patient).ToDictionaryAsync(u => u.Id, ct);
        ids = [.. ids.Where(users.ContainsKey)];
        if (ids.Count == 0) return [];
        var assessments = (await db.Assessments.AsNoTracking().Where(a => ids.Contains(a.UserId) && a.CompletedAt != null).ToListAsync(ct)).ToLookup(a => a.UserId);
        var diary = (await db.DiaryEntries.AsNoTracking().Where(e => ids.Contains(e.UserId)).ToListAsync(ct)).ToLookup(e => e.UserId);
        var imported = (await db.ImportedResponses.AsNoTracking().Where(r => ids.Contains(r.UserId)).ToListAsync(ct)).ToLookup(r => r.UserId);
        var importedMedicines = (await db.ImportedMedications.AsNoTracking().Where(m => ids.Contains(m.UserId)).ToListAsync(ct)).ToLookup(m => m.UserId);
        return [.. ids.Select(id => Build(users[id], [.. assessments[id].OrderBy(a => a.CompletedAt).ThenBy(a => a.Id)], [.. diary[id].OrderBy(e => e.Date)],
            [.. imported[id].OrderBy(r => r.AuthoredAt).ThenBy(r => r.Id)], [.. importedMedicines[id].OrderBy(m => m.ImportedAt).ThenBy(m => m.Text, StringComparer.Ordinal)]))];
    }

    /// <summary>
    /// The records of many patients, loaded <see cref="ChunkSize"/> at a time in the order asked: a search holds one
    /// chunk's records at once, and a read stops at the chunk that has what it looks for.
    /// </summary>
    public async IAsyncEnumerable<PatientExport> LoadInChunksAsync(IReadOnlyList<Guid> userIds, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        foreach (var chunk in userIds.Chunk(ChunkSize))
        {
            foreach (var record in await LoadManyAsync(chunk, ct)) yield return record;
        }
    }

    public const int ChunkSize = 50;

    private PatientExport Build(Accounts.UserAccount user, List<AssessmentRecord> assessments, List<Diary.DiaryEntryRecord> diary,
        List<ImportedResponseRecord> imported, List<ImportedMedicationRecord> importedMedicines)
    {
        // An assessment this version cannot read is left out rather than failing the whole record.
        var readable = assessments.Select(StoredAssessment.Read).Where(a => a.Assessment is not null).ToList();
        var exported = readable.Select(a => new ExportedAssessment(a.Record.Id, a.Record.CompletedAt!.Value,
            a.Assessment!.Answers.ToDictionary(p => p.Key, p => (IReadOnlyList<int?>)[.. p.Value], StringComparer.Ordinal))).ToList();
        foreach (var response in imported)
        {
            exported.Add(new ExportedAssessment(response.Id, response.AuthoredAt, new Dictionary<string, IReadOnlyList<int?>>(StringComparer.Ordinal) { [response.InstrumentId] = response.ReadAnswers() }));
        }

        var latest = readable.Count > 0 ? readable[^1] : null;
        var medicines = (latest?.Assessment?.Medications ?? []).Select(m => recognizer.Recognize(m.Input))
            .Concat(importedMedicines.Select(m => recognizer.Recognize(m.Text)))
            .DistinctBy(m => m.Input, StringComparer.OrdinalIgnoreCase).ToList();
        return new PatientExport(user.Id, user.DisplayName, exported, [.. diary.Select(d => new ExportedDiaryDay(d.Date, d.Pain, d.UpdatedAt))], medicines)
        {
            PatientUpdatedAt = user.CreatedAt,
            MedicationsAssertedAt = importedMedicines.Count > 0 && (latest?.Record.CompletedAt is not { } at || importedMedicines[^1].ImportedAt > at) ? importedMedicines[^1].ImportedAt : latest?.Record.CompletedAt,
        };
    }
}
