using System.ComponentModel.DataAnnotations;
using BackCare.App.Accounts;
using BackCare.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackCare.Web.Pages.Account;

public sealed class RegisterModel(AccountService accounts) : PageModel
{
    [BindProperty, Display(Name = "Your name")]
    public string DisplayName { get; set; } = "";

    [BindProperty, Display(Name = "Email")]
    public string Email { get; set; } = "";

    [BindProperty, DataType(DataType.Password), Display(Name = "Password (at least 10 characters)")]
    public string Password { get; set; } = "";

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await accounts.RegisterAsync(Email, DisplayName, Password, Roles.Patient, ct);
        if (!result.Succeeded)
        {
            foreach (var p in result.Problems) ModelState.AddModelError(p.Field == "displayName" ? nameof(DisplayName) : p.Field == "email" ? nameof(Email) : nameof(Password), p.Message);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        await CookieSignIn.AsAsync(HttpContext, result.Value!);
        return RedirectToPage("/Assessment/Index");
    }
}
