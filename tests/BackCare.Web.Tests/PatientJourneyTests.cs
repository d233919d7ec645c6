using System.Net;
using System.Text.Json;
using BackCare.App.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BackCare.Web.Tests.AssessmentSteps;

namespace BackCare.Web.Tests;

/// <summary>Register, assess, plan, check in, export: through the real host on real SQLite.</summary>
public sealed class PatientJourneyTests(WebFixture fixture) : IClassFixture<WebFixture>
{
    private static readonly string[] StartBackMedium = ["1", "1", "1", "1", "0", "1", "0", "0", "2"];

    private static async Task CompleteAssessmentAsync(WebSession web, string[] phq9)
    {
        await PostAsync(web, "redflags", [("age", "44"), ("durationWeeks", "3"), ("findings", "sciatica")]);
        await PostAsync(web, "startback", Instrument("startback", StartBackMedium));
        await PostAsync(web, "pain", [.. Instrument("nrs", "6"), .. Instrument("peg", "6", "5", "5")]);
        await PostAsync(web, "anxiety", Instrument("gad7", "2", "2", "2", "1", "1", "1", "2"));
        await PostAsync(web, "mood", Instrument("phq9", phq9));
        await PostAsync(web, "sleep", [("hoursPerNight", "5.5"), ("quality", "4")]);
        await PostAsync(web, "medicines", [("medicines", "diazepam 5mg\noxycodone"), ("alcohol", "yes")]);
        await PostAsync(web, "preferences", [("activities", "walking"), ("physio", "yes"), ("timePerDayMinutes", "20")]);
    }

    [Fact]
    public async Task Register_assess_and_see_a_plan_with_reasons_and_sources()
    {
        var web = fixture.Factory.Session();
        await web.RegisterAsync("journey@example.com");
        await CompleteAssessmentAsync(web, ["1", "1", "1", "1", "0", "0", "0", "0", "0"]);

        var (status, html) = await web.GetAsync("/Plan");
        status.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("Your plan");
        html.ShouldContain("Why for you:");
        html.ShouldContain("medium");
        html.ShouldContain("Physiotherapy-led exercise");
        html.ShouldContain("Your answers in numbers");
        html.ShouldContain("4 of 27", customMessage: "PHQ-9 total of the answers given");
        html.ShouldContain("11 of 21", customMessage: "GAD-7 total of the answers given");
        html.ShouldContain("Talk to your prescriber or pharmacist about your medicines");
        html.ShouldContain("The evidence behind this step");
        html.ShouldNotContain("Please talk to someone today");
    }

    [Fact]
    public async Task An_emergency_answer_stops_the_flow_and_shows_what_to_do_now_and_no_plan()
    {
        var web = fixture.Factory.Session();
        await web.RegisterAsync("emergency@example.com");
        var response = await web.PostFormAsync("/Assessment", ("step", "redflags"), ("age", "50"), ("durationWeeks", "1"), ("findings", "saddle_numbness"));
        response.Headers.Location!.OriginalString.ShouldBe("/Assessment/Emergency");
        var (_, html) = await web.GetAsync("/Assessment/Emergency");
        html.ShouldContain("Get emergency help now");
        html.ShouldContain("999");
        var plan = await web.Client.GetAsync(new Uri("/Plan", UriKind.Relative));
        plan.Headers.Location!.OriginalString.ShouldBe("/Assessment/Emergency");
    }

    [Fact]
    public async Task A_PHQ9_item_9_answer_shows_the_crisis_message()
    {
        var web = fixture.Factory.Session();
        await web.RegisterAsync("crisis@example.com");
        await CompleteAssessmentAsync(web, ["1", "1", "1", "1", "0", "0", "0", "0", "1"]);
        var (_, html) = await web.GetAsync("/Plan");
        html.ShouldContain("Please talk to someone today");
        html.ShouldContain("Samaritans, 116 123");
    }

    [Fact]
    public async Task Missing_answers_are_reported_per_question_and_nothing_is_lost()
    {
        var web = fixture.Factory.Session();
        await web.RegisterAsync("validation@example.com");
        await web.PostFormAsync("/Assessment", ("step", "redflags"), ("age", "40"), ("durationWeeks", "2"));
        var response = await web.PostFormAsync("/Assessment", [new("step", "startback"), new("startback_1", "1"), new("startback_2", "0")]);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("Please answer question 3.");
        html.ShouldContain("Please answer question 9.");
        html.ShouldContain("id=\"startback_1-1\" name=\"startback_1\" value=\"1\" checked=\"checked\"");
    }

    [Fact]
    public async Task A_check_in_is_saved_edited_and_shown_in_progress_and_exports()
    {
        var web = fixture.Factory.Session();
        await web.RegisterAsync("diary@example.com");
        var saved = await web.PostFormAsync("/Diary", ("Pain", "6"), ("SleepHours", "6.5"));
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var edited = await web.PostFormAsync("/Diary", ("Pain", "4"), ("Note", "better after a walk"));
        edited.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var (_, diary) = await web.GetAsync("/Diary");
        diary.ShouldContain("better after a walk");
        var (_, progress) = await web.GetAsync("/Progress");
        progress.ShouldContain("<svg class=\"chart\"");
        progress.ShouldContain("Check-in streak: <strong>1 day(s)</strong>");

        var csv = await web.Client.GetStringAsync(new Uri("/Account/Export?handler=Csv", UriKind.Relative));
        var lines = csv.Trim().Split('\n');
        lines[0].Trim().ShouldBe("date,pain,anxiety,sleep_hours,activity_minutes,medicines_taken,techniques,triggers,note");
        lines.Length.ShouldBe(2);
        lines[1].ShouldContain(",4,,6.5,");

        var bundle = JsonDocument.Parse(await web.Client.GetStringAsync(new Uri("/Account/Export?handler=Fhir", UriKind.Relative))).RootElement;
        bundle.GetProperty("resourceType").GetString().ShouldBe("Bundle");
        var types = bundle.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource").GetProperty("resourceType").GetString()).ToList();
        types.ShouldContain("Patient");
        types.ShouldContain("Observation");

        var pdfResponse = await web.Client.GetAsync(new Uri("/Account/Export?handler=Pdf", UriKind.Relative));
        if (pdfResponse.StatusCode != HttpStatusCode.OK)
        {
            using var scope = fixture.Factory.Services.CreateScope();
            var exports = scope.ServiceProvider.GetRequiredService<BackCare.App.Exports.ExportService>();
            var db = scope.ServiceProvider.GetRequiredService<BackCareDbContext>();
            var id = (await db.Users.SingleAsync(u => u.Email == "diary@example.com")).Id;
            await exports.SummaryPdfAsync(id, new BackCare.App.SafetyContacts("999", "NHS 111", "crisis line"), default); // surfaces the server-side exception in the test output
        }

        var pdf = await pdfResponse.Content.ReadAsByteArrayAsync();
        System.Text.Encoding.ASCII.GetString(pdf, 0, 5).ShouldBe("%PDF-");
    }

    [Fact]
    public async Task Out_of_range_check_in_values_are_rejected_with_a_message()
    {
        var web = fixture.Factory.Session();
        await web.RegisterAsync("badvalues@example.com");
        var response = await web.PostFormAsync("/Diary", ("Pain", "14"));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Pain must be from 0 (none) to 10 (worst imaginable).");
    }

    [Fact]
    public async Task Reads_and_writes_of_health_data_are_audited_without_the_data()
    {
        var web = fixture.Factory.Session();
        await web.RegisterAsync("audit@example.com");
        await web.PostFormAsync("/Diary", ("Pain", "5"), ("Note", "secret note text"));
        await web.GetAsync("/Progress");
        await fixture.Factory.Services.GetRequiredService<BackCare.App.Auditing.AuditWriter>().FlushAsync(default);
        using var scope = fixture.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BackCareDbContext>();
        var user = await db.Users.SingleAsync(u => u.Email == "audit@example.com");
        var actor = $"user:{user.Id:N}";
        var audit = await db.AuditEntries.Where(a => a.Actor == actor).ToListAsync();
        audit.ShouldContain(a => a.Action == "create" && a.ResourceType == "diary_entry");
        audit.ShouldContain(a => a.Action == "read" && a.ResourceType == "diary");
        audit.ShouldNotContain(a => (a.ResourceId ?? "").Contains("secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sign_in_locks_out_after_five_failures()
    {
        var web = fixture.Factory.Session();
        await web.RegisterAsync("lockout@example.com");
        var other = fixture.Factory.Session();
        for (var i = 0; i < 5; i++) await other.PostFormAsync("/Account/Login", ("Email", "lockout@example.com"), ("Password", "wrong password " + i));
        var response = await other.PostFormAsync("/Account/Login", ("Email", "lockout@example.com"), ("Password", "correct horse battery"));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, "a refused sign-in is a refused form");
        (await response.Content.ReadAsStringAsync()).ShouldContain("Too many attempts");
    }

    [Fact]
    public async Task Deleting_the_account_removes_all_its_data()
    {
        var web = fixture.Factory.Session();
        await web.RegisterAsync("delete@example.com");
        await web.PostFormAsync("/Diary", ("Pain", "3"));
        (await web.PostFormAsync("/Account/Delete", ("Confirm", "delete"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        using var scope = fixture.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BackCareDbContext>();
        (await db.Users.AnyAsync(u => u.Email == "delete@example.com")).ShouldBeFalse();
        (await db.DiaryEntries.CountAsync(e => e.Note == null && e.Pain == 3)).ShouldBe(0);
    }

    [Fact]
    public async Task The_calendar_feed_has_a_daily_event_linking_to_the_check_in()
    {
        var web = fixture.Factory.Session();
        await web.RegisterAsync("calendar@example.com");
        await web.PostFormAsync("/Reminders", ("Time", "20:30"));
        var (_, html) = await web.GetAsync("/Reminders");
        var url = System.Text.RegularExpressions.Regex.Match(html, "/calendar/[0-9a-f]+\\.ics").Value;
        var ics = await fixture.Factory.CreateClient().GetStringAsync(new Uri(url, UriKind.Relative));
        ics.ShouldContain("RRULE:FREQ=DAILY");
        ics.ShouldContain("T203000");
        ics.ShouldContain("/Diary");
        (await fixture.Factory.CreateClient().GetAsync(new Uri("/calendar/nottherealtoken.ics", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Reminders_can_be_turned_off_and_the_calendar_link_replaced()
    {
        var web = fixture.Factory.Session();
        var feed = fixture.Factory.CreateClient();
        await web.RegisterAsync("calendar-control@example.com");
        static string Link(string html) => System.Text.RegularExpressions.Regex.Match(html, "/calendar/[0-9a-f]+\\.ics").Value;

        var saved = await web.PostFormAsync("/Reminders", ("Time", "07:15"));
        saved.Headers.Location!.OriginalString.ShouldContain("done=saved");
        var (_, page) = await web.GetAsync(saved.Headers.Location.OriginalString);
        page.ShouldContain("a reminder each day at 07:15");
        var oldLink = Link(page);
        (await feed.GetStringAsync(new Uri(oldLink, UriKind.Relative))).ShouldContain("T071500");

        var refused = await web.PostFormAsync("/Reminders", ("Time", "7 in the morning"));
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("Enter a time as HH:MM");

        var renewed = await web.PostFormAsync("/Reminders", [], "/Reminders?handler=NewLink");
        renewed.Headers.Location!.OriginalString.ShouldContain("done=new_link");
        var newLink = Link((await web.GetAsync("/Reminders")).Html);
        newLink.ShouldNotBe(oldLink);
        (await feed.GetAsync(new Uri(oldLink, UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.NotFound, "the old link stops working");
        (await feed.GetStringAsync(new Uri(newLink, UriKind.Relative))).ShouldContain("T071500");

        var off = await web.PostFormAsync("/Reminders", ("Time", ""));
        off.Headers.Location!.OriginalString.ShouldContain("done=off");
        var empty = await feed.GetStringAsync(new Uri(newLink, UriKind.Relative));
        empty.ShouldContain("BEGIN:VCALENDAR");
        empty.ShouldNotContain("BEGIN:VEVENT");
    }

    [Fact]
    public async Task A_reassessment_updates_the_plan_and_says_what_changed()
    {
        var web = fixture.Factory.Session();
        await web.RegisterAsync("reassess@example.com");
        await CompleteAssessmentAsync(web, ["1", "1", "1", "1", "0", "0", "0", "0", "0"]);
        (await web.GetAsync("/Plan")).Html.ShouldNotContain("What changed since your last assessment", customMessage: "nothing to compare with yet");

        // A new assessment keeps the facts that rarely change, but asks every questionnaire afresh.
        var (_, first) = await web.GetAsync("/Assessment");
        first.ShouldContain("Step 1 of 8");
        first.ShouldContain("id=\"age\" name=\"age\"");
        first.ShouldContain("value=\"44\"");
        first.ShouldNotContain("value=\"sciatica\" checked", customMessage: "red flags are asked afresh");

        // Better now: low STarT Back risk, calm, no medicines.
        await PostAsync(web, "redflags", [("age", "44"), ("durationWeeks", "8")]);
        (await web.GetAsync("/Assessment")).Html.ShouldNotContain("checked=\"checked\"", customMessage: "questionnaire answers are never carried forward");
        await PostAsync(web, "startback", Instrument("startback", "0", "0", "0", "0", "0", "0", "0", "0", "0"));
        await PostAsync(web, "pain", [.. Instrument("nrs", "2"), .. Instrument("peg", "2", "1", "1")]);
        await AnxietyMoodAndSleepAsync(web);
        (await web.GetAsync("/Assessment")).Html.ShouldContain("diazepam 5mg&#xA;oxycodone", customMessage: "the medicines list is carried forward to be checked");
        await PostAsync(web, "medicines", [("medicines", "")]);
        await PreferencesAsync(web);

        var (_, plan) = await web.GetAsync("/Plan");
        plan.ShouldContain("What changed since your last assessment");
        plan.ShouldContain("No longer in your plan: Physiotherapy-led exercise");
        plan.ShouldContain("No longer in your plan: Talk to your prescriber or pharmacist about your medicines");
        plan.ShouldContain("<strong>low</strong>");
    }
}
