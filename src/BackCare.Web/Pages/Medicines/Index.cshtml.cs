using BackCare.App.Assessments;
using BackCare.App.Auditing;
using BackCare.Clinical.Evidence;
using BackCare.Clinical.Medications;
using BackCare.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace BackCare.Web.Pages.Medicines;

/// <summary>The plain-language medication check: enter what you take, see what to ask your prescriber.</summary>
public sealed class IndexModel(AssessmentService assessments, AuditLog audit, EvidenceBase evidence, MedicationChecker checker, IStringLocalizer<SharedResource> text) : PageModel
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
    public bool Breastfeeding { get; set; }

    [BindProperty]
    public List<string> Conditions { get; set; } = [];

    public EvidenceBase Evidence { get; } = evidence;

    public MedicationCheckResult? Result { get; private set; }

    /// <summary>When the form was filled in from the latest assessment, that assessment's date.</summary>
    public DateTime? FilledFrom { get; private set; }

    /// <summary>Starts from what the latest assessment recorded, and shows its check straight away.</summary>
    public async Task OnGetAsync(CancellationToken ct)
    {
        var latest = (await assessments.CompletedAsync(User.UserId(), ct)).FirstOrDefault(a => a.Disposition != "emergency");
        if (latest is null || StoredAssessment.Read(latest).Assessment is not { } saved) return;
        Medicines = string.Join("\n", saved.Medications.Select(m => m.Name).Where(m => !string.IsNullOrWhiteSpace(m)));
        (Age, Alcohol, Pregnant, Breastfeeding, Conditions) = (saved.Age, saved.Alcohol ?? false, saved.Pregnant ?? false, saved.Breastfeeding ?? false, [.. saved.Conditions]);
        FilledFrom = latest.CompletedAt;
        if (Medicines.Length > 0) Result = Check([.. Medicines.Split('\n')]);
    }

    public IActionResult OnPost()
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

        Result = Check(lines);
        return Page();
    }

    private MedicationCheckResult Check(string[] lines)
    {
        var input = new MedicationCheckInput(Age, null, Pregnant, Breastfeeding, Alcohol, MedicationChecker.LowBackPain,
            [.. Conditions.Where(c => Evidence.Condition(c) is not null)], [.. lines.Select(l => new MedicationEntry(l, null, null))]);
        audit.RecordRead(AuditLog.UserActor(User.UserId()), "medication_check");
        return checker.Check(input);
    }
}
