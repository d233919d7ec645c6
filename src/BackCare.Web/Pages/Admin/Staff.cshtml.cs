using BackCare.App.Accounts;
using BackCare.App.Auditing;
using BackCare.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackCare.Web.Pages.Admin;

/// <summary>Staff accounts (admins only, two-step sign-in required): list them, and create a clinician or admin with a one-time set-up code.</summary>
public sealed class StaffModel(StaffAccounts staff) : PageModel
{
    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Role { get; set; } = Roles.Clinician;

    public IReadOnlyList<StaffMember> Members { get; private set; } = [];

    /// <summary>The account just created and its set-up code: shown on this response only.</summary>
    public NewStaffAccount? Created { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Members = await staff.ListAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await staff.CreateAsync(Email, Name, Role, AuditLog.UserActor(User.UserId()), ct);
        if (result.Succeeded)
        {
            Created = result.Value;
            (Email, Name) = (null, null);
        }
        else
        {
            foreach (var problem in result.Problems) ModelState.AddModelError(problem.Field == "email" ? nameof(Email) : problem.Field == "role" ? nameof(Role) : nameof(Name), problem.Message);
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        Members = await staff.ListAsync(ct);
        return Page();
    }
}
