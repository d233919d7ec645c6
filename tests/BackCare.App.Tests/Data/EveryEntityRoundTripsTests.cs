using BackCare.App.Accounts;
using BackCare.App.Assessments;
using BackCare.App.Auditing;
using BackCare.App.Data;
using BackCare.App.Diary;
using BackCare.App.Clinicians;
using BackCare.App.Sharing;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace BackCare.App.Tests.Data;

/// <summary>
/// Issue 14: every entity of the model is written and read back on both providers, and every date and time comes
/// back as it went in: instants as UTC (<see cref="DateTimeKind.Utc"/>), calendar days as <see cref="DateOnly"/>.
/// A value of another kind is refused on SQLite exactly as on PostgreSQL.
/// </summary>
public sealed class EveryEntityRoundTripsTests
{
    public static TheoryData<string> Providers => new() { "sqlite", "postgres" };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Every_entity_round_trips_with_UTC_instants_and_calendar_days(string provider)
    {
        await using var store = await Store.OpenAsync(provider);
        var db = store.Db;
        await db.Database.MigrateAsync();

        var userId = Guid.NewGuid();
        var created = new DateTime(2026, 3, 29, 0, 30, 15, 123, DateTimeKind.Utc); // the night clocks change in the UK
        var lockedUntil = new DateTimeOffset(2026, 10, 25, 1, 30, 0, TimeSpan.Zero);
        var occurred = new DateTimeOffset(2026, 11, 24, 9, 30, 0, TimeSpan.Zero);
        var day = new DateOnly(2026, 2, 28);
        db.Users.Add(new UserAccount
        {
            Id = userId, UserName = "kind@example.com", NormalizedUserName = "KIND@EXAMPLE.COM", Email = "kind@example.com",
            NormalizedEmail = "KIND@EXAMPLE.COM", DisplayName = "Kind", PasswordHash = "x", SecurityStamp = "s", ConcurrencyStamp = "c",
            CreatedAt = created, LockoutEnd = lockedUntil, CalendarToken = Guid.NewGuid().ToString("N"),
        });
        db.Set<IdentityUserClaim<Guid>>().Add(new IdentityUserClaim<Guid> { UserId = userId, ClaimType = "t", ClaimValue = "v" });
        db.Set<IdentityUserLogin<Guid>>().Add(new IdentityUserLogin<Guid> { UserId = userId, LoginProvider = "p", ProviderKey = "k", ProviderDisplayName = "P" });
        db.Set<IdentityUserToken<Guid>>().Add(new IdentityUserToken<Guid> { UserId = userId, LoginProvider = "[AspNetUserStore]", Name = "AuthenticatorKey", Value = "KEY" });
        db.PasswordResetTokens.Add(new PasswordResetToken { Id = Guid.NewGuid(), UserId = userId, TokenHash = "h", ExpiresAt = created.AddHours(1), UsedAt = created.AddMinutes(5) });
        var assessmentId = Guid.NewGuid();
        db.Assessments.Add(new AssessmentRecord { Id = assessmentId, UserId = userId, StartedAt = created, CompletedAt = created.AddMinutes(12), Step = "done", InputJson = "{}", Disposition = "self-care" });
        db.PlanSnapshots.Add(new PlanSnapshotRecord { Id = Guid.NewGuid(), UserId = userId, AssessmentId = assessmentId, CreatedAt = created.AddMinutes(12), AsOf = day, Reason = "assessment", EvidenceVersion = "sha256:0123456789abcdef", ContentHash = new string('a', 64), SnapshotJson = "{}" });
        db.DiaryEntries.Add(new DiaryEntryRecord { Id = Guid.NewGuid(), UserId = userId, Date = day, Pain = 4, SleepHours = 6.5, UpdatedAt = created.AddDays(1) });
        db.ImportedResponses.Add(new BackCare.App.Fhir.ImportedResponseRecord { Id = Guid.NewGuid(), UserId = userId, InstrumentId = "phq9", AnswersJson = "[0,0,0,1,2,1,3,2,1]", AuthoredAt = created.AddHours(2), ImportedAt = created.AddHours(3) });
        db.ImportedMedications.Add(new BackCare.App.Fhir.ImportedMedicationRecord { Id = Guid.NewGuid(), UserId = userId, Text = "ibuprofen 200mg", ImportedAt = created.AddHours(3) });
        // SMART on FHIR (OpenIddict's entities, docs/adr/0018).
        var application = new OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreApplication { ClientId = "app", DisplayName = "App", ClientType = "public" };
        var authorization = new OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreAuthorization { Application = application, Subject = userId.ToString("N"), Status = "valid", Type = "permanent", Scopes = "[\"patient/*.rs\"]", CreationDate = created };
        db.Add(application);
        db.Add(authorization);
        db.Add(new OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreToken { Application = application, Authorization = authorization, Subject = userId.ToString("N"), Status = "valid", Type = "access_token", ReferenceId = "ref", CreationDate = created, ExpirationDate = created.AddHours(1), RedemptionDate = created.AddMinutes(1) });
        db.Add(new OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreScope { Name = "patient/*.rs", DisplayName = "Read" });
        db.AuditEntries.Add(new AuditEntry { OccurredAt = occurred, Actor = "user:1", Action = "read", ResourceType = "diary", ResourceId = "1" });
        db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = "key-1", Xml = "<key />" });
        db.SmartSigningKeys.Add(new BackCare.App.Smart.SmartSigningKeyRecord { Id = "backcare-smart-1", ProtectedKey = "protected-pkcs8", CreatedAt = created.AddMinutes(2) });
        var clinicianId = Guid.NewGuid();
        db.Users.Add(new UserAccount
        {
            Id = clinicianId, UserName = "dr@example.com", NormalizedUserName = "DR@EXAMPLE.COM", Email = "dr@example.com", NormalizedEmail = "DR@EXAMPLE.COM",
            DisplayName = "Dr", PasswordHash = "x", SecurityStamp = "s2", ConcurrencyStamp = "c2", Role = Roles.Clinician, CreatedAt = created, CalendarToken = Guid.NewGuid().ToString("N"),
        });
        db.ShareCodes.Add(new ShareCodeRecord { Id = Guid.NewGuid(), PatientId = userId, CodeHash = new string('b', 64), Scope = ShareScopes.Record, CreatedAt = created, ExpiresAt = created.AddHours(72), UsedAt = created.AddHours(1), UsedBy = clinicianId });
        db.CareShares.Add(new CareShareRecord { Id = Guid.NewGuid(), PatientId = userId, ClinicianId = clinicianId, Scope = ShareScopes.RecordAndImport, ConsentedAt = created, GrantedAt = created.AddHours(1), RevokedAt = created.AddDays(2) });
        db.PanelFacts.Add(new PanelFactsRecord { PatientId = userId, ChangeVersion = 2, ComputedVersion = 1, FactsJson = "{}" });
        db.AlertReviews.Add(new AlertReviewRecord { Id = Guid.NewGuid(), PatientId = userId, ReviewerId = clinicianId, Kind = "crisis", Signature = "a:b", ReviewedAt = created.AddDays(1), Note = "called" });
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();

        foreach (var entity in db.Model.GetEntityTypes())
        {
            var set = (IQueryable<object>)typeof(DbContext).GetMethod(nameof(DbContext.Set), Type.EmptyTypes)!.MakeGenericMethod(entity.ClrType).Invoke(db, null)!;
            var rows = await set.AsNoTracking().ToListAsync();
            rows.ShouldNotBeEmpty($"{entity.ClrType.Name} is written by this test: a new entity must be added to it");
            var instants = entity.GetProperties().Where(p => p.ClrType == typeof(DateTime) || p.ClrType == typeof(DateTime?)).ToList();
            foreach (var property in instants)
            {
                foreach (var row in rows)
                {
                    if (property.PropertyInfo!.GetValue(row) is DateTime value)
                    {
                        value.Kind.ShouldBe(DateTimeKind.Utc, $"{entity.ClrType.Name}.{property.Name} on {provider}");
                    }
                }
            }
        }

        var user = await db.Users.SingleAsync(u => u.Id == userId);
        var share = await db.CareShares.SingleAsync();
        (share.ConsentedAt, share.GrantedAt, share.RevokedAt).ShouldBe((created, created.AddHours(1), created.AddDays(2)));
        (await db.ShareCodes.SingleAsync()).ExpiresAt.ShouldBe(created.AddHours(72));
        (await db.AlertReviews.SingleAsync()).ReviewedAt.ShouldBe(created.AddDays(1));
        (await db.PanelFacts.SingleAsync()).ChangeVersion.ShouldBe(2);
        user.CreatedAt.ShouldBe(created);
        user.LockoutEnd.ShouldBe(lockedUntil);
        var assessment = await db.Assessments.SingleAsync();
        (assessment.StartedAt, assessment.CompletedAt).ShouldBe((created, created.AddMinutes(12)));
        var token = await db.PasswordResetTokens.SingleAsync();
        (token.ExpiresAt, token.UsedAt).ShouldBe((created.AddHours(1), created.AddMinutes(5)));
        var entry = await db.DiaryEntries.SingleAsync();
        (entry.Date, entry.UpdatedAt).ShouldBe((day, created.AddDays(1)));
        (await db.AuditEntries.SingleAsync()).OccurredAt.ShouldBe(occurred);
        (await db.DataProtectionKeys.SingleAsync()).Xml.ShouldBe("<key />");
        var imported = await db.ImportedResponses.SingleAsync();
        (imported.AuthoredAt, imported.ImportedAt, imported.AnswersJson).ShouldBe((created.AddHours(2), created.AddHours(3), "[0,0,0,1,2,1,3,2,1]"));
        (await db.ImportedMedications.SingleAsync()).Text.ShouldBe("ibuprofen 200mg");
        var oauthToken = await db.Set<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreToken>().SingleAsync();
        (oauthToken.CreationDate, oauthToken.ExpirationDate, oauthToken.RedemptionDate).ShouldBe((created, created.AddHours(1), created.AddMinutes(1)));
        (await db.Set<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreAuthorization>().SingleAsync()).CreationDate.ShouldBe(created);

        // Queries compare instants correctly on both providers.
        (await db.Assessments.CountAsync(a => a.CompletedAt > created)).ShouldBe(1);
        (await db.DiaryEntries.CountAsync(e => e.Date == day)).ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_date_and_time_that_is_not_UTC_is_refused_and_nothing_is_written(string provider)
    {
        await using var store = await Store.OpenAsync(provider);
        var db = store.Db;
        await db.Database.MigrateAsync();
        var local = new DateTime(2026, 11, 24, 9, 30, 0, DateTimeKind.Unspecified);
        db.Users.Add(new UserAccount { Id = Guid.NewGuid(), Email = "unspecified@example.com", CreatedAt = local, CalendarToken = "t", DisplayName = "U", PasswordHash = "x" });
        await Should.ThrowAsync<Exception>(() => db.SaveChangesAsync());
        db.ChangeTracker.Clear();
        (await db.Users.CountAsync()).ShouldBe(0);
    }

    private sealed class Store : IAsyncDisposable
    {
        private readonly TempFolder? _folder;
        private readonly bool _postgres;

        private Store(BackCareDbContext db, TempFolder? folder, bool postgres) => (Db, _folder, _postgres) = (db, folder, postgres);

        public BackCareDbContext Db { get; }

        public static async Task<Store> OpenAsync(string provider)
        {
            if (provider == "postgres")
            {
                var (db, _) = await TestDatabases.NewPostgresAsync();
                return new Store(db, null, postgres: true);
            }

            var folder = new TempFolder();
            return new Store(TestDatabases.NewSqlite(folder.Path), folder, postgres: false);
        }

        public async ValueTask DisposeAsync()
        {
            if (_postgres) await Db.Database.EnsureDeletedAsync();
            await Db.DisposeAsync();
            _folder?.Dispose();
        }
    }
}
