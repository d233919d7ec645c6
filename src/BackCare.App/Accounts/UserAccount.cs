using Microsoft.AspNetCore.Identity;

namespace BackCare.App.Accounts;

public static class Roles
{
    public const string Patient = "patient";
    public const string Clinician = "clinician";
    public const string Admin = "admin";

    /// <summary>Roles that must sign in with two factors (docs/security.md).</summary>
    public static bool RequiresTwoFactor(string role) => role is Clinician or Admin;
}

/// <summary>
/// A person who signs in: an ASP.NET Core Identity user stored in the <c>users</c> table. Health data hangs
/// off <see cref="IdentityUser{TKey}.Id"/> by foreign keys with ON DELETE CASCADE, so deleting the user
/// deletes it in the same statement.
/// </summary>
public sealed class UserAccount : IdentityUser<Guid>
{
    public string DisplayName { get; set; } = "";
    public string Role { get; set; } = Roles.Patient;
    public DateTime CreatedAt { get; set; }

    /// <summary>Secret part of the calendar subscription URL; rotating it revokes old subscriptions.</summary>
    public string CalendarToken { get; set; } = "";

    /// <summary>Daily check-in reminder time, "HH:mm" in the person's own time, or null for none.</summary>
    public string? ReminderTime { get; set; }
}

/// <summary>A one-time password-reset code (only its hash is stored); a new code replaces every older one.</summary>
public sealed class PasswordResetToken
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public required string TokenHash { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? UsedAt { get; set; }
}
