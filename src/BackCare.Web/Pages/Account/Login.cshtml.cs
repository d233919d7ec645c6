using BackCare.App.Accounts;
using BackCare.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackCare.Web.Pages.Account;

public sealed class LoginModel(AccountService accounts, BackCareSignInManager signIn, KnownDevices devices) : PageModel
{
    [BindProperty]
    public string Email { get; set; } = "";

    [BindProperty]
    public string Password { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>Set after registration: the same note whether the email was new or already had an account.</summary>
    [BindProperty(SupportsGet = true)]
    public bool Registered { get; set; }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var check = await accounts.CheckPasswordAsync(Email, Password, devices.Read(HttpContext), ct);
        if (!check.Succeeded)
        {
            ModelState.AddModelError(nameof(Email), check.Message!);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var user = check.User!;
        var result = await signIn.SignInAfterPasswordAsync(user);
        if (result.RequiresTwoFactor) return RedirectToPage("/Account/LoginWith2fa", new { ReturnUrl });
        devices.Remember(HttpContext, user.Id);
        return After(this, user, ReturnUrl);
    }

    /// <summary>Where a person goes once signed in: the page they asked for, else their plan (patients) or home.</summary>
    internal static IActionResult After(PageModel page, UserAccount user, string? returnUrl)
    {
        if (page.Url.IsLocalUrl(returnUrl)) return page.LocalRedirect(returnUrl);
        return user.Role == Roles.Patient ? page.RedirectToPage("/Plan/Index") : page.RedirectToPage("/Index");
    }
}
