using BackCare.App.Sharing;
using BackCare.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackCare.Web.Pages.Sharing;

/// <summary>
/// Who can read my record: the patient creates a one-time share code for a clinician, sees every consent with the
/// date, scope and when the clinician last read the record (audit trail), lets a clinician add records
/// (FHIR import) or stops that, and revokes or cancels at any time.
/// </summary>
public sealed class IndexModel(SharingService sharing) : PageModel
{
    public IReadOnlyList<ShareView> Shares { get; private set; } = [];

    public IReadOnlyList<ShareCodeRecord> Pending { get; private set; } = [];

    /// <summary>A code just created: shown on this response only, never stored in clear.</summary>
    public NewShareCode? Created { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(bool allowImport, CancellationToken ct)
    {
        Created = await sharing.CreateCodeAsync(User.UserId(), allowImport, ct);
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid shareId, CancellationToken ct)
    {
        var revoked = await sharing.RevokeAsync(User.UserId(), shareId, ct);
        return RedirectToPage(new { done = revoked ? "revoked" : null });
    }

    /// <summary>Lets a clinician who reads the record also add to it (<paramref name="allow"/>), or stops that.</summary>
    public async Task<IActionResult> OnPostImportAsync(Guid shareId, bool allow, CancellationToken ct)
    {
        var changed = await sharing.SetImportAsync(User.UserId(), shareId, allow, ct);
        return RedirectToPage(new { done = !changed ? null : allow ? "import-allowed" : "import-stopped" });
    }

    public async Task<IActionResult> OnPostCancelAsync(Guid codeId, CancellationToken ct)
    {
        var cancelled = await sharing.CancelCodeAsync(User.UserId(), codeId, ct);
        return RedirectToPage(new { done = cancelled ? "cancelled" : null });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Shares = await sharing.ForPatientAsync(User.UserId(), ct);
        Pending = await sharing.PendingCodesAsync(User.UserId(), ct);
    }
}
