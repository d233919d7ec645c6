using BackCare.App.Accounts;
using BackCare.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace BackCare.Web.Pages.Account;

public sealed class DeleteModel(AccountService accounts, BackCareSignInManager signIn, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty]
    public string Confirm { get; set; } = "";

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!string.Equals(Confirm.Trim(), "delete", StringComparison.OrdinalIgnoreCase))
        {
            ModelState.AddModelError(nameof(Confirm), text["DeleteConfirmError"]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        await accounts.DeleteAsync(User.UserId(), ct);
        await signIn.SignOutAsync();
        return RedirectToPage("/Index");
    }
}
