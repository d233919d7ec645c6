using BackCare.App.Accounts;
using BackCare.App.Sharing;

namespace BackCare.App.Fhir;

/// <summary>
/// Who may read whom through FHIR: a patient reads only their own record; a clinician reads the patients who share with
/// them now (<see cref="PatientAccess"/>, the same check as the clinician workspace, so a revocation applies to the
/// next request); a SMART token with patient scopes reads its launch patient only, and only while that patient shares.
/// Admins read nobody's record.
/// </summary>
public sealed class SharedRecordScope(PatientAccess access) : IFhirPatientScope
{
    public async Task<IReadOnlyList<Guid>> ReadablePatientsAsync(FhirCaller caller, CancellationToken ct)
    {
        if (caller.Role == Roles.Patient) return OwnRecord(caller) is { } self ? [self] : [];
        if (caller.Role != Roles.Clinician) return [];
        if (caller.Access == FhirAccess.PatientScopes)
        {
            return caller.LaunchPatient is { } launch && await access.CanClinicianReadAsync(caller.UserId, launch, ct) ? [launch] : [];
        }

        return await access.SharedPatientIdsAsync(caller.UserId, ct);
    }

    public async Task<bool> MayReadAsync(FhirCaller caller, Guid patientId, CancellationToken ct)
    {
        if (caller.Role == Roles.Patient) return OwnRecord(caller) == patientId;
        if (caller.Role != Roles.Clinician) return false;
        if (caller.Access == FhirAccess.PatientScopes && caller.LaunchPatient != patientId) return false;
        return await access.CanClinicianReadAsync(caller.UserId, patientId, ct);
    }

    /// <summary>The patient's own id when the caller is that patient (and a patient-scoped token names no one else).</summary>
    private static Guid? OwnRecord(FhirCaller caller) =>
        caller.LaunchPatient is null || caller.LaunchPatient == caller.UserId ? caller.UserId : null;
}
