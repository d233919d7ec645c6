using System.Text;
using BackCare.App.Exports;
using BackCare.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace BackCare.Web.Pages.Account;

public sealed class ExportModel(ExportService exports, TimeProvider clock, IOptions<SafetyContactsOptions> contacts) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct) =>
        File(Encoding.UTF8.GetBytes(await exports.DiaryCsvAsync(User.UserId(), ct)), "text/csv", $"backcare-diary-{ExportService.FileStamp(clock.GetUtcNow())}.csv");

    public async Task<IActionResult> OnGetFhirAsync(CancellationToken ct) =>
        File(Encoding.UTF8.GetBytes((await exports.FhirBundleAsync(User.UserId(), ct)).ToJsonString()), "application/fhir+json",
            $"backcare-record-{ExportService.FileStamp(clock.GetUtcNow())}.json");

    public async Task<IActionResult> OnGetPdfAsync(CancellationToken ct) =>
        File(await exports.SummaryPdfAsync(User.UserId(), contacts.Value.ToContacts(), ct), "application/pdf", $"backcare-summary-{ExportService.FileStamp(clock.GetUtcNow())}.pdf");
}
