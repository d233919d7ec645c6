using System.Diagnostics;
using BackCare.App.Auditing;
using BackCare.App.Diary;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace BackCare.App.Tests.Data;

/// <summary>
/// PostgreSQL deployments back up with pg_dump and restore with pg_restore (docs/operations.md); this runs exactly the
/// documented commands against the throwaway server and compares every table's rows.
/// </summary>
public sealed class PostgresBackupTests
{
    private static string Tool(string name)
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", name)).Where(File.Exists)
                .OrderBy(p => int.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(p))), out var v) ? v : 0).LastOrDefault()
            : null;
        return bin ?? name;
    }

    private static async Task RunAsync(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(Tool(tool), args) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, $"{tool} {string.Join(' ', args)}: {await error}");
    }

    private static string[] Connection(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        return ["-h", b.Host!, "-p", b.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", b.Username!, "-d", b.Database!];
    }

    [Fact]
    [Trait("Storage", "Postgres")]
    public async Task A_pg_dump_restored_with_pg_restore_into_an_empty_database_has_every_row()
    {
        var (db, source) = await TestDatabases.NewPostgresAsync();
        var (copy, target) = await TestDatabases.NewPostgresAsync();
        var dump = Path.Combine(Path.GetTempPath(), $"backcare-{Guid.NewGuid():N}.dump");
        try
        {
            await using (db)
            {
                await db.Database.MigrateAsync();
                var userId = Guid.NewGuid();
                db.Users.Add(new Accounts.UserAccount { Id = userId, Email = "pg@example.com", DisplayName = "Pg", PasswordHash = "x", Role = "patient", CreatedAt = TimeProvider.System.GetUtcNow().UtcDateTime, CalendarToken = Guid.NewGuid().ToString("N") });
                await db.SaveChangesAsync();
                var diary = new DiaryService(db, TimeProvider.System, new AuditLog(db, TimeProvider.System, new PendingAuditReads(), new AuditReadsInFlight()));
                for (var d = 1; d <= 20; d++)
                {
                    (await diary.SaveAsync(userId, new DiaryInput(diary.Today.AddDays(-d), d % 11, 3, 7.5, 20, null, null, null, $"day {d}"), default)).Succeeded.ShouldBeTrue();
                }

                // The documented commands: custom-format dump, restore into an empty database without owners.
                await RunAsync("pg_dump", [.. Connection(source), "--format=custom", "--no-owner", "--file", dump]);
                await RunAsync("pg_restore", [.. Connection(target), "--no-owner", "--exit-on-error", dump]);

                await using (copy)
                {
                    foreach (var table in new[] { "users", "diary_entries", "audit_entries", "assessments", "password_reset_tokens", "__EFMigrationsHistory" })
                    {
                        (await CountAsync(target, table)).ShouldBe(await CountAsync(source, table), table);
                    }

                    (await CountAsync(target, "diary_entries")).ShouldBe(20);
                    (await copy.DiaryEntries.SingleAsync(e => e.Note == "day 7")).SleepHours.ShouldBe(7.5);
                    (await copy.Database.GetPendingMigrationsAsync()).ShouldBeEmpty("the restored database is at the current schema");
                    await copy.Database.EnsureDeletedAsync();
                }

                await db.Database.EnsureDeletedAsync();
            }
        }
        finally
        {
            File.Delete(dump);
        }
    }

    private static async Task<long> CountAsync(string connectionString, string table)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT COUNT(*) FROM \"{table}\"", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
