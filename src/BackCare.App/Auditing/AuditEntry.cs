namespace BackCare.App.Auditing;

/// <summary>
/// One read or write of health data: who, what record, when, which action.
/// Never holds the data itself (no answers, no notes).
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public required string Actor { get; set; }
    public required string Action { get; set; }
    public required string ResourceType { get; set; }
    public string? ResourceId { get; set; }
}
