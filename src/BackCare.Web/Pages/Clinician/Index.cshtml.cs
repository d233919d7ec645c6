using BackCare.App.Clinicians;
using BackCare.App.Sharing;
using BackCare.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackCare.Web.Pages.Clinician;

/// <summary>The clinician panel: who needs me today, with the reason on each row (issue 16).</summary>
public sealed class IndexModel(ClinicianPanel panel, SharingService sharing) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Risk { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Alert { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? CheckIn { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    public PanelView View { get; private set; } = new([], 0, 0, new Dictionary<string, int>(), 1, 1);

    public string? CodeError { get; private set; }

    public string? ReviewError { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostRedeemAsync(string? code, CancellationToken ct)
    {
        var result = await sharing.RedeemAsync(User.UserId(), code, ct);
        if (result.Succeeded) return RedirectToPage(new { done = "shared" });
        CodeError = result.Problems[0].Message;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostReviewAsync(Guid patientId, string? signature, string? note, CancellationToken ct)
    {
        var result = await panel.MarkReviewedAsync(User.UserId(), patientId, signature, note, ct);
        if (result.Succeeded) return RedirectToPage(new { done = "reviewed", q = Q, risk = Risk, alert = Alert, checkIn = CheckIn });
        ReviewError = result.Problems[0].Message;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct) =>
        View = await panel.ReadAsync(User.UserId(), new PanelQuery(Q, Risk, Alert, CheckIn, PageNumber), ct);
}
