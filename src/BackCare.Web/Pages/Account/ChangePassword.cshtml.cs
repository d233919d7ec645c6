using BackCare.App.Accounts;
using BackCare.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackCare.Web.Pages.Account;

/// <summary>Changes the password; every other session of the account ends, this one carries on.</summary>
public sealed class ChangePasswordModel(AccountService accounts, BackCareSignInManager signIn) : PageModel
{
    [BindProperty]
    public string CurrentPassword { get; set; } = "";

    [BindProperty]
    public string NewPassword { get; set; } = "";

    public bool Changed { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await accounts.ChangePasswordAsync(User.UserId(), CurrentPassword, NewPassword, ct);
        if (!result.Succeeded)
        {
            var p = result.Problems[0];
            ModelState.AddModelError(p.Field == "currentPassword" ? nameof(CurrentPassword) : nameof(NewPassword), p.Message);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        await signIn.SignInAsync(result.Value!, isPersistent: false);
        Changed = true;
        return Page();
    }
}
