using BackCare.App.Auditing;
using BackCare.Clinical.Evidence;
using BackCare.Clinical.Medications;
using BackCare.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace BackCare.Web.Pages.Medicines;

/// <summary>The plain-language medication check: enter what you take, see what to ask your prescriber.</summary>
public sealed class IndexModel(AuditLog audit, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty]
    public string Medicines { get; set; } = "";

    [BindProperty]
    public int? Age { get; set; }

    [BindProperty]
    public bool Alcohol { get; set; }

    [BindProperty]
    public bool Pregnant { get; set; }

    [BindProperty]
    public List<string> Conditions { get; set; } = [];

    public EvidenceBase Evidence { get; } = EmbeddedEvidence.Default;

    public MedicationCheckResult? Result { get; private set; }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var lines = Medicines.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length == 0) ModelState.AddModelError(nameof(Medicines), text["AtLeastOneMedicine"]);
        if (lines.Length > 30) ModelState.AddModelError(nameof(Medicines), text["AtMostMedicines"]);
        if (Age is < 0 or > 120) ModelState.AddModelError(nameof(Age), text["AgeRange"]);
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var input = new MedicationCheckInput(Age, null, Pregnant, false, Alcohol, MedicationChecker.LowBackPain,
            [.. Conditions.Where(c => Evidence.Condition(c) is not null)], [.. lines.Select(l => new MedicationEntry(l, null, null))]);
        Result = MedicationChecker.Default.Check(input);
        audit.RecordRead(AuditLog.UserActor(User.UserId()), "medication_check");
        await Task.CompletedTask;
        return Page();
    }
}
