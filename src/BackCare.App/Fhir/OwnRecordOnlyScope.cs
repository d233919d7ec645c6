using BackCare.App.Accounts;

namespace BackCare.App.Fhir;

/// <summary>
/// A patient reads only their own record; a clinician reads nobody yet. TO WIRE AT MERGE (sharing, branch clin): a
/// clinician with <see cref="FhirAccess.UserScopes"/> reads <c>PatientAccess.SharedPatientIdsAsync(clinicianId)</c>;
/// with <see cref="FhirAccess.PatientScopes"/> only the launch patient, and only if
/// <c>PatientAccess.CanClinicianReadAsync(clinicianId, launchPatient)</c>.
/// </summary>
public sealed class OwnRecordOnlyScope : IFhirPatientScope
{
    public Task<IReadOnlyList<Guid>> ReadablePatientsAsync(FhirCaller caller, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<Guid>>(OwnRecord(caller) is { } self ? [self] : []);

    public Task<bool> MayReadAsync(FhirCaller caller, Guid patientId, CancellationToken ct) =>
        Task.FromResult(OwnRecord(caller) == patientId);

    /// <summary>The patient's own id when the caller is that patient (and a patient-scoped token names no one else).</summary>
    private static Guid? OwnRecord(FhirCaller caller) =>
        caller.Role == Roles.Patient && (caller.LaunchPatient is null || caller.LaunchPatient == caller.UserId) ? caller.UserId : null;
}
