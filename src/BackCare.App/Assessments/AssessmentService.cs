using System.Text.Json;
using System.Text.Json.Nodes;
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
/// The assessment, one screen at a time, resumable. Each screen merges its part into the plan-input
/// document; red flags come first, and an emergency stops the flow. Plans are built by the pure
/// <see cref="CarePlanEngine"/> from the saved document.
/// </summary>
public sealed class AssessmentService(BackCareDbContext db, TimeProvider clock, AuditLog audit)
{
    public static readonly string[] Steps = ["redflags", "startback", "pain", "anxiety", "mood", "sleep", "medicines", "preferences"];

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

        var previous = await db.Assessments.AsNoTracking().Where(a => a.UserId == userId && a.CompletedAt != null && a.Disposition != "emergency")
            .OrderByDescending(a => a.CompletedAt).FirstOrDefaultAsync(ct);
        var created = new AssessmentRecord
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            StartedAt = clock.GetUtcNow().UtcDateTime,
            Step = Steps[0],
            InputJson = CarriedForward(previous).ToJsonString(),
        };
        if (previous is not null) audit.RecordRead(AuditLog.UserActor(userId), "assessment", previous.Id.ToString("N"));
        return (created, false);
    }

    /// <summary>Facts that rarely change, kept from the last assessment so a re-assessment need not retype them.
    /// Questionnaire answers, red flags and sleep are never carried forward: they must be answered afresh.</summary>
    private static readonly string[] CarriedKeys = ["age", "medications", "conditions", "alcohol", "pregnant", "breastfeeding", "preferences"];

    private static JsonObject CarriedForward(AssessmentRecord? previous)
    {
        var carried = new JsonObject();
        if (previous is null) return carried;
        var document = Document(previous);
        foreach (var key in CarriedKeys)
        {
            if (document[key] is { } value) carried[key] = value.DeepClone();
        }

        return carried;
    }

    /// <summary>
    /// Merges one screen's answers and moves to the next screen. After the red-flag screen an emergency
    /// completes the assessment at once (the person sees what to do now, nothing else).
    /// </summary>
    public async Task<AssessmentRecord> SaveStepAsync(Guid userId, string step, JsonObject part, CancellationToken ct) =>
        await SaveStepAsync(await CurrentOrNewAsync(userId, ct), step, part, ct);

    /// <summary>As above, for the in-progress assessment the caller already loaded with <see cref="CurrentOrNewAsync"/>.</summary>
    public async Task<AssessmentRecord> SaveStepAsync(AssessmentRecord assessment, string step, JsonObject part, CancellationToken ct)
    {
        if (!CanOpen(assessment, step)) return assessment; // screens are answered in order; a later one cannot be saved first
        var userId = assessment.UserId;
        var input = JsonNode.Parse(assessment.InputJson)!.AsObject();
        foreach (var (key, value) in part)
        {
            if (key == "answers" && value is JsonObject answers)
            {
                var existing = input["answers"] as JsonObject ?? [];
                foreach (var (instrument, values) in answers)
                {
                    // An optional questionnaire left out (null) removes any earlier answer to it.
                    if (values is null) existing.Remove(instrument);
                    else existing[instrument] = values.DeepClone();
                }
                input["answers"] = existing.DeepClone();
            }
            else
            {
                input[key] = value?.DeepClone();
            }
        }

        assessment.InputJson = input.ToJsonString();
        // Saving an earlier screen again (the person went back to change it) returns them to the furthest
        // screen they had reached; the screens in between keep their answers.
        var index = Array.IndexOf(Steps, step);
        var next = Math.Max(index + 1, Array.IndexOf(Steps, assessment.Step));
        assessment.Step = next < Steps.Length ? Steps[next] : "done";
        if (step == "redflags" && Triage(input) is { Disposition: Disposition.Emergency })
        {
            assessment.CompletedAt = clock.GetUtcNow().UtcDateTime;
            assessment.Disposition = "emergency";
            assessment.Step = "done";
        }
        else if (assessment.Step == "done")
        {
            assessment.CompletedAt = clock.GetUtcNow().UtcDateTime;
            assessment.Disposition = BuildPlan(assessment)?.Disposition.ToString().ToLowerInvariant();
        }

        audit.Record(AuditLog.UserActor(userId), "update", "assessment", assessment.Id.ToString("N"));
        await db.SaveChangesAsync(ct);
        return assessment;
    }

    /// <summary>A screen can be shown and saved once every screen before it has been answered.</summary>
    public static bool CanOpen(AssessmentRecord assessment, string step)
    {
        var index = Array.IndexOf(Steps, step);
        return index >= 0 && index <= Array.IndexOf(Steps, assessment.Step);
    }

    /// <summary>Completed assessments, newest first.</summary>
    public async Task<IReadOnlyList<AssessmentRecord>> CompletedAsync(Guid userId, CancellationToken ct)
    {
        var list = await db.Assessments.AsNoTracking().Where(a => a.UserId == userId && a.CompletedAt != null)
            .OrderByDescending(a => a.CompletedAt).ToListAsync(ct);
        audit.RecordRead(AuditLog.UserActor(userId), "assessment", userId.ToString("N"));
        return list;
    }

    public static TriageResult? Triage(JsonObject input)
    {
        var age = input["age"]?.GetValue<int>();
        var weeks = input["durationWeeks"]?.GetValue<int>();
        if (age is null || weeks is null) return null;
        var findings = input["findings"]?.AsArray().Select(f => f!.GetValue<string>()).ToArray() ?? [];
        return TriageEngine.Evaluate(EmbeddedEvidence.Default, new TriageInput(age.Value, weeks.Value * 7, [.. findings])).Result;
    }

    /// <summary>The plan for a saved assessment (null if the saved document is incomplete).</summary>
    public static CarePlan? BuildPlan(AssessmentRecord assessment, ProgressResult? progress = null, int? daysSinceAssessment = null)
    {
        var (input, _) = PlanInputJson.ParsePlan(assessment.InputJson);
        return input is null ? null : CarePlanEngine.Default.Build(input, progress, daysSinceAssessment).Plan;
    }

    /// <summary>
    /// The plan as the person sees it on <paramref name="today"/>: the assessment's plan moved forward by the diary
    /// kept since, once there are at least 8 days with pain recorded (fewer say too little about the trend), with
    /// durations counted from the assessment date to today.
    /// </summary>
    public static CarePlan? CurrentPlan(AssessmentRecord assessment, IReadOnlyList<DiaryEntryRecord> diary, DateOnly today)
    {
        var since = DiarySince(assessment, diary);
        var progress = since.Count(e => e.Pain is not null) >= 8 ? DiaryService.Progress(since, DurationWeeks(assessment)) : null;
        var elapsed = assessment.CompletedAt is { } completed ? Math.Max(0, today.DayNumber - DateOnly.FromDateTime(completed).DayNumber) : 0;
        return BuildPlan(assessment, progress, elapsed);
    }

    /// <summary>The diary entries from the day the assessment was completed: what progress is measured on.</summary>
    public static IReadOnlyList<DiaryEntryRecord> DiarySince(AssessmentRecord? assessment, IReadOnlyList<DiaryEntryRecord> diary) =>
        assessment?.CompletedAt is { } completed ? [.. diary.Where(e => e.Date >= DateOnly.FromDateTime(completed))] : diary;

    /// <summary>How long the pain had lasted when the assessment was made (0 when unknown).</summary>
    public static int DurationWeeks(AssessmentRecord? assessment) => assessment is null ? 0 : Input(assessment)?.DurationWeeks ?? 0;

    /// <summary>The order the assessment asks its questionnaires in, for showing scores the same way everywhere.</summary>
    private static readonly string[] ScoreOrder = ["startback", "nrs", "peg", "rmdq", "gad7", "gad2", "phq9", "phq2"];

    public static IEnumerable<InstrumentScore> ScoresInOrder(CarePlan plan) =>
        plan.Scores.Values.OrderBy(s => Array.IndexOf(ScoreOrder, s.Instrument) is var i && i < 0 ? int.MaxValue : i);

    public static PlanInput? Input(AssessmentRecord assessment) => PlanInputJson.ParsePlan(assessment.InputJson).Input;

    public static JsonObject Document(AssessmentRecord assessment) => JsonNode.Parse(assessment.InputJson)!.AsObject();

    public static string Serialize(object value) => JsonSerializer.Serialize(value);
}
