using System.Net;
using BackCare.App.Data;
using BackCare.App.Diary;
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
}
