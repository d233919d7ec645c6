using BackCare.App.Auditing;
using Microsoft.EntityFrameworkCore;

namespace BackCare.App.Tests.Data;

public sealed class AuditStorageTests
{
    [Fact]
    [Trait("Storage", "Postgres")]
    public async Task An_audit_entry_round_trips_on_postgres()
    {
        var (db, _) = await TestDatabases.NewPostgresAsync();
        await using (db)
        {
            await db.Database.MigrateAsync();
            var at = new DateTimeOffset(2026, 11, 24, 9, 30, 0, TimeSpan.Zero);
            db.AuditEntries.Add(new AuditEntry { OccurredAt = at, Actor = "user:1", Action = "read", ResourceType = "diary_entry", ResourceId = "42" });
            await db.SaveChangesAsync();

            db.ChangeTracker.Clear();
            var stored = await db.AuditEntries.SingleAsync();
            stored.Id.ShouldBeGreaterThan(0);
            stored.OccurredAt.ShouldBe(at);
            stored.ResourceId.ShouldBe("42");
            await db.Database.EnsureDeletedAsync();
        }
    }

    [Fact]
    public async Task An_audit_entry_round_trips_on_sqlite()
    {
        using var folder = new TempFolder();
        await using var db = TestDatabases.NewSqlite(folder.Path);
        await db.Database.MigrateAsync();
        var at = new DateTimeOffset(2026, 11, 24, 9, 30, 0, TimeSpan.FromHours(1));
        db.AuditEntries.Add(new AuditEntry { OccurredAt = at, Actor = "user:1", Action = "write", ResourceType = "assessment" });
        await db.SaveChangesAsync();

        db.ChangeTracker.Clear();
        var stored = await db.AuditEntries.SingleAsync();
        stored.OccurredAt.ShouldBe(at);
        stored.ResourceId.ShouldBeNull();
    }
}
