using BackCare.App.Accounts;
using BackCare.App.Assessments;
using BackCare.App.Data;
using System.Collections.Immutable;
using BackCare.App.Diary;
using BackCare.App.Demo;
using BackCare.App.Sharing;
using BackCare.Clinical.Assessment;
using BackCare.Clinical.CarePlans;
using Microsoft.EntityFrameworkCore;

namespace BackCare.Web.Infrastructure;

/// <summary>`--demo`: a demo patient with 90 days of believable diary data and a completed assessment, and a demo clinician with a practice of 30 patients who share with them.</summary>
internal static class DemoData
{
    public const string Password = "backcare-demo-2026";
    public const string PatientEmail = "patient@demo.backcare";
    public const string ClinicianEmail = "clinician@demo.backcare";
    public const string AdminEmail = "admin@demo.backcare";

    public sealed record Seeded(string PatientEmail, string ClinicianEmail, string AdminEmail);

    /// <summary>Seeds once; <c>BackCare:Demo:Days</c> (default 90) sets how many days of diary the patient gets.</summary>
    public static async Task<Seeded> SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        var days = Math.Clamp(services.GetRequiredService<IConfiguration>().GetValue("BackCare:Demo:Days", 90), 7, 3650);
        var db = services.GetRequiredService<BackCareDbContext>();
        var accounts = services.GetRequiredService<AccountService>();
        if (!await db.Users.AnyAsync(u => u.Email == PatientEmail, ct))
        {
            var patient = (await accounts.RegisterAsync(PatientEmail, "Sam (demo)", Password, Roles.Patient, ct)).Value!;
            var clinician = (await accounts.RegisterAsync(ClinicianEmail, "Dr Lee (demo)", Password, Roles.Clinician, ct)).Value!;
            await accounts.RegisterAsync(AdminEmail, "Ada (demo admin)", Password, Roles.Admin, ct);
            var clock = services.GetRequiredService<TimeProvider>();
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            var random = new Random(42);
            var diary = services.GetRequiredService<DiaryService>();
            for (var day = days - 1; day >= 0; day--)
            {
                if (random.NextDouble() < 0.12) continue; // missed days are normal
                var trend = 7.0 - (5.0 * Math.Min(1.0, (days - 1 - day) / 89.0));
                var pain = Math.Clamp((int)Math.Round(trend + (random.NextDouble() * 2) - 1), 0, 10);
                await diary.SaveAsync(patient.Id, new DiaryInput(today.AddDays(-day), pain,
                    Math.Clamp(pain - 1 + random.Next(0, 3), 0, 10),
                    Math.Round(5.5 + (random.NextDouble() * 2.5), 1),
                    10 + random.Next(0, 40),
                    day % 3 == 0 ? "naproxen" : null,
                    day % 2 == 0 ? "paced_breathing, walking_programme" : "walking_programme",
                    day % 7 == 0 ? "long car journey" : null,
                    null), ct);
            }

            var assessments = services.GetRequiredService<AssessmentService>();
            var record = await assessments.CurrentOrNewAsync(patient.Id, ct);
            AssessmentV1 With(params (string Instrument, int?[] Answers)[] answers) => AssessmentV1.Empty with
            {
                Answers = answers.ToImmutableSortedDictionary(a => a.Instrument, a => a.Answers.ToImmutableArray(), StringComparer.Ordinal),
            };
            var screens = new (string Step, AssessmentV1 Screen)[]
            {
                ("redflags", AssessmentV1.Empty with { Age = 46, DurationWeeks = 1 }),
                ("startback", With(("startback", [1, 1, 1, 1, 0, 1, 0, 0, 2]))),
                ("pain", With(("nrs", [7]), ("peg", [7, 6, 6]))),
                ("anxiety", With(("gad7", [2, 2, 1, 2, 1, 1, 1]))),
                ("mood", With(("phq9", [1, 1, 2, 1, 0, 0, 1, 0, 0]))),
                ("sleep", AssessmentV1.Empty with { Sleep = new SleepReport(5.5, 4) }),
                ("medicines", AssessmentV1.Empty with { Medications = [new("naproxen 250mg", null, null), new("diazepam 2mg", null, null)], Alcohol = false, Pregnant = false, Breastfeeding = false }),
                ("preferences", AssessmentV1.Empty with { Preferences = new PlanPreferences(["walking", "yoga"], true, 25) }),
            };
            foreach (var (step, screen) in screens) record = await assessments.SaveStepAsync(record, step, screen, ct);

            // The assessment came first and the diary followed it, as it would for a real person.
            var assessment = await db.Assessments.SingleAsync(a => a.UserId == patient.Id, ct);
            // Stored as a UTC instant (PostgreSQL refuses a DateTime of unspecified kind).
            var started = today.AddDays(-(days - 1)).ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc);
            (assessment.StartedAt, assessment.CompletedAt) = (started, started.AddMinutes(12));

            // The demo practice (issue 16): Sam and BackCare:Demo:Patients more patients of varied risk share with Dr Lee;
            // Sam also lets Dr Lee bring in records (issue 17).
            db.CareShares.Add(new CareShareRecord
            {
                Id = Guid.NewGuid(), PatientId = patient.Id, ClinicianId = clinician.Id, Scope = ShareScopes.RecordAndImport, ConsentedAt = started, GrantedAt = started,
            });
            await db.SaveChangesAsync(ct);
            var practice = Math.Clamp(services.GetRequiredService<IConfiguration>().GetValue("BackCare:Demo:Patients", 30), 0, 5000);
            await services.GetRequiredService<DemoPractice>().SeedAsync(clinician.Id, practice, days, "demo.backcare", Password, ct);
        }

        return new Seeded(PatientEmail, ClinicianEmail, AdminEmail);
    }
}
