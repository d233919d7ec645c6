using System.Runtime.CompilerServices;
using BackCare.App.Assessments;
using BackCare.App.Auditing;
using BackCare.App.Data;
using BackCare.App.Diary;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BackCare.App.Clinicians;

/// <summary>
/// Marks a patient's panel facts stale whenever a unit of work changes their diary or assessments, whichever service
/// made the change (a tracked entity, or the audit row every write adds): the ids are noted before the save and the
/// version raised after it (inside the caller's transaction when there is one), so facts computed from data read
/// before the change can never be taken as current.
/// </summary>
public sealed class PanelFactsChanges : SaveChangesInterceptor
{
    public static readonly PanelFactsChanges Interceptor = new();

    private readonly ConditionalWeakTable<DbContext, HashSet<Guid>> _pending = [];

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return base.SavingChanges(eventData, result);
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is BackCareDbContext db && _pending.TryGetValue(db, out var ids))
        {
            _pending.Remove(db);
            await db.PanelFacts.Where(f => ids.Contains(f.PatientId))
                .ExecuteUpdateAsync(s => s.SetProperty(f => f.ChangeVersion, f => f.ChangeVersion + 1), cancellationToken);
        }

        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context is BackCareDbContext db && _pending.TryGetValue(db, out var ids))
        {
            _pending.Remove(db);
            db.PanelFacts.Where(f => ids.Contains(f.PatientId)).ExecuteUpdate(s => s.SetProperty(f => f.ChangeVersion, f => f.ChangeVersion + 1));
        }

        return result;
    }

    private static Guid? PatientOf(string actor) =>
        actor.StartsWith("user:", StringComparison.Ordinal) && Guid.TryParseExact(actor["user:".Length..], "N", out var id) ? id : null;

    private void Note(DbContext? context)
    {
        if (context is null) return;
        HashSet<Guid>? ids = null;
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)) continue;
            Guid? patient = entry.Entity switch
            {
                DiaryEntryRecord d => d.UserId,
                AssessmentRecord a => a.UserId,
                Fhir.ImportedResponseRecord r => r.UserId,

                // The diary is written by upserts in SQL, not through tracked entities; every such write adds its audit
                // row (actor: the patient) to the same unit of work, and that row is the signal.
                AuditEntry { Action: not "read", ResourceType: "diary_entry" or "assessment" } audit when entry.State == EntityState.Added => PatientOf(audit.Actor),
                _ => null,
            };
            if (patient is { } id) (ids ??= []).Add(id);
        }

        if (ids is not null) _pending.AddOrUpdate(context, ids);
    }
}
