namespace BackCare.App.Sharing;

/// <summary>
/// A one-time share code a patient created for a clinician: only its SHA-256 hash is stored; it expires after
/// <see cref="SharingService.CodeLifetime"/>, works once, and the patient can cancel it before it is used.
/// </summary>
public sealed class ShareCodeRecord
{
    public Guid Id { get; set; }
    public Guid PatientId { get; set; }
    public required string CodeHash { get; set; }
    public required string Scope { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? UsedAt { get; set; }
    public Guid? UsedBy { get; set; }
    public DateTime? CancelledAt { get; set; }
}

/// <summary>
/// A patient's consent for one clinician to read their record: when it was given (the share code was created),
/// when the clinician took it up, its scope, and when the patient revoked it. A revoked record is kept as history.
/// </summary>
public sealed class CareShareRecord
{
    public Guid Id { get; set; }
    public Guid PatientId { get; set; }
    public Guid ClinicianId { get; set; }
    public required string Scope { get; set; }
    public DateTime ConsentedAt { get; set; }
    public DateTime GrantedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}

/// <summary>What a consent covers, chosen by the patient (stored as text so that other scopes need no migration).</summary>
public static class ShareScopes
{
    /// <summary>Read-only: assessments, plans shown, check-ins and medicines.</summary>
    public const string Record = "record";

    /// <summary>
    /// Read, and add to the record from a FHIR Bundle (questionnaire answers, pain scores, medicines) as the patient's own
    /// import does; nothing already there is changed.
    /// </summary>
    public const string RecordAndImport = "record import";

    public static readonly string[] All = [Record, RecordAndImport];

    public static string For(bool allowImport) => allowImport ? RecordAndImport : Record;

    public static bool AllowsImport(string scope) => scope == RecordAndImport;
}
