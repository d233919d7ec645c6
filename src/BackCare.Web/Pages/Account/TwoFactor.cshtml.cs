using System.Text;
using BackCare.App.Accounts;
using BackCare.App.Auditing;
using BackCare.App.Data;
using BackCare.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace BackCare.Web.Pages.Account;

/// <summary>
/// Two-step sign-in with an authenticator app (TOTP, RFC 6238): open to every account, required for clinicians
/// and admins, who are sent here before anything else until it is on. Turning it on or off ends every other session.
/// </summary>
public sealed class TwoFactorModel(
    UserManager<UserAccount> users, BackCareSignInManager signIn, BackCareDbContext db, AuditLog audit, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty]
    public string Code { get; set; } = "";

    public bool Enabled { get; private set; }

    public bool Required { get; private set; }

    public string SharedKey { get; private set; } = "";

    public string AuthenticatorUri { get; private set; } = "";

    public IReadOnlyList<string> RecoveryCodes { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return RedirectToPage("/Account/Login");
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostEnableAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return RedirectToPage("/Account/Login");
        var code = new string(Code.Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray());
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            ModelState.AddModelError(nameof(Code), text["TwoFactorWrongCode"]);
            await LoadAsync(user);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        RecoveryCodes = [.. await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10) ?? []];
        audit.Record(AuditLog.UserActor(user.Id), "enable_two_factor", "account", user.Id.ToString("N"));
        await db.SaveChangesAsync();
        await signIn.SignInAsync(user, isPersistent: false, authenticationMethod: "mfa");
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostDisableAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return RedirectToPage("/Account/Login");
        if (Roles.RequiresTwoFactor(user.Role))
        {
            ModelState.AddModelError(nameof(Code), text["TwoFactorRequiredForRole"]);
            await LoadAsync(user);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        audit.Record(AuditLog.UserActor(user.Id), "disable_two_factor", "account", user.Id.ToString("N"));
        await db.SaveChangesAsync();
        await signIn.SignInAsync(user, isPersistent: false);
        return RedirectToPage();
    }

    private async Task LoadAsync(UserAccount user)
    {
        Enabled = user.TwoFactorEnabled;
        Required = Roles.RequiresTwoFactor(user.Role);
        if (Enabled) return;
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            // A new key changes the security stamp, which would end this session too: sign in again with the new stamp.
            await users.ResetAuthenticatorKeyAsync(user);
            await signIn.SignInAsync(user, isPersistent: false);
            key = await users.GetAuthenticatorKeyAsync(user) ?? "";
        }

        var grouped = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4) grouped.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        SharedKey = grouped.ToString().TrimEnd().ToLowerInvariant();
        AuthenticatorUri = $"otpauth://totp/BackCare:{Uri.EscapeDataString(user.Email ?? "")}?secret={key}&issuer=BackCare&digits=6";
    }
}
