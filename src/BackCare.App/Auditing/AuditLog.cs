using BackCare.App.Data;

namespace BackCare.App.Auditing;

/// <summary>
/// Records every read and write of health data (who, what record, when, which action) in the audit
/// table; saved with the caller's unit of work. Never records the data itself.
/// </summary>
public sealed class AuditLog(BackCareDbContext db, TimeProvider clock, PendingAuditReads queue, AuditReadsInFlight inFlight)
{
    /// <summary>
    /// A read: committed by the group-commit writer together with the reads of concurrent requests. The web host
    /// holds the response until it is durable (<see cref="AuditReadsInFlight"/>).
    /// </summary>
    public void RecordRead(string actor, string resourceType, string? resourceId = null)
    {
        var durable = queue.Enqueue(new AuditEntry
        {
            OccurredAt = clock.GetUtcNow(),
            Actor = actor,
            Action = "read",
            ResourceType = resourceType,
            ResourceId = resourceId,
        });
        inFlight.Add(durable);
    }

    /// <summary>A write: added to the caller's unit of work, so it is saved with the change itself.</summary>
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
