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
        if (input.Date < EarliestDay(today)) problems.Add(new("date", "The date is more than five years ago."));
        if (input.Pain is < 0 or > 10) problems.Add(new("pain", "Pain must be from 0 (none) to 10 (worst imaginable)."));
        if (input.Anxiety is < 0 or > 10) problems.Add(new("anxiety", "Anxiety must be from 0 to 10."));
        if (input.SleepHours is { } sleep && (!double.IsFinite(sleep) || sleep is < 0 or > 24)) problems.Add(new("sleepHours", "Sleep must be from 0 to 24 hours."));
        if (input.ActivityMinutes is < 0 or > 1440) problems.Add(new("activityMinutes", "Activity must be from 0 to 1440 minutes."));
        if (input.Note?.Length > 2000) problems.Add(new("note", "The note can be at most 2000 characters."));
        foreach (var (field, value) in new[] { ("medicinesTaken", input.MedicinesTaken), ("techniques", input.Techniques), ("triggers", input.Triggers) })
        {
            if (value?.Length > 500) problems.Add(new(field, "This can be at most 500 characters."));
        }

        return problems;
    }

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>The oldest day a check-in can be saved for or opened (five years back).</summary>
    public static DateOnly EarliestDay(DateOnly today) => today.AddYears(-5);

    /// <summary>Whether a day is inside the window a check-in can be saved for (five years back to today).</summary>
    public static bool InWindow(DateOnly date, DateOnly today) => date >= EarliestDay(today) && date <= today;

    /// <summary>
    /// Creates or updates the entry for that date in one statement (<c>INSERT ... ON CONFLICT (user_id, date) DO
    /// UPDATE</c>, on SQLite and PostgreSQL alike): partial entries keep what was already there, and concurrent first
    /// saves of the same day meet at the unique (user, date) index instead of failing, each merging only the fields it
    /// sent. The audit row is written in the same transaction.
    /// </summary>
    public async Task<Result<DiaryEntryRecord>> SaveAsync(Guid userId, DiaryInput input, CancellationToken ct)
    {
        var problems = Validate(input, Today);
        if (problems.Count > 0) return new Result<DiaryEntryRecord>(null, problems);
        var id = Guid.NewGuid();
        var (pain, anxiety, sleep, activity) = (input.Pain, input.Anxiety, input.SleepHours, input.ActivityMinutes);
        var (medicines, techniques, triggers, note) = (Clean(input.MedicinesTaken), Clean(input.Techniques), Clean(input.Triggers), Clean(input.Note));
        var now = clock.GetUtcNow().UtcDateTime;
        var entry = await InTransactionAsync(userId, () => db.DiaryEntries.FromSql($"""
            INSERT INTO diary_entries (id, user_id, date, pain, anxiety, sleep_hours, activity_minutes, medicines_taken, techniques, triggers, note, updated_at)
            VALUES ({id}, {userId}, {input.Date}, {pain}, {anxiety}, {sleep}, {activity}, {medicines}, {techniques}, {triggers}, {note}, {now})
            ON CONFLICT (user_id, date) DO UPDATE SET
                pain = COALESCE(excluded.pain, diary_entries.pain),
                anxiety = COALESCE(excluded.anxiety, diary_entries.anxiety),
                sleep_hours = COALESCE(excluded.sleep_hours, diary_entries.sleep_hours),
                activity_minutes = COALESCE(excluded.activity_minutes, diary_entries.activity_minutes),
                medicines_taken = COALESCE(excluded.medicines_taken, diary_entries.medicines_taken),
                techniques = COALESCE(excluded.techniques, diary_entries.techniques),
                triggers = COALESCE(excluded.triggers, diary_entries.triggers),
                note = COALESCE(excluded.note, diary_entries.note),
                updated_at = excluded.updated_at
            RETURNING id, user_id, date, pain, anxiety, sleep_hours, activity_minutes, medicines_taken, techniques, triggers, note, updated_at
            """), id, ct);
        return Result<DiaryEntryRecord>.Ok(entry);
    }

    /// <summary>Adds a finished guided session or exercise to today's entry ("marking a session done feeds the diary"),
    /// as one upsert like <see cref="SaveAsync"/>, so it never races a check-in of the same day.</summary>
    public async Task<DiaryEntryRecord> MarkTechniqueDoneAsync(Guid userId, string techniqueId, CancellationToken ct)
    {
        var id = Guid.NewGuid();
        var today = Today;
        var now = clock.GetUtcNow().UtcDateTime;
        return await InTransactionAsync(userId, () => db.DiaryEntries.FromSql($"""
            INSERT INTO diary_entries (id, user_id, date, techniques, updated_at)
            VALUES ({id}, {userId}, {today}, {techniqueId}, {now})
            ON CONFLICT (user_id, date) DO UPDATE SET
                techniques = CASE
                    WHEN diary_entries.techniques IS NULL OR diary_entries.techniques = '' THEN excluded.techniques
                    WHEN (',' || REPLACE(diary_entries.techniques, ' ', '') || ',') LIKE ('%,' || excluded.techniques || ',%') THEN diary_entries.techniques
                    ELSE diary_entries.techniques || ', ' || excluded.techniques
                END,
                updated_at = excluded.updated_at
            RETURNING id, user_id, date, pain, anxiety, sleep_hours, activity_minutes, medicines_taken, techniques, triggers, note, updated_at
            """), id, ct);
    }

    /// <summary>Runs one upsert and its audit row ("create" when the new id came back, else "update") in one transaction.</summary>
    private async Task<DiaryEntryRecord> InTransactionAsync(Guid userId, Func<IQueryable<DiaryEntryRecord>> upsert, Guid newId, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var entry = (await upsert().AsNoTracking().ToListAsync(ct)).Single();
            audit.Record(AuditLog.UserActor(userId), entry.Id == newId ? "create" : "update", "diary_entry", entry.Id.ToString("N"));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return entry;
        });
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

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
