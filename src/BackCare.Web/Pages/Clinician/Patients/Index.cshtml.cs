using BackCare.App.Clinicians;
using BackCare.App.Sharing;
using BackCare.Clinical.CarePlans;
using BackCare.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackCare.Web.Pages.Clinician.Patients;

/// <summary>
/// A patient's one-minute summary for a clinician they share with: safety first, then risk group and pathway, scores
/// over time, sleep, medicines, the plan and how it is going, and what changed since the clinician last looked.
/// 404 for anyone the patient does not share with (whether or not the patient exists).
/// </summary>
public sealed class IndexModel(PatientSummaryService summaries, PatientAccess access, ProgressEngine progressEngine, BackCare.Clinical.Evidence.EvidenceBase evidence, BackCare.App.Accounts.AccountService accounts, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> text, TimeProvider clock) : PageModel
{
    /// <summary>Null when the patient does not share with this clinician (the page answers 404).</summary>
    public PatientSummary? Summary { get; private set; }

    public string Chart { get; private set; } = "";

    /// <summary>The patient lets this clinician add records (FHIR import) as well as read.</summary>
    public bool CanImport { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await summaries.BuildAsync(User.UserId(), id, ClinicianReads.Summary, ct) is not { } summary)
        {
            // 404 whether the patient does not exist, never shared or revoked; the page says so plainly.
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }

        Summary = summary;
        CanImport = await access.CanClinicianImportAsync(User.UserId(), id, ct);
        Chart = ProgressChart.Svg([.. summary.DiarySinceAssessment.OrderByDescending(e => e.Date).Take(120)], progressEngine, summary.DurationWeeks);
        return Page();
    }

    /// <summary>The same summary on one A4 page; audited as its own kind of read.</summary>
    public async Task<IActionResult> OnGetPdfAsync(Guid id, CancellationToken ct)
    {
        if (await summaries.BuildAsync(User.UserId(), id, ClinicianReads.SummaryPdf, ct) is not { } summary) return NotFound();
        var me = await accounts.FindAsync(User.UserId(), ct);
        var pdf = BackCare.App.Exports.ClinicianSummaryPdf.Render(summary, evidence, me?.DisplayName ?? "", kind => text[TextKeys.AlertKind(kind)].Value, clock.GetUtcNow());
        return File(pdf, "application/pdf", "backcare-clinician-summary.pdf");
    }
}
