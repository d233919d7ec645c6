using System.Collections.Concurrent;
using System.Net.Mail;
using System.Security.Cryptography;
using BackCare.App.Accounts.Passwords;
using BackCare.App.Auditing;
using BackCare.App.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace BackCare.App.Accounts;

/// <summary>How a password check ended. <see cref="Message"/> is the same text whether or not the account exists.</summary>
public sealed record SignInCheck(UserAccount? User, string? Message)
{
    public bool Succeeded => User is not null;
}

/// <summary>
/// Registration, sign-in checks with atomic lockout, password reset by one-time code and account deletion, on
/// ASP.NET Core Identity's <see cref="UserManager{TUser}"/>. Every refusal does the same work (one PBKDF2 hash)
/// and says the same thing whether or not the email belongs to an account.
/// </summary>
public sealed class AccountService(
    BackCareDbContext db, UserManager<UserAccount> users, IPasswordHasher<UserAccount> hasher, TimeProvider clock, AuditLog audit, UnknownAccountAttempts unknown)
{
    public const int MaxFailedSignIns = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan ResetTokenLifetime = TimeSpan.FromHours(1);
    public const int MinPasswordLength = PasswordPolicy.MinLength;

    /// <summary>The problem field for "this email already has an account" (the web form shows the same page as for a new account).</summary>
    public const string EmailTakenField = "email_taken";

    public const string WrongCredentials = "Email or password is not right.";
    public const string InvalidResetCode = "This reset code is not valid or has expired. Ask for a new one.";

    private static readonly UserAccount Nobody = new() { Id = Guid.Empty, Email = "nobody@invalid" };
    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<UserAccount>().HashPassword(Nobody, Convert.ToHexString(RandomNumberGenerator.GetBytes(16))));

    public async Task<Result<UserAccount>> RegisterAsync(string email, string displayName, string password, string role, CancellationToken ct)
    {
        // Every field's problem at once, so the form can be corrected in one go.
        var normalized = NormalizeEmail(email);
        var problems = new List<Problem>();
        if (normalized is null) problems.Add(new("email", "Enter an email address like name@example.com."));
        if (string.IsNullOrWhiteSpace(displayName) || displayName.Trim().Length > 100) problems.Add(new("displayName", "Enter a name of 1 to 100 characters."));
        if (PasswordPolicy.Problem(password, normalized ?? email) is { } problem) problems.Add(new("password", problem));
        if (problems.Count > 0 || normalized is null) return new Result<UserAccount>(null, problems);

        var user = new UserAccount
        {
            Id = Guid.NewGuid(),
            UserName = normalized,
            Email = normalized,
            DisplayName = displayName.Trim(),
            Role = role,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            CalendarToken = NewToken(),
        };
        if (await users.FindByEmailAsync(normalized) is not null)
        {
            hasher.HashPassword(Nobody, password); // the same work as creating one
            return Result<UserAccount>.Fail(EmailTakenField, "An account with this email already exists.");
        }

        audit.Record(AuditLog.UserActor(user.Id), "create", "account", user.Id.ToString("N"));
        IdentityResult created;
        try
        {
            created = await users.CreateAsync(user, password);
        }
        catch (DbUpdateException)
        {
            created = IdentityResult.Failed(new IdentityError { Code = "DuplicateEmail" });
        }

        if (!created.Succeeded)
        {
            db.ChangeTracker.Clear();
            return created.Errors.Any(e => e.Code is "DuplicateEmail" or "DuplicateUserName")
                ? Result<UserAccount>.Fail(EmailTakenField, "An account with this email already exists.")
                : Result<UserAccount>.Fail("password", created.Errors.First().Description);
        }

        return Result<UserAccount>.Ok(user);
    }

    /// <summary>
    /// Checks a password. Each attempt first reserves one of <see cref="MaxFailedSignIns"/> tries with a single
    /// conditional UPDATE, so concurrent attempts can never check more passwords than the limit; the fifth
    /// failure locks the account for <see cref="LockoutDuration"/>. A device the person signed in on before
    /// (<paramref name="knownDeviceUserId"/>) is not held back by the lockout, so an attacker cannot shut them out.
    /// </summary>
    public async Task<SignInCheck> CheckPasswordAsync(string email, string password, Guid? knownDeviceUserId, CancellationToken ct)
    {
        var normalized = NormalizeEmail(email);
        var user = normalized is null ? null : await users.FindByEmailAsync(normalized);
        var now = clock.GetUtcNow();
        if (user is null)
        {
            hasher.VerifyHashedPassword(Nobody, DummyHash.Value, password ?? "");
            return new SignInCheck(null, unknown.Fail(normalized ?? "", now) is { } until ? LockedMessage(until) : WrongCredentials);
        }

        var known = knownDeviceUserId == user.Id;
        if (!known)
        {
            var reserved = await db.Users
                .Where(u => u.Id == user.Id && u.AccessFailedCount < MaxFailedSignIns && (u.LockoutEnd == null || u.LockoutEnd <= now))
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.AccessFailedCount, u => u.AccessFailedCount + 1), ct);
            if (reserved == 0)
            {
                hasher.VerifyHashedPassword(Nobody, DummyHash.Value, password ?? "");
                var until = await db.Users.Where(u => u.Id == user.Id).Select(u => u.LockoutEnd).SingleAsync(ct);
                return new SignInCheck(null, LockedMessage(until is { } u2 && u2 > now ? u2 : now + LockoutDuration));
            }
        }

        var verdict = hasher.VerifyHashedPassword(user, user.PasswordHash ?? "", password ?? "");
        if (verdict == PasswordVerificationResult.Failed)
        {
            if (!known)
            {
                await db.Users.Where(u => u.Id == user.Id && u.AccessFailedCount >= MaxFailedSignIns)
                    .ExecuteUpdateAsync(s => s.SetProperty(u => u.LockoutEnd, now + LockoutDuration).SetProperty(u => u.AccessFailedCount, 0), ct);
            }

            audit.Record(AuditLog.UserActor(user.Id), "sign_in_failed", "account", user.Id.ToString("N"));
            await db.SaveChangesAsync(ct);
            return new SignInCheck(null, WrongCredentials);
        }

        await db.Users.Where(u => u.Id == user.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.AccessFailedCount, 0).SetProperty(u => u.LockoutEnd, (DateTimeOffset?)null), ct);
        await db.Entry(user).ReloadAsync(ct);
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            // An older hash format (Identity V2, or fewer PBKDF2 iterations) is replaced on first use.
            user.PasswordHash = hasher.HashPassword(user, password!);
            await users.UpdateAsync(user);
        }

        audit.Record(AuditLog.UserActor(user.Id), "sign_in", "account", user.Id.ToString("N"));
        await db.SaveChangesAsync(ct);
        return new SignInCheck(user, null);
    }

    /// <summary>The password check alone (no cookie): used by the CLI and tests.</summary>
    public async Task<Result<UserAccount>> SignInAsync(string email, string password, CancellationToken ct)
    {
        var check = await CheckPasswordAsync(email, password, null, ct);
        return check.Succeeded ? Result<UserAccount>.Ok(check.User!) : Result<UserAccount>.Fail("email", check.Message!);
    }

    /// <summary>A one-time reset code for the self-hosted case (shown by `backcare account reset-token`); older codes stop working.</summary>
    public async Task<Result<string>> CreateResetTokenAsync(string email, CancellationToken ct)
    {
        var normalized = NormalizeEmail(email);
        var user = normalized is null ? null : await users.FindByEmailAsync(normalized);
        if (user is null) return Result<string>.Fail("email", $"no account with email '{email}'");
        var token = await users.GeneratePasswordResetTokenAsync(user);
        audit.Record("operator", "create_reset_token", "account", user.Id.ToString("N"));
        await db.SaveChangesAsync(ct);
        return Result<string>.Ok(token);
    }

    /// <summary>Sets a new password with a one-time code; every session of the account ends (new security stamp).</summary>
    public async Task<Result<UserAccount>> ResetPasswordAsync(string email, string token, string newPassword, CancellationToken ct)
    {
        var normalized = NormalizeEmail(email);
        var problems = new List<Problem>();
        if (!IsCodeShaped(token)) problems.Add(new("token", InvalidResetCode));
        if (PasswordPolicy.Problem(newPassword, normalized ?? email) is { } problem) problems.Add(new("password", problem));
        if (problems.Count > 0) return new Result<UserAccount>(null, problems);
        var user = normalized is null ? null : await users.FindByEmailAsync(normalized);
        if (user is null)
        {
            hasher.HashPassword(Nobody, newPassword); // the same work as a real reset
            return Result<UserAccount>.Fail("token", InvalidResetCode);
        }

        var reset = await users.ResetPasswordAsync(user, (token ?? "").Trim(), newPassword);
        if (!reset.Succeeded)
        {
            if (reset.Errors.Any(e => e.Code == "InvalidToken")) hasher.HashPassword(Nobody, newPassword);
            return Result<UserAccount>.Fail("token", InvalidResetCode);
        }

        await db.Users.Where(u => u.Id == user.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.AccessFailedCount, 0).SetProperty(u => u.LockoutEnd, (DateTimeOffset?)null), ct);
        audit.Record(AuditLog.UserActor(user.Id), "reset_password", "account", user.Id.ToString("N"));
        await db.SaveChangesAsync(ct);
        return Result<UserAccount>.Ok(user);
    }

    /// <summary>Changes the password (the current one is required); every other session of the account ends.</summary>
    public async Task<Result<UserAccount>> ChangePasswordAsync(Guid userId, string currentPassword, string newPassword, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null) return Result<UserAccount>.Fail("currentPassword", WrongCredentials);
        if (PasswordPolicy.Problem(newPassword, user.Email) is { } problem) return Result<UserAccount>.Fail("newPassword", problem);
        var changed = await users.ChangePasswordAsync(user, currentPassword ?? "", newPassword);
        if (!changed.Succeeded)
        {
            return changed.Errors.Any(e => e.Code == "PasswordMismatch")
                ? Result<UserAccount>.Fail("currentPassword", "Your current password is not right.")
                : Result<UserAccount>.Fail("newPassword", changed.Errors.First().Description);
        }

        audit.Record(AuditLog.UserActor(userId), "change_password", "account", userId.ToString("N"));
        await db.SaveChangesAsync(ct);
        return Result<UserAccount>.Ok(user);
    }

    /// <summary>Ends every session of the account at once (sign-out everywhere): a new security stamp.</summary>
    public async Task EndAllSessionsAsync(Guid userId, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null) return;
        await users.UpdateSecurityStampAsync(user);
        audit.Record(AuditLog.UserActor(userId), "sign_out", "account", userId.ToString("N"));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Deletes the account in one transaction: the user row goes, and the database's ON DELETE CASCADE keys take
    /// the diary, assessments, reset codes and Identity rows with it. The audit row (ids only) is kept.
    /// </summary>
    public async Task DeleteAsync(Guid userId, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null) return;
        audit.Record(AuditLog.UserActor(userId), "delete", "account", userId.ToString("N"));

        // SMART authorizations name the person by subject, not by key: remove them (and their tokens, by cascade) too.
        var subject = userId.ToString("N");
        db.RemoveRange(await db.Set<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreAuthorization>().Where(a => a.Subject == subject).ToListAsync(ct));
        db.RemoveRange(await db.Set<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreToken>().Where(t => t.Subject == subject).ToListAsync(ct));
        var deleted = await users.DeleteAsync(user);
        if (!deleted.Succeeded) throw new InvalidOperationException("account deletion failed: " + string.Join(", ", deleted.Errors.Select(e => e.Code)));
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

    /// <summary>A reset code is 32 hexadecimal digits; anything else is refused before any account is looked up.</summary>
    private static bool IsCodeShaped(string? token) =>
        token is not null && token.Trim().Length == 32 && token.Trim().All(char.IsAsciiHexDigit);

    private static string LockedMessage(DateTimeOffset until) =>
        $"Too many attempts. Try again after {until.UtcDateTime:HH:mm} UTC, sign in on a device you have used before, or reset your password.";

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
}

/// <summary>
/// Failed sign-ins for emails that have no account, counted like real ones, so the lockout message appears
/// after the same number of tries whether or not the account exists. Bounded in size.
/// </summary>
public sealed class UnknownAccountAttempts
{
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<string, (int Count, DateTimeOffset? Until)> _attempts = new(StringComparer.Ordinal);

    /// <summary>Counts a failure; returns the lockout end when this email is (now) locked.</summary>
    public DateTimeOffset? Fail(string email, DateTimeOffset now)
    {
        if (_attempts.Count > MaxEntries) _attempts.Clear();
        var entry = _attempts.AddOrUpdate(email, _ => (1, null), (_, old) =>
            old.Until is { } until && until > now ? old
            : old.Count + 1 > AccountService.MaxFailedSignIns ? (0, now + AccountService.LockoutDuration)
            : (old.Count + 1, null));
        return entry.Until is { } locked && locked > now ? locked : null;
    }
}
