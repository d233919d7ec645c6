namespace BackCare.App.Assessments;

/// <summary>
/// One assessment, saved step by step so it can be resumed. <see cref="InputJson"/> is the plan-input
/// document (the `backcare plan` contract) built up so far; plans are recomputed from it.
/// </summary>
public sealed class AssessmentRecord
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
    public required string Step { get; set; }
    public required string InputJson { get; set; }
    public string? Disposition { get; set; }
}
