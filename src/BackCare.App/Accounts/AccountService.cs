using System.Net.Mail;
using System.Security.Cryptography;
using System.Text;
using BackCare.App.Auditing;
using BackCare.App.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace BackCare.App.Accounts;

/// <summary>Registration, sign-in with lockout, password reset by one-time token, account deletion.</summary>
public sealed class AccountService(BackCareDbContext db, TimeProvider clock, AuditLog audit)
{
    public const int MaxFailedSignIns = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan ResetTokenLifetime = TimeSpan.FromHours(1);
    public const int MinPasswordLength = 10;
    private static readonly PasswordHasher<UserAccount> Hasher = new();

    public async Task<Result<UserAccount>> RegisterAsync(string email, string displayName, string password, string role, CancellationToken ct)
    {
        // Every field's problem at once, so the form can be corrected in one go.
        var normalized = NormalizeEmail(email);
        var problems = new List<Problem>();
        if (normalized is null) problems.Add(new("email", "Enter an email address like name@example.com."));
        if (string.IsNullOrWhiteSpace(displayName) || displayName.Trim().Length > 100) problems.Add(new("displayName", "Enter a name of 1 to 100 characters."));
        if (PasswordProblem(password) is { } problem) problems.Add(new("password", problem));
        if (problems.Count > 0 || normalized is null) return new Result<UserAccount>(null, problems);
        if (await db.Users.AnyAsync(u => u.Email == normalized, ct)) return Result<UserAccount>.Fail("email", "An account with this email already exists. Sign in instead.");

        var user = new UserAccount
        {
            Id = Guid.NewGuid(),
            Email = normalized,
            DisplayName = displayName.Trim(),
            Role = role,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            CalendarToken = NewToken(),
        };
        user.PasswordHash = Hasher.HashPassword(user, password);
        db.Users.Add(user);
        audit.Record(AuditLog.UserActor(user.Id), "create", "account", user.Id.ToString("N"));
        await db.SaveChangesAsync(ct);
        return Result<UserAccount>.Ok(user);
    }

    /// <summary>Signs in; after <see cref="MaxFailedSignIns"/> failures the account is locked for <see cref="LockoutDuration"/>.</summary>
    public async Task<Result<UserAccount>> SignInAsync(string email, string password, CancellationToken ct)
    {
        const string Generic = "Email or password is not right.";
        var normalized = NormalizeEmail(email);
        var user = normalized is null ? null : await db.Users.SingleOrDefaultAsync(u => u.Email == normalized, ct);
        if (user is null) return Result<UserAccount>.Fail("email", Generic);
        var now = clock.GetUtcNow().UtcDateTime;
        if (user.LockedUntil is { } until && until > now)
        {
            return Result<UserAccount>.Fail("email", $"Too many attempts. Try again after {until:HH:mm} UTC, or reset your password.");
        }

        var verdict = Hasher.VerifyHashedPassword(user, user.PasswordHash, password ?? "");
        if (verdict == PasswordVerificationResult.Failed)
        {
            user.FailedSignIns++;
            if (user.FailedSignIns >= MaxFailedSignIns)
            {
                user.LockedUntil = now + LockoutDuration;
                user.FailedSignIns = 0;
            }

            audit.Record(AuditLog.UserActor(user.Id), "sign_in_failed", "account", user.Id.ToString("N"));
            await db.SaveChangesAsync(ct);
            return Result<UserAccount>.Fail("email", Generic);
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded) user.PasswordHash = Hasher.HashPassword(user, password!);
        user.FailedSignIns = 0;
        user.LockedUntil = null;
        audit.Record(AuditLog.UserActor(user.Id), "sign_in", "account", user.Id.ToString("N"));
        await db.SaveChangesAsync(ct);
        return Result<UserAccount>.Ok(user);
    }

    /// <summary>A one-time reset token for the self-hosted case (shown by `backcare account reset-token`).</summary>
    public async Task<Result<string>> CreateResetTokenAsync(string email, CancellationToken ct)
    {
        var normalized = NormalizeEmail(email);
        var user = normalized is null ? null : await db.Users.SingleOrDefaultAsync(u => u.Email == normalized, ct);
        if (user is null) return Result<string>.Fail("email", $"no account with email '{email}'");
        var token = NewToken();
        db.PasswordResetTokens.Add(new PasswordResetToken
        {
            Id = Guid.NewGuid(),
            UserId = user.Id,
            TokenHash = Hash(token),
            ExpiresAt = clock.GetUtcNow().UtcDateTime + ResetTokenLifetime,
        });
        audit.Record("operator", "create_reset_token", "account", user.Id.ToString("N"));
        await db.SaveChangesAsync(ct);
        return Result<string>.Ok(token);
    }

    public async Task<Result<UserAccount>> ResetPasswordAsync(string email, string token, string newPassword, CancellationToken ct)
    {
        const string Invalid = "This reset code is not valid or has expired. Ask for a new one.";
        var normalized = NormalizeEmail(email);
        var user = normalized is null ? null : await db.Users.SingleOrDefaultAsync(u => u.Email == normalized, ct);
        if (user is null) return Result<UserAccount>.Fail("token", Invalid);
        if (PasswordProblem(newPassword) is { } problem) return Result<UserAccount>.Fail("password", problem);
        var now = clock.GetUtcNow().UtcDateTime;
        var hash = Hash(token ?? "");
        var stored = await db.PasswordResetTokens.SingleOrDefaultAsync(t => t.UserId == user.Id && t.TokenHash == hash && t.UsedAt == null, ct);
        if (stored is null || stored.ExpiresAt < now) return Result<UserAccount>.Fail("token", Invalid);
        stored.UsedAt = now;
        user.PasswordHash = Hasher.HashPassword(user, newPassword);
        user.FailedSignIns = 0;
        user.LockedUntil = null;
        audit.Record(AuditLog.UserActor(user.Id), "reset_password", "account", user.Id.ToString("N"));
        await db.SaveChangesAsync(ct);
        return Result<UserAccount>.Ok(user);
    }

    /// <summary>Deletes the account and every record that belongs to it; the audit trail keeps only ids.</summary>
    public async Task DeleteAsync(Guid userId, CancellationToken ct)
    {
        await db.DiaryEntries.Where(e => e.UserId == userId).ExecuteDeleteAsync(ct);
        await db.Assessments.Where(a => a.UserId == userId).ExecuteDeleteAsync(ct);
        await db.PasswordResetTokens.Where(t => t.UserId == userId).ExecuteDeleteAsync(ct);
        await db.Users.Where(u => u.Id == userId).ExecuteDeleteAsync(ct);
        audit.Record(AuditLog.UserActor(userId), "delete", "account", userId.ToString("N"));
        await db.SaveChangesAsync(ct);
    }

    public Task<UserAccount?> FindAsync(Guid userId, CancellationToken ct) => db.Users.SingleOrDefaultAsync(u => u.Id == userId, ct);

    public async Task<Result<UserAccount>> SetReminderAsync(Guid userId, string? time, CancellationToken ct)
    {
        if (time is not null && !TimeOnly.TryParseExact(time, "HH:mm", out _)) return Result<UserAccount>.Fail("time", "Enter a time as HH:MM, for example 20:00.");
        var user = await db.Users.SingleAsync(u => u.Id == userId, ct);
        user.ReminderTime = time;
        audit.Record(AuditLog.UserActor(userId), "update", "reminder", userId.ToString("N"));
        await db.SaveChangesAsync(ct);
        return Result<UserAccount>.Ok(user);
    }

    /// <summary>Replaces the secret in the calendar subscription link; the old link stops working at once.</summary>
    public async Task<string> NewCalendarLinkAsync(Guid userId, CancellationToken ct)
    {
        var user = await db.Users.SingleAsync(u => u.Id == userId, ct);
        user.CalendarToken = NewToken();
        audit.Record(AuditLog.UserActor(userId), "update", "calendar_link", userId.ToString("N"));
        await db.SaveChangesAsync(ct);
        return user.CalendarToken;
    }

    private static string? PasswordProblem(string? password) =>
        password is null || password.Length < MinPasswordLength
            ? $"Use a password of at least {MinPasswordLength} characters; a few random words work well."
            : password.Length > 200 ? "Use a password of at most 200 characters." : null;

    public static string? NormalizeEmail(string? email)
    {
        if (string.IsNullOrWhiteSpace(email) || email.Length > 254) return null;
        try
        {
            var address = new MailAddress(email.Trim());
            return address.Address == email.Trim() && address.Host.Contains('.', StringComparison.Ordinal) ? address.Address.ToLowerInvariant() : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string NewToken() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token.Trim().ToLowerInvariant()))).ToLowerInvariant();
}
