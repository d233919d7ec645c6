using BackCare.App.Accounts;
using BackCare.App.CdsHooks;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackCare.Web.Pages.Clinician;

/// <summary>Accept and override rates per CDS Hooks rule (the measure of alert fatigue), for clinicians.</summary>
[Authorize(Roles = Roles.Clinician)]
public sealed class CdsOverridesModel(CdsHooksStore store) : PageModel
{
    public IReadOnlyList<CdsRuleOutcomes> Rules { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Rules = await store.OutcomesByRuleAsync(ct);
}
