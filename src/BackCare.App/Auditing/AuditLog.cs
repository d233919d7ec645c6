using BackCare.App.Data;

namespace BackCare.App.Auditing;

/// <summary>
/// Records every read and write of health data (who, what record, when, which action) in the audit
/// table; saved with the caller's unit of work. Never records the data itself.
/// </summary>
public sealed class AuditLog(BackCareDbContext db, TimeProvider clock)
{
    public void Record(string actor, string action, string resourceType, string? resourceId = null) =>
        db.AuditEntries.Add(new AuditEntry
        {
            OccurredAt = clock.GetUtcNow(),
            Actor = actor,
            Action = action,
            ResourceType = resourceType,
            ResourceId = resourceId,
        });

    public static string UserActor(Guid userId) => $"user:{userId:N}";
}
