using BackCare.App.Accounts;
using BackCare.App.Auditing;
using BackCare.App.Fhir;
using BackCare.App.Sharing;
using BackCare.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace BackCare.Web.Pages.Clinician.Patients;

/// <summary>
/// A clinician brings a FHIR Bundle (for example exported from their EHR) into the record of a patient who allowed it
/// when sharing: the same import as the patient's own, audited as the clinician's. 404 when the patient does not share
/// with this clinician (whether or not the patient exists); 403 when they share read-only.
/// </summary>
[RequestSizeLimit(ImportUpload.MaxBytes + (64 * 1024))]
[RequestFormLimits(MultipartBodyLengthLimit = ImportUpload.MaxBytes + (64 * 1024), ValueLengthLimit = ImportUpload.MaxBytes)]
public sealed class ImportModel(PatientAccess access, AccountService accounts, FhirImportService imports, IStringLocalizer<SharedResource> text) : PageModel
{
    /// <summary>What the clinician may do with this patient's record.</summary>
    public enum Allowed
    {
        NotShared,
        ReadOnly,
        Import,
    }

    [BindProperty]
    public IFormFile? Upload { get; set; }

    [BindProperty]
    public string? Pasted { get; set; }

    public Guid PatientId { get; private set; }

    public string PatientName { get; private set; } = "";

    public Allowed Access { get; private set; }

    public ImportReport? Report { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        await CheckAsync(id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!await CheckAsync(id, ct)) return Page();
        var json = await ImportUpload.ReadAsync(Upload, Pasted, ModelState, text, ct);
        if (!ModelState.IsValid || json is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Report = await imports.ImportAsync(id, AuditLog.UserActor(User.UserId()), ImportedBy.Clinician, json, ct);
        if (Report.Refused is not null) Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>Sets the page's status for a patient who does not share (404) or shares read-only (403); true when the import may go ahead.</summary>
    private async Task<bool> CheckAsync(Guid id, CancellationToken ct)
    {
        var clinician = User.UserId();
        PatientId = id;
        Access = await access.ScopeAsync(clinician, id, ct) switch
        {
            null => Allowed.NotShared,
            var scope when ShareScopes.AllowsImport(scope) => Allowed.Import,
            _ => Allowed.ReadOnly,
        };
        if (Access == Allowed.NotShared)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return false;
        }

        PatientName = (await accounts.FindAsync(id, ct))?.DisplayName ?? "";
        if (Access == Allowed.ReadOnly)
        {
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return false;
        }

        return true;
    }
}
