using System.Net;
using BackCare.App.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BackCare.Web.Tests.AssessmentSteps;

namespace BackCare.Web.Tests;

/// <summary>Going back to change an answer, not skipping ahead, and never losing what was typed.</summary>
public sealed class AssessmentNavigationTests(WebFixture fixture) : IClassFixture<WebFixture>
{
    private async Task<WebSession> ThroughPainAsync(string email)
    {
        var web = fixture.Factory.Session();
        await web.RegisterAsync(email);
        await PostAsync(web, "redflags", [("age", "44"), ("durationWeeks", "3"), ("findings", "sciatica")]);
        await PostAsync(web, "startback", Instrument("startback", "0", "0", "0", "0", "0", "0", "0", "0", "1"));
        await PainAsync(web);
        return web;
    }

    [Fact]
    public async Task Going_back_shows_the_saved_answers_and_saving_returns_to_the_furthest_screen()
    {
        var web = await ThroughPainAsync("back@example.com");
        var (_, current) = await web.GetAsync("/Assessment");
        current.ShouldContain("Step 4 of 8");
        current.ShouldContain("href=\"/Assessment?step=pain\"");

        var (_, redFlags) = await web.GetAsync("/Assessment?step=redflags");
        redFlags.ShouldContain("Step 1 of 8");
        redFlags.ShouldContain("value=\"44\"");
        redFlags.ShouldContain("value=\"sciatica\" checked=\"checked\"");
        redFlags.ShouldNotContain("href=\"/Assessment?step=", customMessage: "the first screen has nothing before it");

        await PostAsync(web, "redflags", [("age", "45"), ("durationWeeks", "3"), ("findings", "sciatica")]);
        var (_, after) = await web.GetAsync("/Assessment");
        after.ShouldContain("Step 4 of 8");
        var (_, startBack) = await web.GetAsync("/Assessment?step=startback");
        startBack.ShouldContain("id=\"startback_9-1\" name=\"startback_9\" value=\"1\" checked=\"checked\"");
        (await web.GetAsync("/Assessment?step=redflags")).Html.ShouldContain("value=\"45\"");
    }

    [Fact]
    public async Task Going_back_to_add_an_emergency_finding_stops_the_assessment()
    {
        var web = await ThroughPainAsync("back-emergency@example.com");
        var response = await web.PostFormAsync("/Assessment?step=redflags", [new("step", "redflags"), new("age", "44"), new("durationWeeks", "3"), new("findings", "saddle_numbness")], "/Assessment");
        response.Headers.Location!.OriginalString.ShouldBe("/Assessment/Emergency");
    }

    [Fact]
    public async Task A_later_screen_cannot_be_opened_or_saved_before_the_earlier_ones()
    {
        var web = fixture.Factory.Session();
        await web.RegisterAsync("skip@example.com");
        (await web.GetAsync("/Assessment?step=preferences")).Html.ShouldContain("Step 1 of 8");
        var response = await web.PostFormAsync("/Assessment", ("step", "preferences"), ("activities", "walking"), ("physio", "yes"), ("timePerDayMinutes", "20"));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await web.GetAsync("/Assessment")).Html.ShouldContain("Step 1 of 8");

        using var scope = fixture.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BackCareDbContext>();
        var user = await db.Users.SingleAsync(u => u.Email == "skip@example.com");
        // Opening a screen stores nothing, and a refused (skipped-ahead) post stores nothing either (issue 13).
        (await db.Assessments.CountAsync(a => a.UserId == user.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task A_rejected_value_is_shown_again_with_its_message_for_correction()
    {
        var web = await ThroughPainAsync("typed@example.com");
        await PostAsync(web, "anxiety", Instrument("gad7", "0", "0", "0", "0", "0", "0", "0"));
        await PostAsync(web, "mood", Instrument("phq9", "0", "0", "0", "0", "0", "0", "0", "0", "0"));
        var response = await web.PostFormAsync("/Assessment", ("step", "sleep"), ("hoursPerNight", "25"), ("quality", "seven"));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("value=\"25\"");
        html.ShouldContain("value=\"seven\"");
        html.ShouldContain("id=\"hoursPerNight-error\"");
        html.ShouldContain("aria-describedby=\"hoursPerNight-error\"");
    }

    [Fact]
    public async Task Medicines_and_preferences_are_kept_when_going_back_and_too_long_a_list_is_refused_whole()
    {
        var web = await ThroughPainAsync("meds-back@example.com");
        await AnxietyMoodAndSleepAsync(web);

        var tooMany = string.Join("\n", Enumerable.Range(1, 31).Select(i => $"medicine number {i}"));
        var refused = await web.PostFormAsync("/Assessment", ("step", "medicines"), ("medicines", tooMany));
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var page = await refused.Content.ReadAsStringAsync();
        page.ShouldContain("List at most 30 medicines.");
        page.ShouldContain("medicine number 31", customMessage: "nothing typed is dropped while it is being corrected");

        await PostAsync(web, "medicines", [("medicines", "ibuprofen\nsertraline"), ("conditions", "sleep_apnea"), ("alcohol", "yes")]);
        var (_, medicines) = await web.GetAsync("/Assessment?step=medicines");
        medicines.ShouldContain("ibuprofen&#xA;sertraline", customMessage: "one medicine per line (the line break is HTML-encoded)");
        medicines.ShouldContain("id=\"alcohol\" name=\"alcohol\" value=\"yes\" checked=\"checked\"");
        medicines.ShouldContain("value=\"sleep_apnea\" checked=\"checked\"");

        (await web.GetAsync("/Assessment")).Html.ShouldContain("Step 8 of 8");
        var preferencesPost = await web.PostFormAsync("/Assessment", ("step", "preferences"), ("activities", "yoga"), ("physio", "no"), ("timePerDayMinutes", "130"));
        preferencesPost.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var preferences = await preferencesPost.Content.ReadAsStringAsync();
        preferences.ShouldContain("value=\"130\"");
        preferences.ShouldContain("id=\"a-yoga\" name=\"activities\" value=\"yoga\" checked=\"checked\"");
        preferences.ShouldContain("id=\"physio-no\" name=\"physio\" value=\"no\" checked=\"checked\"");
    }
}
