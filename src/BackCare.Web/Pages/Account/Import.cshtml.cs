using BackCare.App.Auditing;
using BackCare.App.Fhir;
using BackCare.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace BackCare.Web.Pages.Account;

/// <summary>The patient brings a FHIR Bundle into their own record (the same import as POST /fhir).</summary>
[RequestSizeLimit(MaxBytes + (64 * 1024))]
[RequestFormLimits(MultipartBodyLengthLimit = MaxBytes + (64 * 1024), ValueLengthLimit = MaxBytes)]
public sealed class ImportModel(FhirImportService imports, IStringLocalizer<SharedResource> text) : PageModel
{
    public const int MaxBytes = ImportUpload.MaxBytes;

    [BindProperty]
    public IFormFile? Upload { get; set; }

    [BindProperty]
    public string? Pasted { get; set; }

    public ImportReport? Report { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var json = await ImportUpload.ReadAsync(Upload, Pasted, ModelState, text, ct);
        if (!ModelState.IsValid || json is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Report = await imports.ImportAsync(User.UserId(), AuditLog.UserActor(User.UserId()), json, ct);
        if (Report.Refused is not null) Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
