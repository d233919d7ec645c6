namespace BackCare.App.Assessments;

/// <summary>
/// A plan as it was shown to a person (<see cref="BackCare.Clinical.CarePlans.PlanSnapshot"/> in
/// <see cref="SnapshotJson"/>): stored when an assessment is completed and whenever the plan the person is shown
/// changes (the diary moved it forward, or the evidence base changed), so anyone can say later what plan was shown
/// on a given day and which evidence-base version produced it.
/// </summary>
public sealed class PlanSnapshotRecord
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public Guid AssessmentId { get; set; }

    /// <summary>When it was stored (UTC).</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>The day the plan was computed for (durations and progress are as of this day).</summary>
    public DateOnly AsOf { get; set; }

    /// <summary>Why it was stored: <c>assessment</c>, <c>progress</c> or <c>evidence_update</c>.</summary>
    public required string Reason { get; set; }

    public required string EvidenceVersion { get; set; }

    /// <summary>A digest of the plan and evidence version, to store a new snapshot only when either changed.</summary>
    public required string ContentHash { get; set; }

    public required string SnapshotJson { get; set; }
}
