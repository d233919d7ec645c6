namespace BackCare.App.Accounts;

public static class Roles
{
    public const string Patient = "patient";
    public const string Clinician = "clinician";
    public const string Admin = "admin";
}

/// <summary>A person who signs in. Health data hangs off <see cref="Id"/> and is deleted with it.</summary>
public sealed class UserAccount
{
    public Guid Id { get; set; }
    public required string Email { get; set; }
    public required string DisplayName { get; set; }
    public string PasswordHash { get; set; } = "";
    public required string Role { get; set; }
    public DateTime CreatedAt { get; set; }
    public int FailedSignIns { get; set; }
    public DateTime? LockedUntil { get; set; }

    /// <summary>Secret part of the calendar subscription URL; rotating it revokes old subscriptions.</summary>
    public required string CalendarToken { get; set; }

    /// <summary>Daily check-in reminder time, "HH:mm" in the person's own time, or null for none.</summary>
    public string? ReminderTime { get; set; }
}

/// <summary>A one-time password-reset token (only its hash is stored).</summary>
public sealed class PasswordResetToken
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public required string TokenHash { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? UsedAt { get; set; }
}
