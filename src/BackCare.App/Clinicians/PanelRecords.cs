namespace BackCare.App.Clinicians;

/// <summary>
/// One patient's stored <see cref="PanelFacts"/>. <see cref="ChangeVersion"/> is raised whenever the patient's diary or
/// assessments change (<see cref="PanelFactsChanges"/>); the facts are stale while it differs from
/// <see cref="ComputedVersion"/>, the value read before they were last computed.
/// </summary>
public sealed class PanelFactsRecord
{
    public Guid PatientId { get; set; }
    public long ChangeVersion { get; set; }
    public long ComputedVersion { get; set; }
    public required string FactsJson { get; set; }
}

/// <summary>
/// A clinician marked a patient's alert reviewed, with an optional note: it covers the alert's
/// <see cref="Signature"/>, so the alert returns to the top when something new happens. Visible to every clinician
/// the patient shares with.
/// </summary>
public sealed class AlertReviewRecord
{
    public Guid Id { get; set; }
    public Guid PatientId { get; set; }
    public Guid ReviewerId { get; set; }
    public required string Kind { get; set; }
    public required string Signature { get; set; }
    public DateTime ReviewedAt { get; set; }
    public string? Note { get; set; }
}
