using BackCare.App.Accounts;
using BackCare.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackCare.Web.Pages.Account;

public sealed class LoginModel(AccountService accounts) : PageModel
{
    [BindProperty]
    public string Email { get; set; } = "";

    [BindProperty]
    public string Password { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await accounts.SignInAsync(Email, Password, ct);
        if (!result.Succeeded)
        {
            ModelState.AddModelError(nameof(Email), result.Problems[0].Message);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        await CookieSignIn.AsAsync(HttpContext, result.Value!);
        if (Url.IsLocalUrl(ReturnUrl)) return LocalRedirect(ReturnUrl);
        return result.Value!.Role == BackCare.App.Accounts.Roles.Patient ? RedirectToPage("/Plan/Index") : RedirectToPage("/Index");
    }
}
