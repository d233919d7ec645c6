using System.Collections.Immutable;
using BackCare.App.Accounts;
using BackCare.App.Assessments;
using BackCare.App.Data;
using BackCare.App.Diary;
using BackCare.App.Sharing;
using BackCare.Clinical.Assessment;
using BackCare.Clinical.CarePlans;
using BackCare.Clinical.Medications;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace BackCare.App.Demo;

/// <summary>
/// A demo practice (issue 16): patients of varied risk who share with one clinician, each with a completed assessment
/// and a diary, written straight to the tables in batches so a thousand patients with a year of diary seed in seconds
/// (the demo, the panel benchmark and the tests use it). The profiles cycle so every kind of alert appears.
/// </summary>
public sealed class DemoPractice(BackCareDbContext db, CurrentPlans plans, TimeProvider clock)
{
    /// <summary>What each patient's record shows, in the order the profiles cycle.</summary>
    public static readonly ImmutableArray<string> Profiles =
        ["emergency", "crisis", "worsening", "startback_high", "opioid_benzodiazepine", "stopped", "urgent", "improving", "improving_medium", "steady"];

    private static readonly string[] FirstNames = ["Alex", "Bea", "Cal", "Dana", "Eli", "Fern", "Gus", "Hana", "Ivo", "Jo", "Kit", "Lena", "Milo", "Nia", "Otto"];
    private static readonly string[] LastNames = ["Adams", "Brook", "Costa", "Dale", "Evans", "Frost", "Grey", "Hale", "Iqbal", "Jones"];

    /// <summary>Adds <paramref name="count"/> patients sharing with <paramref name="clinicianId"/>, each with <paramref name="days"/> days of diary; returns their ids.</summary>
    public async Task<IReadOnlyList<Guid>> SeedAsync(Guid clinicianId, int count, int days, string emailDomain, string password, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        var hash = new PasswordHasher<UserAccount>().HashPassword(new UserAccount { Email = "demo" }, password);
        var ids = new List<Guid>(count);
        var random = new Random(16);
        for (var i = 0; i < count; i++)
        {
            var profile = Profiles[i % Profiles.Length];
            var email = $"patient{i + 1:D4}@{emailDomain}";
            var user = new UserAccount
            {
                Id = Guid.NewGuid(), UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(),
                DisplayName = $"{FirstNames[i % FirstNames.Length]} {LastNames[i / FirstNames.Length % LastNames.Length]} {i + 1}", PasswordHash = hash,
                SecurityStamp = Guid.NewGuid().ToString("N"), ConcurrencyStamp = Guid.NewGuid().ToString("N"), Role = Roles.Patient, CreatedAt = now,
                CalendarToken = Guid.NewGuid().ToString("N"), LockoutEnabled = true,
            };
            db.Users.Add(user);
            ids.Add(user.Id);
            var started = today.AddDays(-days).ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc);
            var assessment = Assessment(profile);
            db.Assessments.Add(new AssessmentRecord
            {
                Id = Guid.NewGuid(), UserId = user.Id, StartedAt = started, CompletedAt = started.AddMinutes(12), Step = AssessmentSteps.Done,
                InputJson = AssessmentDocument.ToJson(assessment),
                Disposition = profile == "emergency" ? "emergency" : plans.Build(assessment)?.Disposition.ToString().ToLowerInvariant(),
            });
            foreach (var entry in Diary(profile, user.Id, today, days, random, now)) db.DiaryEntries.Add(entry);
            db.CareShares.Add(new CareShareRecord
            {
                Id = Guid.NewGuid(), PatientId = user.Id, ClinicianId = clinicianId, Scope = ShareScopes.Record, ConsentedAt = started, GrantedAt = started,
            });
            if (i % 20 == 19 || i == count - 1)
            {
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
            }
        }

        return ids;
    }

    private static AssessmentV1 Assessment(string profile)
    {
        int?[] A(params int[] answers) => [.. answers.Select(a => (int?)a)];
        var startback = profile == "startback_high" ? A(1, 1, 1, 1, 1, 1, 1, 1, 4) : profile == "improving_medium" ? A(1, 1, 1, 1, 0, 0, 0, 0, 2) : A(0, 0, 0, 1, 0, 0, 0, 0, 1);
        var phq9 = profile == "crisis" ? A(2, 2, 1, 2, 1, 1, 1, 0, 1) : A(1, 0, 1, 1, 0, 0, 0, 0, 0);
        ImmutableArray<MedicationEntry> medicines = profile == "opioid_benzodiazepine"
            ? [new("oxycodone", null, null), new("diazepam", null, null)]
            : [new("paracetamol", null, null)];
        return AssessmentV1.Empty with
        {
            Age = 52,
            DurationWeeks = profile == "steady" ? 20 : 2,
            Findings = profile switch { "emergency" => ["saddle_numbness"], "urgent" => ["fever"], _ => [] },
            Answers = new Dictionary<string, ImmutableArray<int?>>
            {
                ["startback"] = [.. startback], ["nrs"] = [7], ["peg"] = [7, 6, 6],
                ["gad7"] = [.. A(1, 1, 1, 1, 0, 0, 1)], ["phq9"] = [.. phq9],
            }.ToImmutableSortedDictionary(StringComparer.Ordinal),
            Sleep = new SleepReport(6, 2),
            Medications = medicines,
            Alcohol = false,
            Pregnant = false,
            Breastfeeding = false,
            Preferences = new PlanPreferences(["walking"], true, 20),
        };
    }

    private static IEnumerable<DiaryEntryRecord> Diary(string profile, Guid userId, DateOnly today, int days, Random random, DateTime now)
    {
        var stopAt = profile == "stopped" ? 20 : 0;
        for (var day = days - 1; day >= stopAt; day--)
        {
            if (random.NextDouble() < 0.1) continue;
            var progress = (days - 1 - day) / (double)Math.Max(1, days - 1);
            var trend = profile switch
            {
                "worsening" => 4 + (4 * progress),
                "steady" => 6,
                _ => 7 - (5 * progress),
            };
            var pain = Math.Clamp((int)Math.Round(trend + random.NextDouble() - 0.5), 0, 10);
            yield return new DiaryEntryRecord
            {
                Id = Guid.NewGuid(), UserId = userId, Date = today.AddDays(-day), Pain = pain, Anxiety = Math.Clamp(pain - 1, 0, 10),
                SleepHours = Math.Round(5.5 + (random.NextDouble() * 2), 1), ActivityMinutes = 10 + random.Next(0, 30),
                Techniques = day % 2 == 0 ? "walking_programme" : null, UpdatedAt = now,
            };
        }
    }
}
