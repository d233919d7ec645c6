using System.Text;
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
    public const int MaxBytes = 5 * 1024 * 1024;

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
        string? json = null;
        if (Upload is { Length: > 0 })
        {
            if (Upload.Length > MaxBytes) ModelState.AddModelError(nameof(Upload), text["ImportTooLarge"]);
            else
            {
                using var reader = new StreamReader(Upload.OpenReadStream(), Encoding.UTF8);
                json = await reader.ReadToEndAsync(ct);
            }
        }
        else if (!string.IsNullOrWhiteSpace(Pasted))
        {
            json = Pasted;
        }
        else
        {
            ModelState.AddModelError(nameof(Upload), text["ImportNothingGiven"]);
        }

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
