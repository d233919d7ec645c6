using System.Text;
using BackCare.App.Auditing;
using BackCare.App.Exports;
using BackCare.Interop.Fhir;
using BackCare.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace BackCare.Web.Pages.Account;

public sealed class ExportModel(ExportService exports, TimeProvider clock, IOptions<SafetyContactsOptions> contacts, IOptions<HostingOptions> hosting) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct) =>
        File(Encoding.UTF8.GetBytes(await exports.DiaryCsvAsync(User.UserId(), ct)), "text/csv", $"backcare-diary-{ExportService.FileStamp(clock.GetUtcNow())}.csv");

    /// <summary>The same Bundle as the API's <c>Patient/{id}/$everything</c> (one code path, docs/adr/0014).</summary>
    public async Task<IActionResult> OnGetFhirAsync(CancellationToken ct)
    {
        var bundle = await exports.FhirBundleAsync(User.UserId(), AuditLog.UserActor(User.UserId()), hosting.Value.BaseUrl + "/fhir", ct);
        if (bundle is null) return NotFound();
        return File(FhirJson.SerializeToUtf8(bundle), "application/fhir+json", $"backcare-record-{ExportService.FileStamp(clock.GetUtcNow())}.json");
    }

    public async Task<IActionResult> OnGetPdfAsync(CancellationToken ct) =>
        File(await exports.SummaryPdfAsync(User.UserId(), contacts.Value.ToContacts(), ct), "application/pdf", $"backcare-summary-{ExportService.FileStamp(clock.GetUtcNow())}.pdf");
}
