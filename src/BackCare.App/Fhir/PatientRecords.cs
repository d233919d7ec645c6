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
    public async Task<PatientExport?> LoadAsync(Guid userId, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId && u.Role == Accounts.Roles.Patient, ct);
        if (user is null) return null;
        var assessments = await db.Assessments.AsNoTracking().Where(a => a.UserId == userId && a.CompletedAt != null).OrderBy(a => a.CompletedAt).ToListAsync(ct);
        var diary = await db.DiaryEntries.AsNoTracking().Where(e => e.UserId == userId).OrderBy(e => e.Date).ToListAsync(ct);

        // An assessment this version cannot read is left out rather than failing the whole record.
        var readable = assessments.Select(StoredAssessment.Read).Where(a => a.Assessment is not null).ToList();
        var exported = readable.Select(a => new ExportedAssessment(a.Record.Id, a.Record.CompletedAt!.Value,
            a.Assessment!.Answers.ToDictionary(p => p.Key, p => (IReadOnlyList<int?>)[.. p.Value], StringComparer.Ordinal))).ToList();
        var imported = await db.ImportedResponses.AsNoTracking().Where(r => r.UserId == userId).OrderBy(r => r.AuthoredAt).ToListAsync(ct);
        foreach (var response in imported)
        {
            var answers = System.Text.Json.JsonSerializer.Deserialize<int?[]>(response.AnswersJson) ?? [];
            exported.Add(new ExportedAssessment(response.Id, response.AuthoredAt, new Dictionary<string, IReadOnlyList<int?>>(StringComparer.Ordinal) { [response.InstrumentId] = answers }));
        }

        var latest = readable.Count > 0 ? readable[^1] : null;
        var importedMedicines = await db.ImportedMedications.AsNoTracking().Where(m => m.UserId == userId).OrderBy(m => m.ImportedAt).ToListAsync(ct);
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
