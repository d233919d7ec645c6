using BackCare.App.Accounts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackCare.Web.Pages.Account;

/// <summary>
/// Reset with a one-time code; on a self-hosted install the operator creates it with `backcare account reset-token`.
/// Every session of the account ends; the person then signs in with the new password.
/// </summary>
public sealed class ResetPasswordModel(AccountService accounts) : PageModel
{
    [BindProperty]
    public string Email { get; set; } = "";

    [BindProperty]
    public string Token { get; set; } = "";

    [BindProperty]
    public string Password { get; set; } = "";

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await accounts.ResetPasswordAsync(Email, Token, Password, ct);
        if (!result.Succeeded)
        {
            foreach (var p in result.Problems) ModelState.AddModelError(p.Field == "password" ? nameof(Password) : nameof(Token), p.Message);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        return RedirectToPage("/Account/Login", new { ReturnUrl = "/Plan" });
    }
}
