using System.Collections.Immutable;
using BackCare.App.Assessments;
using BackCare.App.Auditing;
using BackCare.App.Data;
using BackCare.App.Diary;
using BackCare.App.Sharing;
using BackCare.Clinical.Assessment;
using BackCare.Clinical.CarePlans;
using BackCare.Clinical.Evidence;
using Microsoft.EntityFrameworkCore;

namespace BackCare.App.Clinicians;

/// <summary>One questionnaire score from one completed assessment (every number on the summary links to its questionnaire and date).</summary>
public sealed record ScorePoint(Guid AssessmentId, DateTime Date, string Instrument, string InstrumentName, double Score, double MaxScore, string? Band,
    Statement? Meaning, ImmutableArray<int> Answers)
{
    public string Anchor => $"q-{AssessmentId:N}-{Instrument}";
}

/// <summary>How the plan is going: check-ins, days with a technique done, activity minutes (from the diary).</summary>
public sealed record Adherence(int CheckInsLast28Days, int TechniqueDaysLast28Days, int ActivityMinutesLast7Days, int ActivityMinutesLast28Days);

/// <summary>What the back-pain guidelines say about a medicine the patient takes that has a finding (the monograph's verified back-pain statements).</summary>
public sealed record GuidelinePosition(string Medicine, Statement Statement);

/// <summary>What happened since this clinician last opened the summary (from the audit trail).</summary>
public sealed record SinceLastLook(DateTimeOffset? LastLooked, int NewCheckIns, int NewAssessments, IReadOnlyList<RowAlert> NewAlerts);

/// <summary>Everything the clinician summary shows, computed with the same engines as the patient's own pages.</summary>
public sealed record PatientSummary(
    Guid PatientId,
    string Name,
    DateOnly Today,
    PanelRow Row,
    StoredAssessment? Latest,
    CarePlan? Plan,
    ProgressResult? Progress,
    int DurationWeeks,
    IReadOnlyList<DiaryEntryRecord> DiarySinceAssessment,
    IReadOnlyList<ScorePoint> Scores,
    double? SleepHoursLast7Days,
    Adherence Adherence,
    SinceLastLook Changes,
    IReadOnlyList<GuidelinePosition> Guidelines)
{
    public IEnumerable<RowAlert> Safety => Row.Alerts.Where(a => AlertKinds.Group(a.Alert.Kind) == AlertKinds.Safety);

    public IEnumerable<ScorePoint> ScoresOf(params string[] instruments) =>
        Scores.Where(s => instruments.Contains(s.Instrument, StringComparer.Ordinal)).OrderBy(s => s.Date);
}

/// <summary>
/// The one-minute summary of a patient who shares with the clinician (issue 16). Null without access, so the page
/// answers 404 whether or not the patient exists. Each view is audited as a read of the patient's record.
/// </summary>
public sealed class PatientSummaryService(
    BackCareDbContext db, PatientAccess access, ClinicianPanel panel, CurrentPlans plans, EvidenceBase evidence, AuditLog audit, TimeProvider clock)
{
    public async Task<PatientSummary?> BuildAsync(Guid clinicianId, Guid patientId, string auditResource, CancellationToken ct)
    {
        if (!await access.CanClinicianReadAsync(clinicianId, patientId, ct)) return null;
        var row = await panel.RowAsync(clinicianId, patientId, ct);
        if (row is null) return null;
        var actor = AuditLog.UserActor(clinicianId);
        var patient = patientId.ToString("N");
        var lastLooked = await db.AuditEntries.AsNoTracking()
            .Where(a => a.ResourceType == ClinicianReads.Summary && a.ResourceId == patient && a.Actor == actor)
            .OrderByDescending(a => a.Id).Select(a => (DateTimeOffset?)a.OccurredAt).FirstOrDefaultAsync(ct);
        audit.RecordRead(actor, auditResource, patient);

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var assessments = await db.Assessments.AsNoTracking()
            .Where(a => a.UserId == patientId && a.CompletedAt != null && a.Disposition != AssessmentService.Unreadable)
            .OrderByDescending(a => a.CompletedAt).ToListAsync(ct);
        var diary = await db.DiaryEntries.AsNoTracking().Where(e => e.UserId == patientId).OrderBy(e => e.Date).ToListAsync(ct);
        var stored = assessments.Select(StoredAssessment.Read).ToList();
        var latest = stored.FirstOrDefault(s => s.Assessment is not null);
        var since = CurrentPlans.DiarySince(latest?.Record, diary);
        var weeks = latest?.Assessment?.DurationWeeks ?? 0;
        var progress = since.Any(e => e.Pain is not null) ? plans.Progress(since, weeks) : null;
        var plan = latest is null ? null : plans.AsOf(latest, diary, today);

        var last7 = diary.Where(e => e.Date > today.AddDays(-7)).ToList();
        var last28 = diary.Where(e => e.Date > today.AddDays(-28)).ToList();
        var adherence = new Adherence(
            last28.Count(e => e.Pain is not null),
            last28.Count(e => !string.IsNullOrWhiteSpace(e.Techniques)),
            last7.Sum(e => e.ActivityMinutes ?? 0),
            last28.Sum(e => e.ActivityMinutes ?? 0));
        var sleep = last7.Where(e => e.SleepHours is not null).Select(e => e.SleepHours!.Value).DefaultIfEmpty(double.NaN).Average();

        var changes = new SinceLastLook(
            lastLooked,
            lastLooked is { } seen ? diary.Count(e => e.UpdatedAt > seen.UtcDateTime) : 0,
            lastLooked is { } seen2 ? assessments.Count(a => a.CompletedAt > seen2.UtcDateTime) : 0,
            lastLooked is { } seen3 ? [.. row.Alerts.Where(a => a.Alert.Since > seen3.UtcDateTime)] : []);

        var name = await db.Users.AsNoTracking().Where(u => u.Id == patientId).Select(u => u.DisplayName).SingleAsync(ct);
        return new PatientSummary(patientId, name, today, row, latest, plan, progress, weeks, since, Scores(stored),
            double.IsNaN(sleep) ? null : Math.Round(sleep, 1), adherence, changes, Guidelines(plan));
    }

    /// <summary>For each ingredient named in a finding, the verified back-pain statements of its monograph (drug and classes).</summary>
    private List<GuidelinePosition> Guidelines(CarePlan? plan)
    {
        var flagged = plan?.Medications?.Findings.SelectMany(f => f.Drugs).ToHashSet(StringComparer.Ordinal) ?? [];
        return [.. flagged.Order(StringComparer.Ordinal)
            .Select(id => evidence.DrugById(id))
            .OfType<Drug>()
            .SelectMany(drug => evidence.Monograph(drug).BackPain
                .Where(s => s.Statement.Status == Confirmation.Verified)
                .Select(s => new GuidelinePosition(drug.Name, s.Statement)))];
    }

    private List<ScorePoint> Scores(IEnumerable<StoredAssessment> stored)
    {
        var points = new List<ScorePoint>();
        foreach (var s in stored)
        {
            if (s.Assessment is not { } assessment || s.Record.CompletedAt is not { } completed) continue;
            foreach (var (id, answers) in assessment.Answers)
            {
                if (evidence.Instrument(id) is not { } instrument) continue;
                if (InstrumentScorer.Score(instrument, answers.AsSpan()).Score is not { } score) continue;
                points.Add(new ScorePoint(s.Record.Id, completed, id, instrument.Name, score.Score, instrument.MaxScore, score.Band,
                    score.Band is { } band ? instrument.Band(band)?.Meaning : null, score.Answers));
            }
        }

        return points;
    }
}
