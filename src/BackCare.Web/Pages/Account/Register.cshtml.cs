using System.ComponentModel.DataAnnotations;
using BackCare.App.Accounts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackCare.Web.Pages.Account;

/// <summary>
/// Registration. A new account and an email that already has one get the same answer (go and sign in), after the
/// same work, so the form does not tell anyone which emails are registered.
/// </summary>
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
        var taken = result.Problems.Count == 1 && result.Problems[0].Field == AccountService.EmailTakenField;
        if (!result.Succeeded && !taken)
        {
            foreach (var p in result.Problems) ModelState.AddModelError(p.Field == "displayName" ? nameof(DisplayName) : p.Field == "email" ? nameof(Email) : nameof(Password), p.Message);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        return RedirectToPage("/Account/Login", new { Registered = true, ReturnUrl = "/Assessment" });
    }
}
