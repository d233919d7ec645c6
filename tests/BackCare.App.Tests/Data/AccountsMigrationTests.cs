using BackCare.App.Accounts;
using BackCare.App.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BackCare.App.Tests.Data;

/// <summary>
/// An existing database from before accounts moved onto Identity: after the migration its people still sign in
/// with their passwords (the old hashes are Identity's own PBKDF2 format; an older V2 hash is accepted and
/// rehashed), their data is kept, and rows orphaned by the old deletion path are gone.
/// </summary>
public sealed class AccountsMigrationTests
{
    [Fact]
    public async Task People_from_before_Identity_sign_in_with_their_old_passwords_and_orphans_are_removed()
    {
        using var folder = new TempFolder();
        var current = Guid.NewGuid();
        var legacy = Guid.NewGuid();
        var gone = Guid.NewGuid();
        await using (var db = TestDatabases.NewSqlite(folder.Path))
        {
            await db.GetService<IMigrator>().MigrateAsync("20261124000002_PatientApp");
            var v3 = new PasswordHasher<UserAccount>().HashPassword(new UserAccount(), "old password 123");
            var v2 = new PasswordHasher<UserAccount>(Options.Create(new PasswordHasherOptions { CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV2 }))
                .HashPassword(new UserAccount(), "older password 456");
            foreach (var (id, email, hash) in new[] { (current, "old@example.com", v3), (legacy, "older@example.com", v2) })
            {
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO users (id, email, display_name, password_hash, role, created_at, failed_sign_ins, calendar_token)
                    VALUES ({id}, {email}, 'Old', {hash}, 'patient', '2026-11-30 10:00:00', 0, {Guid.NewGuid().ToString("N")})
                    """);
            }

            foreach (var owner in new[] { current, gone })
            {
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO diary_entries (id, user_id, date, pain, updated_at) VALUES ({Guid.NewGuid()}, {owner}, '2026-11-30', 4, '2026-11-30 10:00:00')
                    """);
            }

            await db.Database.MigrateAsync();
            (await db.DiaryEntries.CountAsync(e => e.UserId == current)).ShouldBe(1, "the person's data is kept");
            (await db.DiaryEntries.CountAsync(e => e.UserId == gone)).ShouldBe(0, "the orphan is removed");
            (await db.Users.Where(u => u.Id == current).Select(u => u.SecurityStamp).SingleAsync()).ShouldNotBeNullOrEmpty();
        }

        await using var services = new ServiceCollection().AddLogging()
            .AddBackCareApp(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["BackCare:Storage:DataDirectory"] = folder.Path }).Build())
            .BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
        (await accounts.SignInAsync("old@example.com", "old password 123", default)).Succeeded.ShouldBeTrue();
        (await accounts.SignInAsync("older@example.com", "older password 456", default)).Succeeded.ShouldBeTrue();
        var rehashed = await scope.ServiceProvider.GetRequiredService<BackCareDbContext>().Users.AsNoTracking().SingleAsync(u => u.Id == legacy);
        Convert.FromBase64String(rehashed.PasswordHash!)[0].ShouldBe((byte)0x01, "the V2 hash was replaced by a V3 hash on first use");
        (await accounts.SignInAsync("older@example.com", "older password 456", default)).Succeeded.ShouldBeTrue();
    }
}
