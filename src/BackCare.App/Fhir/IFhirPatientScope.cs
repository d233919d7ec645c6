namespace BackCare.App.Fhir;

/// <summary>How the caller reached the FHIR API.</summary>
public enum FhirAccess
{
    /// <summary>The signed-in person's own browser session (cookie): their own record, read only.</summary>
    OwnSession,

    /// <summary>A SMART token with patient/*.rs: one patient, the one in the token's launch context.</summary>
    PatientScopes,

    /// <summary>A SMART token with user/*.rs: every patient this user may read.</summary>
    UserScopes,
}

/// <summary>Who is calling the FHIR API: the account, its role, how it got in, and (SMART) the launch patient and client.</summary>
public sealed record FhirCaller(Guid UserId, string Role, FhirAccess Access, Guid? LaunchPatient = null, string? ClientId = null)
{
    /// <summary>The audit actor: the account, and the app acting for it when there is one.</summary>
    public string Actor
    {
        get
        {
            var actor = ClientId is null ? Auditing.AuditLog.UserActor(UserId) : $"{Auditing.AuditLog.UserActor(UserId)} client:{ClientId}";
            return actor.Length <= 100 ? actor : actor[..100];
        }
    }
}

/// <summary>
/// Every FHIR authorization decision goes through this one interface: which patients a caller may read, and whether it
/// may read one patient. Searches are limited to these patients before anything is matched, so no search parameter can
/// reach another record. The implementation is <see cref="SharedRecordScope"/>: patient→clinician sharing (issue 16)
/// decides here and only here.
/// </summary>
public interface IFhirPatientScope
{
    Task<IReadOnlyList<Guid>> ReadablePatientsAsync(FhirCaller caller, CancellationToken ct);

    Task<bool> MayReadAsync(FhirCaller caller, Guid patientId, CancellationToken ct);
}
