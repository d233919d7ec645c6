using BackCare.App.Accounts;
using BackCare.App.Data;
using Microsoft.EntityFrameworkCore;

namespace BackCare.App.Sharing;

/// <summary>
/// The one answer to "may this clinician read this patient's record?". Every clinician read goes through it (the
/// panel, the summary, its PDF; FHIR <c>user/*.rs</c> scopes later). Access exists while the patient's consent is
/// unrevoked and the reader is still a clinician account; nothing is cached, so a revocation applies to the next
/// request.
/// </summary>
public sealed class PatientAccess(BackCareDbContext db)
{
    public Task<bool> CanClinicianReadAsync(Guid clinicianUserId, Guid patientUserId, CancellationToken ct) =>
        Active(clinicianUserId).AnyAsync(s => s.PatientId == patientUserId, ct);

    /// <summary>May this clinician add to the patient's record (a FHIR import)? Only while a consent that allows it stands.</summary>
    public async Task<bool> CanClinicianImportAsync(Guid clinicianUserId, Guid patientUserId, CancellationToken ct) =>
        await ScopeAsync(clinicianUserId, patientUserId, ct) is { } scope && ShareScopes.AllowsImport(scope);

    /// <summary>The scope of the patient's consent for this clinician (<see cref="ShareScopes"/>), or null when they do not share.</summary>
    public Task<string?> ScopeAsync(Guid clinicianUserId, Guid patientUserId, CancellationToken ct) =>
        Active(clinicianUserId).Where(s => s.PatientId == patientUserId).Select(s => s.Scope).FirstOrDefaultAsync(ct);

    /// <summary>Every patient who shares with the clinician now.</summary>
    public async Task<IReadOnlyList<Guid>> SharedPatientIdsAsync(Guid clinicianUserId, CancellationToken ct) =>
        await Active(clinicianUserId).Select(s => s.PatientId).Distinct().ToListAsync(ct);

    /// <summary>Every patient who shares with the clinician now, with the name they gave, in name order.</summary>
    public async Task<IReadOnlyList<(Guid Id, string Name)>> SharedPatientsAsync(Guid clinicianUserId, CancellationToken ct)
    {
        var ids = Active(clinicianUserId).Select(s => s.PatientId);
        var patients = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName }).ToListAsync(ct);
        return [.. patients.OrderBy(p => p.DisplayName, StringComparer.CurrentCultureIgnoreCase).Select(p => (p.Id, p.DisplayName))];
    }

    private IQueryable<CareShareRecord> Active(Guid clinicianUserId) =>
        db.CareShares.AsNoTracking().Where(s => s.ClinicianId == clinicianUserId && s.RevokedAt == null
            && db.Users.Any(u => u.Id == clinicianUserId && u.Role == Roles.Clinician)
            && db.Users.Any(u => u.Id == s.PatientId && u.Role == Roles.Patient));
}
