using System.Collections.Immutable;
using BackCare.App.Auditing;
using BackCare.App.Data;
using BackCare.Clinical.CarePlans;
using Microsoft.EntityFrameworkCore;

namespace BackCare.App.Diary;

/// <summary>What a check-in form sends; only the date is required, pain is the one-tap answer.</summary>
public sealed record DiaryInput(
    DateOnly Date,
    int? Pain,
    int? Anxiety,
    double? SleepHours,
    int? ActivityMinutes,
    string? MedicinesTaken,
    string? Techniques,
    string? Triggers,
    string? Note);

/// <summary>
/// The daily diary. Every query is filtered by the signed-in person's id, so one person can never
/// read or change another's entries; every read and write is audited.
/// </summary>
public sealed class DiaryService(BackCareDbContext db, TimeProvider clock, AuditLog audit)
{
    public static IReadOnlyList<Problem> Validate(DiaryInput input, DateOnly today)
    {
        var problems = new List<Problem>();
        if (input is { Pain: null, Anxiety: null, SleepHours: null, ActivityMinutes: null }
            && string.IsNullOrWhiteSpace(input.MedicinesTaken) && string.IsNullOrWhiteSpace(input.Techniques)
            && string.IsNullOrWhiteSpace(input.Triggers) && string.IsNullOrWhiteSpace(input.Note))
        {
            problems.Add(new("pain", "Tap your pain score, or fill in anything else, before saving."));
        }

        if (input.Date > today) problems.Add(new("date", "The date cannot be in the future."));
        if (input.Date < today.AddYears(-5)) problems.Add(new("date", "The date is more than five years ago."));
        if (input.Pain is < 0 or > 10) problems.Add(new("pain", "Pain must be from 0 (none) to 10 (worst imaginable)."));
        if (input.Anxiety is < 0 or > 10) problems.Add(new("anxiety", "Anxiety must be from 0 to 10."));
        if (input.SleepHours is < 0 or > 24) problems.Add(new("sleepHours", "Sleep must be from 0 to 24 hours."));
        if (input.ActivityMinutes is < 0 or > 1440) problems.Add(new("activityMinutes", "Activity must be from 0 to 1440 minutes."));
        if (input.Note?.Length > 2000) problems.Add(new("note", "The note can be at most 2000 characters."));
        foreach (var (field, value) in new[] { ("medicinesTaken", input.MedicinesTaken), ("techniques", input.Techniques), ("triggers", input.Triggers) })
        {
            if (value?.Length > 500) problems.Add(new(field, "This can be at most 500 characters."));
        }

        return problems;
    }

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>Creates or updates the entry for that date (partial entries keep what was already there).</summary>
    public async Task<Result<DiaryEntryRecord>> SaveAsync(Guid userId, DiaryInput input, CancellationToken ct)
    {
        var problems = Validate(input, Today);
        if (problems.Count > 0) return new Result<DiaryEntryRecord>(null, problems);
        var entry = await db.DiaryEntries.SingleOrDefaultAsync(e => e.UserId == userId && e.Date == input.Date, ct);
        var created = entry is null;
        entry ??= new DiaryEntryRecord { Id = Guid.NewGuid(), UserId = userId, Date = input.Date };
        entry.Pain = input.Pain ?? entry.Pain;
        entry.Anxiety = input.Anxiety ?? entry.Anxiety;
        entry.SleepHours = input.SleepHours ?? entry.SleepHours;
        entry.ActivityMinutes = input.ActivityMinutes ?? entry.ActivityMinutes;
        entry.MedicinesTaken = Clean(input.MedicinesTaken) ?? entry.MedicinesTaken;
        entry.Techniques = Clean(input.Techniques) ?? entry.Techniques;
        entry.Triggers = Clean(input.Triggers) ?? entry.Triggers;
        entry.Note = Clean(input.Note) ?? entry.Note;
        entry.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        if (created) db.DiaryEntries.Add(entry);
        audit.Record(AuditLog.UserActor(userId), created ? "create" : "update", "diary_entry", entry.Id.ToString("N"));
        await db.SaveChangesAsync(ct);
        return Result<DiaryEntryRecord>.Ok(entry);
    }

    /// <summary>Adds a finished guided session or exercise to today's entry ("marking a session done feeds the diary").</summary>
    public async Task<DiaryEntryRecord> MarkTechniqueDoneAsync(Guid userId, string techniqueId, CancellationToken ct)
    {
        var today = Today;
        var entry = await db.DiaryEntries.SingleOrDefaultAsync(e => e.UserId == userId && e.Date == today, ct);
        var created = entry is null;
        entry ??= new DiaryEntryRecord { Id = Guid.NewGuid(), UserId = userId, Date = today };
        var done = (entry.Techniques ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        if (!done.Contains(techniqueId)) done.Add(techniqueId);
        entry.Techniques = string.Join(", ", done);
        entry.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        if (created) db.DiaryEntries.Add(entry);
        audit.Record(AuditLog.UserActor(userId), created ? "create" : "update", "diary_entry", entry.Id.ToString("N"));
        await db.SaveChangesAsync(ct);
        return entry;
    }

    public async Task<DiaryEntryRecord?> GetAsync(Guid userId, DateOnly date, CancellationToken ct)
    {
        var entry = await db.DiaryEntries.AsNoTracking().SingleOrDefaultAsync(e => e.UserId == userId && e.Date == date, ct);
        if (entry is not null)
        {
            audit.RecordRead(AuditLog.UserActor(userId), "diary_entry", entry.Id.ToString("N"));
        }

        return entry;
    }

    /// <summary>Newest first.</summary>
    public async Task<IReadOnlyList<DiaryEntryRecord>> ListAsync(Guid userId, DateOnly? from, CancellationToken ct)
    {
        var query = db.DiaryEntries.AsNoTracking().Where(e => e.UserId == userId);
        if (from is { } start) query = query.Where(e => e.Date >= start);
        var entries = await query.OrderByDescending(e => e.Date).ToListAsync(ct);
        audit.RecordRead(AuditLog.UserActor(userId), "diary", userId.ToString("N"));
        return entries;
    }

    public async Task<bool> DeleteAsync(Guid userId, DateOnly date, CancellationToken ct)
    {
        var entry = await db.DiaryEntries.SingleOrDefaultAsync(e => e.UserId == userId && e.Date == date, ct);
        if (entry is null) return false;
        db.DiaryEntries.Remove(entry);
        audit.Record(AuditLog.UserActor(userId), "delete", "diary_entry", entry.Id.ToString("N"));
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Consecutive days with a check-in up to today (or yesterday, so today is not yet a break).</summary>
    public static int Streak(IReadOnlyList<DiaryEntryRecord> newestFirst, DateOnly today)
    {
        var dates = newestFirst.Where(e => e.Pain is not null).Select(e => e.Date).ToHashSet();
        var day = dates.Contains(today) ? today : today.AddDays(-1);
        var streak = 0;
        while (dates.Contains(day))
        {
            streak++;
            day = day.AddDays(-1);
        }

        return streak;
    }

    /// <summary>The progress engine over the diary (entries with a pain score).</summary>
    public static ProgressResult Progress(IReadOnlyList<DiaryEntryRecord> entries, int durationWeeksAtBaseline) =>
        ProgressEngine.Default.Evaluate(new ProgressInput(durationWeeksAtBaseline, [.. entries
            .Where(e => e.Pain is not null)
            .OrderBy(e => e.Date)
            .Select(e => new DiaryEntry(e.Date, e.Pain!.Value, e.Anxiety, e.SleepHours, e.ActivityMinutes, null, null))]));

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
