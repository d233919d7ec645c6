using System.Reflection;
using Microsoft.AspNetCore.Identity;

namespace BackCare.App.Accounts.Passwords;

/// <summary>
/// NIST SP 800-63B password rules: a minimum length, a maximum of at least 64, any characters (spaces and
/// emoji too), no composition rules, and a refusal of passwords that are common, repetitive or contain the
/// email address. The common list is the 10,000 most frequent passwords (Passwords/README.md gives its source).
/// </summary>
public sealed class PasswordPolicy : IPasswordValidator<UserAccount>
{
    public const int MinLength = 10;
    public const int MaxLength = 200;

    private static readonly Lazy<HashSet<string>> Common = new(LoadCommon);

    public static int CommonCount => Common.Value.Count;

    /// <summary>What is wrong with the password, in words for the person, or null when it may be used.</summary>
    public static string? Problem(string? password, string? email)
    {
        if (password is null || password.Length < MinLength || password.Trim().Length == 0)
            return $"Use a password of at least {MinLength} characters; a few random words work well.";
        if (password.Length > MaxLength) return $"Use a password of at most {MaxLength} characters.";
        var lower = password.Trim().ToLowerInvariant();
        if (IsCommon(lower)) return "This password is one of the most common ones, which attackers try first. Choose something less predictable; a few random words work well.";
        if (IsRepetitiveOrSequential(lower)) return "This password repeats or runs through the same few characters. Choose something less predictable; a few random words work well.";
        if (ContainsEmail(lower, email)) return "Do not use your email address (or its name part) in your password.";
        return null;
    }

    public Task<IdentityResult> ValidateAsync(UserManager<UserAccount> manager, UserAccount user, string? password) =>
        Task.FromResult(Problem(password, user.Email) is { } problem
            ? IdentityResult.Failed(new IdentityError { Code = "PasswordPolicy", Description = problem })
            : IdentityResult.Success);

    private static bool IsCommon(string lower)
    {
        var common = Common.Value;
        if (common.Contains(lower) || common.Contains(lower.Replace(" ", "", StringComparison.Ordinal))) return true;

        // "password12", "monkey2024!": a common word with digits or symbols added at either end.
        var core = lower.Trim("0123456789!@#$%^&*()-_=+.,?~ ".ToCharArray());
        return core.Length >= 4 && common.Contains(core);
    }

    private static bool IsRepetitiveOrSequential(string lower)
    {
        var compact = lower.Replace(" ", "", StringComparison.Ordinal);
        if (compact.Distinct().Count() < 4) return true;

        // A run like "abcdefghij" or "9876543210".
        var step = compact[1] - compact[0];
        if (Math.Abs(step) == 1 && Enumerable.Range(1, compact.Length - 1).All(i => compact[i] - compact[i - 1] == step)) return true;

        // One short block repeated: "abcabcabcabc", "qwe123qwe123".
        for (var size = 1; size <= compact.Length / 2; size++)
        {
            if (compact.Length % size == 0 && string.Concat(Enumerable.Repeat(compact[..size], compact.Length / size)) == compact) return true;
        }

        return false;
    }

    private static bool ContainsEmail(string lower, string? email)
    {
        if (string.IsNullOrWhiteSpace(email)) return false;
        var address = email.Trim().ToLowerInvariant();
        if (lower.Contains(address, StringComparison.Ordinal)) return true;
        var local = address.Split('@')[0];
        return local.Length >= 4 && lower.Replace(" ", "", StringComparison.Ordinal).Contains(local, StringComparison.Ordinal);
    }

    private static HashSet<string> LoadCommon()
    {
        using var stream = typeof(PasswordPolicy).Assembly.GetManifestResourceStream("BackCare.App.common-passwords.txt")
            ?? throw new InvalidOperationException("the common-password list is not embedded");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0) set.Add(line.Trim().ToLowerInvariant());
        }

        return set;
    }
}
