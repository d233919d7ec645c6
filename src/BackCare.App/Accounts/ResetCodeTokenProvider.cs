using System.Security.Cryptography;
using System.Text;
using BackCare.App.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace BackCare.App.Accounts;

/// <summary>
/// Identity token provider for password reset: a one-time code of 128 random bits, stored only as a SHA-256
/// hash, valid for <see cref="AccountService.ResetTokenLifetime"/>. Making a code retires every older unused
/// code of that person; a code is consumed by one atomic update, so two requests cannot both use it.
/// </summary>
public sealed class ResetCodeTokenProvider(BackCareDbContext db, TimeProvider clock) : IUserTwoFactorTokenProvider<UserAccount>
{
    public const string Name = "BackCareResetCode";

    public async Task<string> GenerateAsync(string purpose, UserManager<UserAccount> manager, UserAccount user)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.PasswordResetTokens.Where(t => t.UserId == user.Id && t.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now));
        var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        db.PasswordResetTokens.Add(new PasswordResetToken
        {
            Id = Guid.NewGuid(),
            UserId = user.Id,
            TokenHash = Hash(code),
            ExpiresAt = now + AccountService.ResetTokenLifetime,
        });
        await db.SaveChangesAsync();
        return code;
    }

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<UserAccount> manager, UserAccount user)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var hash = Hash(token ?? "");
        var consumed = await db.PasswordResetTokens
            .Where(t => t.UserId == user.Id && t.TokenHash == hash && t.UsedAt == null && t.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now));
        return consumed == 1;
    }

    public Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<UserAccount> manager, UserAccount user) => Task.FromResult(false);

    internal static string Hash(string token) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token.Trim().ToLowerInvariant()))).ToLowerInvariant();
}
