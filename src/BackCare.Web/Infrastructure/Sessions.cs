using System.Security.Claims;
using BackCare.App.Accounts;
using BackCare.App.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BackCare.Web.Infrastructure;

/// <summary>Identity's sign-in manager with one public step: sign in (or ask for the second factor) after <see cref="AccountService"/> checked the password.</summary>
public sealed class BackCareSignInManager(
    UserManager<UserAccount> users, IHttpContextAccessor http, IUserClaimsPrincipalFactory<UserAccount> claims, IOptions<IdentityOptions> options,
    ILogger<SignInManager<UserAccount>> logger, IAuthenticationSchemeProvider schemes, IUserConfirmation<UserAccount> confirmation)
    : SignInManager<UserAccount>(users, http, claims, options, logger, schemes, confirmation)
{
    /// <summary>Issues the session cookie, or the short-lived "second factor pending" cookie when the account has two-factor on.</summary>
    public Task<SignInResult> SignInAfterPasswordAsync(UserAccount user) => SignInOrTwoFactorAsync(user, isPersistent: false);
}

/// <summary>
/// Session checks on every authenticated request: the cookie's security stamp must equal the account's current
/// one (logout, password change or reset, two-factor changes and deletion all change or remove it), so a cookie
/// saved before any of those is refused at once. One primary-key read per request.
/// </summary>
internal static class SessionValidation
{
    private const string TwoFactorKey = "backcare.twoFactorEnabled";

    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var options = context.HttpContext.RequestServices.GetRequiredService<IOptions<IdentityOptions>>().Value;
        var stamp = principal?.FindFirstValue(options.ClaimsIdentity.SecurityStampClaimType);
        if (!Guid.TryParse(principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var userId) || stamp is null)
        {
            await RejectAsync(context);
            return;
        }

        var db = context.HttpContext.RequestServices.GetRequiredService<BackCareDbContext>();
        var account = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.SecurityStamp, u.TwoFactorEnabled, u.Role })
            .SingleOrDefaultAsync(context.HttpContext.RequestAborted);
        if (account is null || account.SecurityStamp != stamp || !principal!.IsInRole(account.Role))
        {
            await RejectAsync(context);
            return;
        }

        context.HttpContext.Items[TwoFactorKey] = account.TwoFactorEnabled;
    }

    private static async Task RejectAsync(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
    }

    /// <summary>
    /// Clinicians and admins must have two-factor on: until they set it up, every page sends them to
    /// /Account/TwoFactor (signing out stays possible).
    /// </summary>
    public static IApplicationBuilder UseTwoFactorRequiredByRole(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var user = http.User;
        if (user.Identity?.IsAuthenticated == true
            && Roles.RequiresTwoFactor(user.FindFirstValue(ClaimTypes.Role) ?? "")
            && http.Items[TwoFactorKey] is false
            && !http.Request.Path.StartsWithSegments("/Account/TwoFactor", StringComparison.OrdinalIgnoreCase)
            && !http.Request.Path.StartsWithSegments("/Account/Logout", StringComparison.OrdinalIgnoreCase))
        {
            http.Response.Redirect("/Account/TwoFactor");
            return;
        }

        await next(http);
    });
}

/// <summary>
/// A device the person has signed in on: a data-protected cookie naming the account, kept for 180 days. Sign-in
/// from such a device is not held back by the account lockout (it is still rate-limited), so someone who only
/// knows the email cannot shut the person out by failing on purpose.
/// </summary>
public sealed class KnownDevices(IDataProtectionProvider protection, TimeProvider clock)
{
    public const string CookieName = "backcare_device";
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(180);
    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("BackCare.KnownDevice").ToTimeLimitedDataProtector();

    public Guid? Read(HttpContext http)
    {
        if (!http.Request.Cookies.TryGetValue(CookieName, out var value) || string.IsNullOrEmpty(value)) return null;
        try
        {
            return Guid.TryParse(_protector.Unprotect(value), out var id) ? id : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    public void Remember(HttpContext http, Guid userId) =>
        http.Response.Cookies.Append(CookieName, _protector.Protect(userId.ToString(), clock.GetUtcNow() + Lifetime), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = http.Request.IsHttps,
            IsEssential = true,
            MaxAge = Lifetime,
            Path = "/Account",
        });
}
