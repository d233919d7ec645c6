using System.Net;
using BackCare.App.Accounts;
using BackCare.App.Data;
using BackCare.App.Diary;
using BackCare.App.Sharing;
using BackCare.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BackCare.Web.Tests.AssessmentSteps;

namespace BackCare.Web.Tests.Fhir;

/// <summary>A patient with a completed assessment (medicines included) and a run of diary days, for the FHIR API tests.</summary>
internal static class FhirTestPatients
{
    public static async Task<(WebSession Web, Guid Id)> CreateAsync(BackCareWebFactory factory, string email, string name, int diaryDays, DateOnly lastDay, string medicines = "ibuprofen\ndiazepam")
    {
        var web = factory.Session();
        await web.RegisterAsync(email, name);
        await RedFlagsAndStartBackAsync(web);
        await PainAsync(web);
        await AnxietyMoodAndSleepAsync(web);
        await PostAsync(web, "medicines", [("medicines", medicines)]);
        await PreferencesAsync(web);

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BackCareDbContext>();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        for (var i = 0; i < diaryDays; i++)
        {
            var date = lastDay.AddDays(-i);
            db.DiaryEntries.Add(new DiaryEntryRecord
            {
                Id = Guid.NewGuid(), UserId = user.Id, Date = date, Pain = i % 11, Note = $"{name} day {i}",
                UpdatedAt = date.ToDateTime(new TimeOnly(20, 0), DateTimeKind.Utc),
            });
        }

        await db.SaveChangesAsync();
        (await web.GetAsync("/Diary")).Status.ShouldBe(HttpStatusCode.OK);
        return (web, user.Id);
    }

    /// <summary>
    /// A clinician account signed in with its required second factor, with whom each of <paramref name="sharingPatients"/>
    /// shares by a share code. Returns the session, the clinician's id and the share ids (for revocation), in order.
    /// </summary>
    public static async Task<(WebSession Web, Guid Id, IReadOnlyList<Guid> Shares)> ClinicianAsync(BackCareWebFactory factory, string email, string name, params Guid[] sharingPatients)
    {
        Guid clinicianId;
        var shares = new List<Guid>();
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var clinician = await scope.ServiceProvider.GetRequiredService<AccountService>().RegisterAsync(email, name, "correct horse battery", Roles.Clinician, default);
            clinician.Succeeded.ShouldBeTrue();
            clinicianId = clinician.Value!.Id;
            var sharing = scope.ServiceProvider.GetRequiredService<SharingService>();
            foreach (var patient in sharingPatients)
            {
                var code = await sharing.CreateCodeAsync(patient, allowImport: false, default);
                var redeemed = await sharing.RedeemAsync(clinicianId, code.Code, default);
                redeemed.Succeeded.ShouldBeTrue();
                shares.Add(redeemed.Value!.Id);
            }
        }

        var web = factory.Session();
        (await web.PostFormAsync("/Account/Login", ("Email", email), ("Password", "correct horse battery"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var (_, setup) = await web.GetAsync("/Account/TwoFactor");
        var key = AccountSteps.AuthenticatorKey(setup);
        (await web.PostFormAsync("/Account/TwoFactor", [new("Code", AccountSteps.Totp(key, TimeProvider.System.GetUtcNow()))], "/Account/TwoFactor?handler=Enable")).StatusCode.ShouldBe(HttpStatusCode.OK);
        return (web, clinicianId, shares);
    }
}
