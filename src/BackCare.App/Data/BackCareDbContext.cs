using BackCare.App.Auditing;
using Microsoft.EntityFrameworkCore;

namespace BackCare.App.Data;

/// <summary>
/// The one DbContext, used directly by services (docs/adr/0002). Each provider has a
/// thin subclass so that its hand-written migrations can be found (docs/adr/0003).
/// </summary>
public abstract class BackCareDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AuditEntry>(audit =>
        {
            audit.ToTable("audit_entries");
            audit.HasKey(a => a.Id);
            audit.Property(a => a.Id).HasColumnName("id");
            audit.Property(a => a.OccurredAt).HasColumnName("occurred_at");
            audit.Property(a => a.Actor).HasColumnName("actor").HasMaxLength(100);
            audit.Property(a => a.Action).HasColumnName("action").HasMaxLength(40);
            audit.Property(a => a.ResourceType).HasColumnName("resource_type").HasMaxLength(60);
            audit.Property(a => a.ResourceId).HasColumnName("resource_id").HasMaxLength(100);
            audit.HasIndex(a => new { a.ResourceType, a.ResourceId }).HasDatabaseName("ix_audit_entries_resource");
        });
    }
}

public sealed class SqliteBackCareDbContext(DbContextOptions<SqliteBackCareDbContext> options) : BackCareDbContext(options);

public sealed class PostgresBackCareDbContext(DbContextOptions<PostgresBackCareDbContext> options) : BackCareDbContext(options);
