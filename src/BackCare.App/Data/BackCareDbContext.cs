using BackCare.App.Accounts;
using BackCare.App.Assessments;
using BackCare.App.Auditing;
using BackCare.App.Clinicians;
using BackCare.App.Diary;
using BackCare.App.Sharing;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace BackCare.App.Data;

/// <summary>
/// The one DbContext, used directly by services (docs/adr/0002). Each provider has a
/// thin subclass so that its hand-written migrations can be found (docs/adr/0003).
/// </summary>
public abstract class BackCareDbContext(DbContextOptions options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<UserAccount> Users => Set<UserAccount>();
    public DbSet<PasswordResetToken> PasswordResetTokens => Set<PasswordResetToken>();
    public DbSet<AssessmentRecord> Assessments => Set<AssessmentRecord>();
    public DbSet<DiaryEntryRecord> DiaryEntries => Set<DiaryEntryRecord>();
    public DbSet<PlanSnapshotRecord> PlanSnapshots => Set<PlanSnapshotRecord>();
    public DbSet<ShareCodeRecord> ShareCodes => Set<ShareCodeRecord>();
    public DbSet<CareShareRecord> CareShares => Set<CareShareRecord>();
    public DbSet<PanelFactsRecord> PanelFacts => Set<PanelFactsRecord>();
    public DbSet<AlertReviewRecord> AlertReviews => Set<AlertReviewRecord>();
    public DbSet<Fhir.ImportedResponseRecord> ImportedResponses => Set<Fhir.ImportedResponseRecord>();
    public DbSet<Fhir.ImportedMedicationRecord> ImportedMedications => Set<Fhir.ImportedMedicationRecord>();
    public DbSet<Smart.SmartSigningKeyRecord> SmartSigningKeys => Set<Smart.SmartSigningKeyRecord>();

    /// <summary>The data-protection key ring every web node shares (cookies, antiforgery tokens): docs/deploy.md.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>
    /// Every <see cref="DateTime"/> is a UTC instant on both providers (issue 14): writing another kind fails on SQLite
    /// exactly as PostgreSQL refuses it, and values read back are of kind Utc (SQLite would say Unspecified).
    /// Calendar days are <see cref="DateOnly"/>.
    /// </summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

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

        modelBuilder.Entity<UserAccount>(user =>
        {
            user.ToTable("users");
            user.HasKey(u => u.Id);
            user.Property(u => u.Id).HasColumnName("id");
            user.Property(u => u.UserName).HasColumnName("user_name").HasMaxLength(254);
            user.Property(u => u.NormalizedUserName).HasColumnName("normalized_user_name").HasMaxLength(254);
            user.Property(u => u.Email).HasColumnName("email").HasMaxLength(254).IsRequired();
            user.Property(u => u.NormalizedEmail).HasColumnName("normalized_email").HasMaxLength(254);
            user.Property(u => u.EmailConfirmed).HasColumnName("email_confirmed");
            user.Property(u => u.DisplayName).HasColumnName("display_name").HasMaxLength(100);
            user.Property(u => u.PasswordHash).HasColumnName("password_hash").HasMaxLength(200);
            user.Property(u => u.SecurityStamp).HasColumnName("security_stamp").HasMaxLength(64);
            user.Property(u => u.ConcurrencyStamp).HasColumnName("concurrency_stamp").HasMaxLength(64).IsConcurrencyToken();
            user.Property(u => u.TwoFactorEnabled).HasColumnName("two_factor_enabled");
            user.Property(u => u.Role).HasColumnName("role").HasMaxLength(20);
            user.Property(u => u.CreatedAt).HasColumnName("created_at");
            user.Property(u => u.AccessFailedCount).HasColumnName("failed_sign_ins");
            user.Property(u => u.LockoutEnabled).HasColumnName("lockout_enabled");

            // Stored as a UTC timestamp (the column the pre-Identity schema already had), so both providers compare it.
            user.Property(u => u.LockoutEnd).HasColumnName("locked_until").HasConversion(
                v => v.HasValue ? v.Value.UtcDateTime : (DateTime?)null,
                v => v.HasValue ? new DateTimeOffset(DateTime.SpecifyKind(v.Value, DateTimeKind.Utc)) : null);
            user.Property(u => u.CalendarToken).HasColumnName("calendar_token").HasMaxLength(64);
            user.Property(u => u.ReminderTime).HasColumnName("reminder_time").HasMaxLength(5);
            user.Ignore(u => u.PhoneNumber);
            user.Ignore(u => u.PhoneNumberConfirmed);
            user.HasIndex(u => u.Email).IsUnique().HasDatabaseName("ix_users_email");
            user.HasIndex(u => u.NormalizedEmail).IsUnique().HasDatabaseName("ix_users_normalized_email");
            user.HasIndex(u => u.NormalizedUserName).IsUnique().HasDatabaseName("ix_users_normalized_user_name");
            user.HasIndex(u => u.CalendarToken).IsUnique().HasDatabaseName("ix_users_calendar_token");
        });

        // Identity's own per-user rows (authenticator key and recovery codes live in user_tokens).
        modelBuilder.Entity<IdentityUserClaim<Guid>>(claim =>
        {
            claim.ToTable("user_claims");
            claim.HasKey(c => c.Id);
            claim.Property(c => c.Id).HasColumnName("id");
            claim.Property(c => c.UserId).HasColumnName("user_id");
            claim.Property(c => c.ClaimType).HasColumnName("claim_type").HasMaxLength(256);
            claim.Property(c => c.ClaimValue).HasColumnName("claim_value").HasMaxLength(1024);
            claim.HasIndex(c => c.UserId).HasDatabaseName("ix_user_claims_user");
            claim.HasOne<UserAccount>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade).HasConstraintName("fk_user_claims_users");
        });

        modelBuilder.Entity<IdentityUserLogin<Guid>>(login =>
        {
            login.ToTable("user_logins");
            login.HasKey(l => new { l.LoginProvider, l.ProviderKey });
            login.Property(l => l.LoginProvider).HasColumnName("login_provider").HasMaxLength(128);
            login.Property(l => l.ProviderKey).HasColumnName("provider_key").HasMaxLength(128);
            login.Property(l => l.ProviderDisplayName).HasColumnName("provider_display_name").HasMaxLength(256);
            login.Property(l => l.UserId).HasColumnName("user_id");
            login.HasIndex(l => l.UserId).HasDatabaseName("ix_user_logins_user");
            login.HasOne<UserAccount>().WithMany().HasForeignKey(l => l.UserId).OnDelete(DeleteBehavior.Cascade).HasConstraintName("fk_user_logins_users");
        });

        modelBuilder.Entity<IdentityUserToken<Guid>>(token =>
        {
            token.ToTable("user_tokens");
            token.HasKey(t => new { t.UserId, t.LoginProvider, t.Name });
            token.Property(t => t.UserId).HasColumnName("user_id");
            token.Property(t => t.LoginProvider).HasColumnName("login_provider").HasMaxLength(128);
            token.Property(t => t.Name).HasColumnName("name").HasMaxLength(128);
            token.Property(t => t.Value).HasColumnName("value").HasMaxLength(2000);
            token.HasOne<UserAccount>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade).HasConstraintName("fk_user_tokens_users");
        });

        modelBuilder.Entity<PasswordResetToken>(token =>
        {
            token.ToTable("password_reset_tokens");
            token.HasKey(t => t.Id);
            token.Property(t => t.Id).HasColumnName("id");
            token.Property(t => t.UserId).HasColumnName("user_id");
            token.Property(t => t.TokenHash).HasColumnName("token_hash").HasMaxLength(64);
            token.Property(t => t.ExpiresAt).HasColumnName("expires_at");
            token.Property(t => t.UsedAt).HasColumnName("used_at");
            token.HasIndex(t => t.UserId).HasDatabaseName("ix_password_reset_tokens_user");
            token.HasOne<UserAccount>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade).HasConstraintName("fk_password_reset_tokens_users");
        });

        modelBuilder.Entity<AssessmentRecord>(assessment =>
        {
            assessment.ToTable("assessments");
            assessment.HasKey(a => a.Id);
            assessment.Property(a => a.Id).HasColumnName("id");
            assessment.Property(a => a.UserId).HasColumnName("user_id");
            assessment.Property(a => a.StartedAt).HasColumnName("started_at");
            assessment.Property(a => a.CompletedAt).HasColumnName("completed_at");
            assessment.Property(a => a.Step).HasColumnName("step").HasMaxLength(30);
            assessment.Property(a => a.InputJson).HasColumnName("input_json");
            assessment.Property(a => a.Disposition).HasColumnName("disposition").HasMaxLength(20);
            assessment.HasIndex(a => new { a.UserId, a.StartedAt }).HasDatabaseName("ix_assessments_user");
            assessment.HasOne<UserAccount>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade).HasConstraintName("fk_assessments_users");
        });

        modelBuilder.Entity<PlanSnapshotRecord>(snapshot =>
        {
            snapshot.ToTable("plan_snapshots");
            snapshot.HasKey(p => p.Id);
            snapshot.Property(p => p.Id).HasColumnName("id");
            snapshot.Property(p => p.UserId).HasColumnName("user_id");
            snapshot.Property(p => p.AssessmentId).HasColumnName("assessment_id");
            snapshot.Property(p => p.CreatedAt).HasColumnName("created_at");
            snapshot.Property(p => p.AsOf).HasColumnName("as_of");
            snapshot.Property(p => p.Reason).HasColumnName("reason").HasMaxLength(20);
            snapshot.Property(p => p.EvidenceVersion).HasColumnName("evidence_version").HasMaxLength(40);
            snapshot.Property(p => p.ContentHash).HasColumnName("content_hash").HasMaxLength(64);
            snapshot.Property(p => p.SnapshotJson).HasColumnName("snapshot_json");
            snapshot.HasIndex(p => new { p.UserId, p.CreatedAt }).HasDatabaseName("ix_plan_snapshots_user");
            snapshot.HasIndex(p => new { p.AssessmentId, p.CreatedAt }).HasDatabaseName("ix_plan_snapshots_assessment");
            snapshot.HasOne<UserAccount>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade).HasConstraintName("fk_plan_snapshots_users");
            snapshot.HasOne<AssessmentRecord>().WithMany().HasForeignKey(p => p.AssessmentId).OnDelete(DeleteBehavior.Cascade).HasConstraintName("fk_plan_snapshots_assessments");
        });

        modelBuilder.Entity<ShareCodeRecord>(code =>
        {
            code.ToTable("share_codes");
            code.HasKey(c => c.Id);
            code.Property(c => c.Id).HasColumnName("id");
            code.Property(c => c.PatientId).HasColumnName("patient_id");
            code.Property(c => c.CodeHash).HasColumnName("code_hash").HasMaxLength(64);
            code.Property(c => c.Scope).HasColumnName("scope").HasMaxLength(20);
            code.Property(c => c.CreatedAt).HasColumnName("created_at");
            code.Property(c => c.ExpiresAt).HasColumnName("expires_at");
            code.Property(c => c.UsedAt).HasColumnName("used_at");
            code.Property(c => c.UsedBy).HasColumnName("used_by");
            code.Property(c => c.CancelledAt).HasColumnName("cancelled_at");
            code.HasIndex(c => c.CodeHash).IsUnique().HasDatabaseName("ix_share_codes_code_hash");
            code.HasIndex(c => c.PatientId).HasDatabaseName("ix_share_codes_patient");
            code.HasOne<UserAccount>().WithMany().HasForeignKey(c => c.PatientId).OnDelete(DeleteBehavior.Cascade).HasConstraintName("fk_share_codes_users");
        });

        modelBuilder.Entity<CareShareRecord>(share =>
        {
            share.ToTable("care_shares");
            share.HasKey(s => s.Id);
            share.Property(s => s.Id).HasColumnName("id");
            share.Property(s => s.PatientId).HasColumnName("patient_id");
            share.Property(s => s.ClinicianId).HasColumnName("clinician_id");
            share.Property(s => s.Scope).HasColumnName("scope").HasMaxLength(20);
            share.Property(s => s.ConsentedAt).HasColumnName("consented_at");
            share.Property(s => s.GrantedAt).HasColumnName("granted_at");
            share.Property(s => s.RevokedAt).HasColumnName("revoked_at");
            share.HasIndex(s => new { s.ClinicianId, s.PatientId }).HasDatabaseName("ix_care_shares_clinician");
            share.HasIndex(s => s.PatientId).HasDatabaseName("ix_care_shares_patient");
            share.HasOne<UserAccount>().WithMany().HasForeignKey(s => s.PatientId).OnDelete(DeleteBehavior.Cascade).HasConstraintName("fk_care_shares_patients");
            share.HasOne<UserAccount>().WithMany().HasForeignKey(s => s.ClinicianId).OnDelete(DeleteBehavior.Cascade).HasConstraintName("fk_care_shares_clinicians");
        });

        modelBuilder.Entity<PanelFactsRecord>(facts =>
        {
            facts.ToTable("panel_facts");
            facts.HasKey(f => f.PatientId);
            facts.Property(f => f.PatientId).HasColumnName("patient_id");
            facts.Property(f => f.ChangeVersion).HasColumnName("change_version");
            facts.Property(f => f.ComputedVersion).HasColumnName("computed_version");
            facts.Property(f => f.FactsJson).HasColumnName("facts_json");
            facts.HasOne<UserAccount>().WithMany().HasForeignKey(f => f.PatientId).OnDelete(DeleteBehavior.Cascade).HasConstraintName("fk_panel_facts_users");
        });

        modelBuilder.Entity<AlertReviewRecord>(review =>
        {
            review.ToTable("alert_reviews");
            review.HasKey(r => r.Id);
            review.Property(r => r.Id).HasColumnName("id");
            review.Property(r => r.PatientId).HasColumnName("patient_id");
            review.Property(r => r.ReviewerId).HasColumnName("reviewer_id");
            review.Property(r => r.Kind).HasColumnName("kind").HasMaxLength(30);
            review.Property(r => r.Signature).HasColumnName("signature").HasMaxLength(400);
            review.Property(r => r.ReviewedAt).HasColumnName("reviewed_at");
            review.Property(r => r.Note).HasColumnName("note").HasMaxLength(500);
            review.HasIndex(r => new { r.PatientId, r.ReviewedAt }).HasDatabaseName("ix_alert_reviews_patient");
            review.HasOne<UserAccount>().WithMany().HasForeignKey(r => r.PatientId).OnDelete(DeleteBehavior.Cascade).HasConstraintName("fk_alert_reviews_patients");
            review.HasOne<UserAccount>().WithMany().HasForeignKey(r => r.ReviewerId).OnDelete(DeleteBehavior.Cascade).HasConstraintName("fk_alert_reviews_reviewers");
        });

        modelBuilder.Entity<Fhir.ImportedResponseRecord>(response =>
        {
            response.ToTable("imported_responses");
            response.HasKey(r => r.Id);
            response.Property(r => r.Id).HasColumnName("id");
            response.Property(r => r.UserId).HasColumnName("user_id");
            response.Property(r => r.InstrumentId).HasColumnName("instrument_id").HasMaxLength(20);
            response.Property(r => r.AnswersJson).HasColumnName("answers_json").HasMaxLength(400);
            response.Property(r => r.AuthoredAt).HasColumnName("authored_at");
            response.Property(r => r.ImportedAt).HasColumnName("imported_at");
            response.HasIndex(r => new { r.UserId, r.AuthoredAt }).HasDatabaseName("ix_imported_responses_user");
            response.HasOne<UserAccount>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade).HasConstraintName("fk_imported_responses_users");
        });

        modelBuilder.Entity<Fhir.ImportedMedicationRecord>(medication =>
        {
            medication.ToTable("imported_medications");
            medication.HasKey(m => m.Id);
            medication.Property(m => m.Id).HasColumnName("id");
            medication.Property(m => m.UserId).HasColumnName("user_id");
            medication.Property(m => m.Text).HasColumnName("text").HasMaxLength(200);
            medication.Property(m => m.ImportedAt).HasColumnName("imported_at");
            medication.HasIndex(m => m.UserId).HasDatabaseName("ix_imported_medications_user");
            medication.HasOne<UserAccount>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade).HasConstraintName("fk_imported_medications_users");
        });

        modelBuilder.Entity<Smart.SmartSigningKeyRecord>(key =>
        {
            key.ToTable("smart_signing_keys");
            key.HasKey(k => k.Id).HasName("pk_smart_signing_keys");
            key.Property(k => k.Id).HasColumnName("id").HasMaxLength(64);
            key.Property(k => k.ProtectedKey).HasColumnName("protected_key");
            key.Property(k => k.CreatedAt).HasColumnName("created_at");
        });

        // SMART on FHIR (OpenIddict): applications, authorizations, scopes and tokens live here, so every stateless node
        // sees the same clients and can revoke the same tokens (docs/adr/0018). OpenIddict's own table and column names.
        modelBuilder.UseOpenIddict();

        // Every key cascades (issue 13): removing an app removes its authorizations and tokens.
        modelBuilder.Entity<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreAuthorization>()
            .HasOne(a => a.Application).WithMany(a => a.Authorizations).OnDelete(DeleteBehavior.Cascade);
        modelBuilder.Entity<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreToken>(token =>
        {
            token.HasOne(t => t.Application).WithMany(a => a.Tokens).OnDelete(DeleteBehavior.Cascade);
            token.HasOne(t => t.Authorization).WithMany(a => a.Tokens).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<DataProtectionKey>(key =>
        {
            key.ToTable("data_protection_keys");
            key.HasKey(k => k.Id);
            key.Property(k => k.Id).HasColumnName("id");
            key.Property(k => k.FriendlyName).HasColumnName("friendly_name");
            key.Property(k => k.Xml).HasColumnName("xml");
        });

        modelBuilder.Entity<DiaryEntryRecord>(entry =>
        {
            entry.ToTable("diary_entries");
            entry.HasKey(e => e.Id);
            entry.Property(e => e.Id).HasColumnName("id");
            entry.Property(e => e.UserId).HasColumnName("user_id");
            entry.Property(e => e.Date).HasColumnName("date");
            entry.Property(e => e.Pain).HasColumnName("pain");
            entry.Property(e => e.Anxiety).HasColumnName("anxiety");
            entry.Property(e => e.SleepHours).HasColumnName("sleep_hours");
            entry.Property(e => e.ActivityMinutes).HasColumnName("activity_minutes");
            entry.Property(e => e.MedicinesTaken).HasColumnName("medicines_taken").HasMaxLength(500);
            entry.Property(e => e.Techniques).HasColumnName("techniques").HasMaxLength(500);
            entry.Property(e => e.Triggers).HasColumnName("triggers").HasMaxLength(500);
            entry.Property(e => e.Note).HasColumnName("note").HasMaxLength(2000);
            entry.Property(e => e.UpdatedAt).HasColumnName("updated_at");
            entry.HasIndex(e => new { e.UserId, e.Date }).IsUnique().HasDatabaseName("ix_diary_entries_user_date");
            entry.HasOne<UserAccount>().WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Cascade).HasConstraintName("fk_diary_entries_users");
        });
    }
}

public sealed class SqliteBackCareDbContext(DbContextOptions<SqliteBackCareDbContext> options) : BackCareDbContext(options);

public sealed class PostgresBackCareDbContext(DbContextOptions<PostgresBackCareDbContext> options) : BackCareDbContext(options);
