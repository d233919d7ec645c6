using BackCare.App.Accounts;
using Microsoft.AspNetCore.Authentication;
using BackCare.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackCare.Web.Pages.Account;

/// <summary>Signing out ends every session of the account at once (new security stamp), not just this browser's.</summary>
public sealed class LogoutModel(AccountService accounts, BackCareSignInManager signIn) : PageModel
{
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated == true) await accounts.EndAllSessionsAsync(User.UserId(), ct);
        await signIn.SignOutAsync();
        await HttpContext.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
        return RedirectToPage("/Index");
    }
}
