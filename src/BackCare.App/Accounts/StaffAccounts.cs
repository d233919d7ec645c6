using System.Security.Cryptography;
using BackCare.App.Auditing;
using BackCare.App.Data;
using Microsoft.EntityFrameworkCore;

namespace BackCare.App.Accounts;

/// <summary>A staff account just created and the one-time set-up code to give to its owner.</summary>
public sealed record NewStaffAccount(UserAccount User, string SetupCode, TimeSpan ValidFor);

/// <summary>A staff account as the admin page lists it.</summary>
public sealed record StaffMember(Guid Id, string Name, string Email, string Role, bool TwoFactorEnabled, DateTime CreatedAt);

/// <summary>
/// Clinician and admin accounts are created by an operator (`backcare account create`, or the admin page), never by
/// self-registration. The account gets a random password nobody knows and a one-time set-up code (the password-reset
/// code, valid for <see cref="AccountService.ResetTokenLifetime"/>): its owner chooses a password at
/// /Account/ResetPassword, then must set up two-step sign-in before anything else.
/// </summary>
public sealed class StaffAccounts(AccountService accounts, BackCareDbContext db, AuditLog audit)
{
    public async Task<Result<NewStaffAccount>> CreateAsync(string? email, string? name, string? role, string actor, CancellationToken ct)
    {
        if (role is not (Roles.Clinician or Roles.Admin)) return Result<NewStaffAccount>.Fail("role", "must be 'clinician' or 'admin'");
        var normalized = AccountService.NormalizeEmail(email);
        if (normalized is null) return Result<NewStaffAccount>.Fail("email", "Enter an email address like name@example.com.");
        var displayName = string.IsNullOrWhiteSpace(name) ? normalized.Split('@')[0] : name.Trim();
        var unknowable = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        var created = await accounts.RegisterAsync(normalized, displayName, unknowable, role, ct);
        if (!created.Succeeded)
        {
            return created.Problems[0].Field == AccountService.EmailTakenField
                ? Result<NewStaffAccount>.Fail("email", "An account with this email already exists.")
                : new Result<NewStaffAccount>(null, created.Problems);
        }

        var code = await accounts.CreateResetTokenAsync(normalized, ct);
        audit.Record(actor, "create_staff", "account", created.Value!.Id.ToString("N"));
        await db.SaveChangesAsync(ct);
        return Result<NewStaffAccount>.Ok(new NewStaffAccount(created.Value, code.Value!, AccountService.ResetTokenLifetime));
    }

    public async Task<IReadOnlyList<StaffMember>> ListAsync(CancellationToken ct) =>
        await db.Users.AsNoTracking().Where(u => u.Role == Roles.Clinician || u.Role == Roles.Admin)
            .OrderBy(u => u.Role).ThenBy(u => u.DisplayName)
            .Select(u => new StaffMember(u.Id, u.DisplayName, u.Email!, u.Role, u.TwoFactorEnabled, u.CreatedAt))
            .ToListAsync(ct);
}
