using System.Globalization;
using System.Text;
using BackCare.App.Assessments;
using BackCare.App.Auditing;
using BackCare.App.Data;
using BackCare.Clinical.Evidence;
using BackCare.App.Fhir;
using Hl7.Fhir.Model;
using BackCare.Interop.Fhir;
using CsvHelper;
using Microsoft.EntityFrameworkCore;

namespace BackCare.App.Exports;

/// <summary>Everything a person has stored, in formats they can take elsewhere: CSV diary, FHIR Bundle, one-page PDF.</summary>
public sealed class ExportService(BackCareDbContext db, TimeProvider clock, AuditLog audit, AssessmentService assessmentService, EvidenceBase evidence, PatientRecords records)
{
    public async Task<string> DiaryCsvAsync(Guid userId, CancellationToken ct)
    {
        var entries = await db.DiaryEntries.AsNoTracking().Where(e => e.UserId == userId).OrderBy(e => e.Date).ToListAsync(ct);
        audit.Record(AuditLog.UserActor(userId), "export", "diary", userId.ToString("N"));
        await db.SaveChangesAsync(ct);
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        await using (var csv = CsvWriter.Create(writer, CsvWriterOptions.Default, true))
        {
            foreach (var header in new[] { "date", "pain", "anxiety", "sleep_hours", "activity_minutes", "medicines_taken", "techniques", "triggers", "note" })
            {
                csv.WriteField(header);
            }

            await csv.EndRecordAsync(ct);
            string N(double? v) => v?.ToString(CultureInfo.InvariantCulture) ?? "";
            foreach (var e in entries)
            {
                csv.WriteField(e.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                csv.WriteField(N(e.Pain));
                csv.WriteField(N(e.Anxiety));
                csv.WriteField(N(e.SleepHours));
                csv.WriteField(N(e.ActivityMinutes));
                csv.WriteField(SafeCell(e.MedicinesTaken));
                csv.WriteField(SafeCell(e.Techniques));
                csv.WriteField(SafeCell(e.Triggers));
                csv.WriteField(SafeCell(e.Note));
                await csv.EndRecordAsync(ct);
            }

            await csv.FlushAsync(ct);
        }

        return writer.ToString();
    }

    /// <summary>
    /// The whole record as a FHIR R4 searchset Bundle: the patient's "export everything" download and the API's
    /// <c>Patient/{id}/$everything</c> both come from here. Null when there is no such patient. Audited as an export
    /// by <paramref name="actor"/> before anything is returned.
    /// </summary>
    public async Task<Bundle?> FhirBundleAsync(Guid patientId, string actor, string fhirBase, CancellationToken ct)
    {
        var record = await records.LoadAsync(patientId, ct);
        if (record is null) return null;
        audit.Record(actor, "export", "fhir_bundle", patientId.ToString("N"));
        await db.SaveChangesAsync(ct);
        return PatientBundleMapper.ToBundle(evidence, record, clock.GetUtcNow(), fhirBase);
    }

    public async Task<byte[]> SummaryPdfAsync(Guid userId, SafetyContacts contacts, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == userId, ct);
        var latest = await db.Assessments.AsNoTracking().Where(a => a.UserId == userId && a.CompletedAt != null).OrderByDescending(a => a.CompletedAt).FirstOrDefaultAsync(ct);
        // The recent weeks for the diary section, and everything since the assessment, so the plan printed is
        // the one the Plan page shows (progress is measured from the assessment's first week).
        var from = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(-60);
        if (latest?.CompletedAt is { } completed && DateOnly.FromDateTime(completed) < from) from = DateOnly.FromDateTime(completed);
        var diary = await db.DiaryEntries.AsNoTracking().Where(e => e.UserId == userId && e.Date >= from).OrderByDescending(e => e.Date).ToListAsync(ct);
        audit.Record(AuditLog.UserActor(userId), "export", "pdf_summary", userId.ToString("N"));
        await db.SaveChangesAsync(ct);
        var now = clock.GetUtcNow();
        var plan = latest is null ? null : assessmentService.CurrentPlan(StoredAssessment.Read(latest), diary, DateOnly.FromDateTime(now.UtcDateTime));
        return SummaryPdf.Render(evidence, user.DisplayName, latest?.CompletedAt, plan, diary, contacts, now);
    }

    /// <summary>
    /// A text cell that a spreadsheet will show as text: one starting with = + - @ (or a tab or carriage return, which
    /// some spreadsheets skip before reading a formula) gets a leading apostrophe, so <c>=HYPERLINK(...)</c> typed in a
    /// note is never run as a formula (OWASP "CSV injection").
    /// </summary>
    public static string SafeCell(string? text) =>
        string.IsNullOrEmpty(text) ? "" : text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    public static string FileStamp(DateTimeOffset now) => now.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    internal static string Lines(params string[] lines) => new StringBuilder().AppendJoin('\n', lines).ToString();
}
