using BackCare.App.Data;
using BackCare.Clinical.Assessment;
using BackCare.Clinical.Evidence;
using Microsoft.EntityFrameworkCore;

namespace BackCare.App.Fhir;

/// <summary>
/// PHQ-9 item 9 in imported questionnaires (FHIR import, by the patient or a clinician they allowed): the newest imported
/// PHQ-9 that is newer than the latest assessment raises the self-harm alert on the panel and the crisis message for the
/// patient when it answers item 9 above zero. It raises, never clears: a newer import answering "not at all" leaves an
/// assessment's own self-harm answer standing.
/// </summary>
public sealed class ImportedSelfHarm(BackCareDbContext db, EvidenceBase evidence)
{
    public const string Phq9 = "phq9";

    /// <summary>The newest imported PHQ-9 newer than <paramref name="assessedAt"/> when it answers item 9 above zero; otherwise null.</summary>
    public static ImportedResponseRecord? NewestPositive(EvidenceBase evidence, IEnumerable<ImportedResponseRecord> imported, DateTime? assessedAt)
    {
        var newest = imported.Where(r => r.InstrumentId == Phq9 && (assessedAt is not { } at || r.AuthoredAt > at)).MaxBy(r => r.AuthoredAt);
        if (newest is null || evidence.Instrument(Phq9) is not { } phq9) return null;
        return InstrumentScorer.Score(phq9, newest.ReadAnswers()).Score?.SelfHarmRisk == true ? newest : null;
    }

    /// <summary>The patient's imported PHQ-9 responses (the input of <see cref="NewestPositive"/>).</summary>
    public async Task<IReadOnlyList<ImportedResponseRecord>> Phq9ResponsesAsync(Guid patientId, CancellationToken ct) =>
        await db.ImportedResponses.AsNoTracking().Where(r => r.UserId == patientId && r.InstrumentId == Phq9).ToListAsync(ct);

    /// <summary>Must the patient's pages show the crisis message because of an imported PHQ-9 (against their latest completed assessment)?</summary>
    public async Task<bool> ShowsCrisisAsync(Guid patientId, CancellationToken ct)
    {
        var assessedAt = await db.Assessments.AsNoTracking()
            .Where(a => a.UserId == patientId && a.CompletedAt != null && a.Disposition != Assessments.AssessmentService.Unreadable)
            .OrderByDescending(a => a.CompletedAt).Select(a => a.CompletedAt).FirstOrDefaultAsync(ct);
        return NewestPositive(evidence, await Phq9ResponsesAsync(patientId, ct), assessedAt) is not null;
    }
}
