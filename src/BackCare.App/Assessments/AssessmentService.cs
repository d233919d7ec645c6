using System.Security.Cryptography;
using System.Text;
using BackCare.App.Auditing;
using BackCare.App.Data;
using BackCare.App.Diary;
using BackCare.Clinical.Assessment;
using BackCare.Clinical.CarePlans;
using BackCare.Clinical.Evidence;
using BackCare.Clinical.Triage;
using Microsoft.EntityFrameworkCore;

namespace BackCare.App.Assessments;

/// <summary>
/// The assessment, one screen at a time, resumable. Each screen's typed answers are merged into the saved
/// <see cref="AssessmentV1"/> (<see cref="AssessmentSteps.Merge"/>); red flags come first, and an emergency stops
/// the flow. Plans are built by the pure <see cref="CarePlanEngine"/>, and every plan a person is shown is stored
/// as a <see cref="PlanSnapshotRecord"/> with the evidence-base version that produced it.
/// </summary>
public sealed class AssessmentService(
    BackCareDbContext db, TimeProvider clock, AuditLog audit, EvidenceBase evidence, EvidenceVersion evidenceVersion,
    CurrentPlans currentPlans)
{
    public static IReadOnlyList<string> Steps => AssessmentSteps.All;

    /// <summary>The assessment in progress, or null; never creates one (a refused form must store nothing).</summary>
    public async Task<AssessmentRecord?> CurrentAsync(Guid userId, CancellationToken ct)
    {
        var current = await db.Assessments.Where(a => a.UserId == userId && a.CompletedAt == null)
            .OrderByDescending(a => a.StartedAt).FirstOrDefaultAsync(ct);
        if (current is not null) audit.RecordRead(AuditLog.UserActor(userId), "assessment", current.Id.ToString("N"));
        return current;
    }

    public async Task<AssessmentRecord> CurrentOrNewAsync(Guid userId, CancellationToken ct)
    {
        var (record, stored) = await CurrentOrDraftCoreAsync(userId, ct);
        if (stored) return record;
        db.Assessments.Add(record);
        audit.Record(AuditLog.UserActor(userId), "create", "assessment", record.Id.ToString("N"));
        await db.SaveChangesAsync(ct);
        return record;
    }

    /// <summary>
    /// The assessment in progress, or a new one that is not stored: opening the first screen (a GET) must not
    /// create a row; the first answered screen does (through <see cref="CurrentOrNewAsync"/>).
    /// </summary>
    public async Task<AssessmentRecord> CurrentOrDraftAsync(Guid userId, CancellationToken ct) =>
        (await CurrentOrDraftCoreAsync(userId, ct)).Record;

    private async Task<(AssessmentRecord Record, bool Stored)> CurrentOrDraftCoreAsync(Guid userId, CancellationToken ct)
    {
        var current = await db.Assessments.Where(a => a.UserId == userId && a.CompletedAt == null)
            .OrderByDescending(a => a.StartedAt).FirstOrDefaultAsync(ct);
        if (current is not null)
        {
            audit.RecordRead(AuditLog.UserActor(userId), "assessment", current.Id.ToString("N"));
            return (current, true);
        }

        var previous = await db.Assessments.AsNoTracking().Where(a => a.UserId == userId && a.CompletedAt != null && a.Disposition != "emergency" && a.Disposition != Unreadable)
            .OrderByDescending(a => a.CompletedAt).FirstOrDefaultAsync(ct);
        // What rarely changes is carried forward from the last readable assessment; an unreadable one carries nothing.
        var carried = previous is null ? AssessmentV1.Empty : StoredAssessment.Read(previous).Assessment?.CarriedForward() ?? AssessmentV1.Empty;
        var created = new AssessmentRecord
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            StartedAt = clock.GetUtcNow().UtcDateTime,
            Step = AssessmentSteps.All[0],
            InputJson = AssessmentDocument.ToJson(carried),
        };
        if (previous is not null) audit.RecordRead(AuditLog.UserActor(userId), "assessment", previous.Id.ToString("N"));
        return (created, false);
    }

    /// <summary>
    /// Merges one screen's answers and moves to the next screen. After the red-flag screen an emergency
    /// completes the assessment at once (the person sees what to do now, nothing else). A stored document that
    /// cannot be read is left exactly as it is.
    /// </summary>
    public async Task<AssessmentRecord> SaveStepAsync(AssessmentRecord assessment, string step, AssessmentV1 screen, CancellationToken ct)
    {
        if (!CanOpen(assessment, step)) return assessment; // screens are answered in order; a later one cannot be saved first
        if (StoredAssessment.Read(assessment).Assessment is not { } saved) return assessment;
        var userId = assessment.UserId;
        var merged = AssessmentSteps.Merge(saved, step, screen);
        assessment.InputJson = AssessmentDocument.ToJson(merged);
        // Saving an earlier screen again (the person went back to change it) returns them to the furthest
        // screen they had reached; the screens in between keep their answers.
        var next = AssessmentSteps.After(step);
        if (assessment.Step != AssessmentSteps.Done && AssessmentSteps.IndexOf(assessment.Step) > AssessmentSteps.IndexOf(step)) next = assessment.Step;
        assessment.Step = next;
        var now = clock.GetUtcNow();
        if (step == AssessmentSteps.RedFlags && Triage(merged) is { Disposition: Disposition.Emergency })
        {
            assessment.CompletedAt = now.UtcDateTime;
            assessment.Disposition = "emergency";
            assessment.Step = AssessmentSteps.Done;
        }
        else if (assessment.Step == AssessmentSteps.Done)
        {
            assessment.CompletedAt = now.UtcDateTime;
            var plan = BuildPlan(merged);
            assessment.Disposition = plan?.Disposition.ToString().ToLowerInvariant();
            if (plan is not null) AddSnapshot(assessment, PlanSnapshot.Take(plan, evidence, evidenceVersion.Value, DateOnly.FromDateTime(now.UtcDateTime)), "assessment");
        }

        audit.Record(AuditLog.UserActor(userId), "update", "assessment", assessment.Id.ToString("N"));
        await db.SaveChangesAsync(ct);
        return assessment;
    }

    /// <summary>
    /// An assessment in progress that this version cannot read is closed as <c>unreadable</c>, its document kept
    /// exactly as stored, so the person can start again; a readable one is never touched.
    /// </summary>
    public async Task SetAsideUnreadableAsync(Guid userId, CancellationToken ct)
    {
        if (await CurrentAsync(userId, ct) is not { } current || StoredAssessment.Read(current).Problem is null) return;
        current.CompletedAt = clock.GetUtcNow().UtcDateTime;
        current.Step = AssessmentSteps.Done;
        current.Disposition = Unreadable;
        audit.Record(AuditLog.UserActor(userId), "update", "assessment", current.Id.ToString("N"));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The disposition of an assessment set aside because it could not be read.</summary>
    public const string Unreadable = "unreadable";

    /// <summary>A screen can be shown and saved once every screen before it has been answered.</summary>
    public static bool CanOpen(AssessmentRecord assessment, string step)
    {
        var index = AssessmentSteps.IndexOf(step);
        return index >= 0 && (assessment.Step == AssessmentSteps.Done || index <= AssessmentSteps.IndexOf(assessment.Step));
    }

    /// <summary>Completed assessments, newest first.</summary>
    public async Task<IReadOnlyList<AssessmentRecord>> CompletedAsync(Guid userId, CancellationToken ct)
    {
        var list = await db.Assessments.AsNoTracking().Where(a => a.UserId == userId && a.CompletedAt != null && a.Disposition != Unreadable)
            .OrderByDescending(a => a.CompletedAt).ToListAsync(ct);
        audit.RecordRead(AuditLog.UserActor(userId), "assessment", userId.ToString("N"));
        return list;
    }

    public TriageResult? Triage(AssessmentV1 assessment) =>
        assessment.Age is { } age && assessment.DurationWeeks is { } weeks
            ? TriageEngine.Evaluate(evidence, new TriageInput(age, weeks * 7, assessment.Findings)).Result
            : null;

    /// <summary>The plan for an assessment (null while it is incomplete).</summary>
    public CarePlan? BuildPlan(AssessmentV1 assessment) => currentPlans.Build(assessment);

    /// <summary>The plan as the person sees it on <paramref name="today"/> (<see cref="CurrentPlans.AsOf"/>).</summary>
    public CarePlan? CurrentPlan(StoredAssessment stored, IReadOnlyList<DiaryEntryRecord> diary, DateOnly today) => currentPlans.AsOf(stored, diary, today);

    public ProgressResult Progress(IReadOnlyList<DiaryEntryRecord> entries, int durationWeeksAtBaseline) => currentPlans.Progress(entries, durationWeeksAtBaseline);

    /// <summary>
    /// The plan shown to the person today, stored when it differs from the last one stored for this assessment
    /// (the diary moved it forward, or the evidence base changed), with the plan shown before it.
    /// </summary>
    public async Task<ShownPlan> ShownPlanAsync(StoredAssessment latest, IReadOnlyList<DiaryEntryRecord> diary, DateOnly today, CancellationToken ct)
    {
        if (latest.Problem is { } problem) return new ShownPlan(null, null, problem);
        var record = latest.Record;
        var stored = await db.PlanSnapshots.AsNoTracking().Where(p => p.UserId == record.UserId)
            .OrderByDescending(p => p.CreatedAt).Take(2).ToListAsync(ct);
        audit.RecordRead(AuditLog.UserActor(record.UserId), "plan_snapshot", record.Id.ToString("N"));
        if (CurrentPlan(latest, diary, today) is not { } plan) return new ShownPlan(null, null, null);

        var snapshot = PlanSnapshot.Take(plan, evidence, evidenceVersion.Value, today);
        var last = stored.FirstOrDefault(p => p.AssessmentId == record.Id);
        if (last is not null && last.ContentHash == ContentHash(snapshot))
        {
            return new ShownPlan(PlanSnapshot.Parse(last.SnapshotJson).Snapshot ?? snapshot, Previous(stored, last), null);
        }

        var reason = last is null ? "assessment" : last.EvidenceVersion != evidenceVersion.Value ? "evidence_update" : "progress";
        var added = AddSnapshot(record, snapshot, reason);
        audit.Record(AuditLog.UserActor(record.UserId), "create", "plan_snapshot", added.Id.ToString("N"));
        await db.SaveChangesAsync(ct);
        return new ShownPlan(snapshot, stored.Count > 0 ? PlanSnapshot.Parse(stored[0].SnapshotJson).Snapshot : null, null);
    }

    private static PlanSnapshot? Previous(List<PlanSnapshotRecord> newestFirst, PlanSnapshotRecord current) =>
        newestFirst.FirstOrDefault(p => p.Id != current.Id) is { } before ? PlanSnapshot.Parse(before.SnapshotJson).Snapshot : null;

    /// <summary>Every plan the person was shown, newest first (the stored text, whatever the evidence base is now).</summary>
    public async Task<IReadOnlyList<PlanSnapshotRecord>> SnapshotsAsync(Guid userId, CancellationToken ct)
    {
        var list = await db.PlanSnapshots.AsNoTracking().Where(p => p.UserId == userId).OrderByDescending(p => p.CreatedAt).ToListAsync(ct);
        audit.RecordRead(AuditLog.UserActor(userId), "plan_snapshot", userId.ToString("N"));
        return list;
    }

    private PlanSnapshotRecord AddSnapshot(AssessmentRecord assessment, PlanSnapshot snapshot, string reason)
    {
        var record = new PlanSnapshotRecord
        {
            Id = Guid.NewGuid(),
            UserId = assessment.UserId,
            AssessmentId = assessment.Id,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            AsOf = snapshot.AsOf,
            Reason = reason,
            EvidenceVersion = snapshot.EvidenceVersion,
            ContentHash = ContentHash(snapshot),
            SnapshotJson = snapshot.ToJson(),
        };
        db.PlanSnapshots.Add(record);
        return record;
    }

    /// <summary>What makes two snapshots the same plan: everything but the day it was computed for.</summary>
    private static string ContentHash(PlanSnapshot snapshot) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes((snapshot with { AsOf = default }).ToJson())));

    public static IReadOnlyList<DiaryEntryRecord> DiarySince(AssessmentRecord? assessment, IReadOnlyList<DiaryEntryRecord> diary) =>
        CurrentPlans.DiarySince(assessment, diary);

    /// <summary>The order the assessment asks its questionnaires in, for showing scores the same way everywhere.</summary>
    private static readonly string[] ScoreOrder = ["startback", "nrs", "peg", "rmdq", "gad7", "gad2", "phq9", "phq2"];

    public static IEnumerable<InstrumentScore> ScoresInOrder(CarePlan plan) =>
        plan.Scores.Values.OrderBy(s => Array.IndexOf(ScoreOrder, s.Instrument) is var i && i < 0 ? int.MaxValue : i);
}
