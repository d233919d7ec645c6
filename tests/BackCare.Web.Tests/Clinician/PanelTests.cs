using System.Net;
using System.Text.RegularExpressions;
using BackCare.App.Clinicians;
using BackCare.App.Data;
using BackCare.App.Demo;
using BackCare.App.Diary;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BackCare.Web.Tests.Clinician.ClinicianSteps;

namespace BackCare.Web.Tests.Clinician;

/// <summary>Issue 16, the panel: priority order with the reason per row, counts, filters, search, and reviewed alerts.</summary>
public sealed partial class PanelTests(WebFixture fixture) : IClassFixture<WebFixture>
{
    private Task<(WebSession Web, Guid Clinician, IReadOnlyList<Guid> Patients)> PracticeAsync(string email, int patients = 10) =>
        ClinicianSteps.PracticeAsync(fixture.Factory, email, patients);

    private async Task<PanelView> ReadAsync(Guid clinician, PanelQuery? query = null)
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ClinicianPanel>().ReadAsync(clinician, query ?? new PanelQuery(), default);
    }

    [Fact]
    public async Task Rows_come_in_priority_order_with_the_reason_and_its_source_and_counts_per_kind()
    {
        var (web, clinician, patients) = await PracticeAsync("order-clinician@example.com");
        var view = await ReadAsync(clinician);
        view.Total.ShouldBe(10);
        var byProfile = patients.Select((id, i) => (id, profile: DemoPractice.Profiles[i])).ToDictionary(x => x.profile, x => x.id);
        var order = view.Rows.Select(r => r.PatientId).ToList();
        int At(string profile) => order.IndexOf(byProfile[profile]);

        // Emergency red flag, then PHQ-9 item 9, then urgent red flags; then escalations, STarT Back high, medicines, no check-ins.
        At("emergency").ShouldBe(0);
        At("crisis").ShouldBe(1);
        At("urgent").ShouldBe(2);
        At("worsening").ShouldBeLessThan(At("startback_high"));
        At("startback_high").ShouldBeLessThan(At("opioid_benzodiazepine"));
        At("opioid_benzodiazepine").ShouldBeLessThan(At("stopped"));
        At("stopped").ShouldBeLessThan(At("improving"));
        view.Rows[^1].Alerts.ShouldBeEmpty();

        var emergency = view.Rows[0].Alerts[0].Alert;
        emergency.Kind.ShouldBe(AlertKinds.Emergency);
        emergency.Text.ShouldContain("Saddle", Case.Insensitive, "the clinician label of the finding from data/triage.yaml");
        emergency.Sources.ShouldNotBeEmpty();
        view.Rows.Single(r => r.PatientId == byProfile["crisis"]).Alerts.ShouldContain(a => a.Alert.Kind == AlertKinds.Crisis && a.Alert.Text.Contains("PHQ-9 item 9"));
        view.Rows.Single(r => r.PatientId == byProfile["worsening"]).Alerts.ShouldContain(a => a.Alert.Kind == AlertKinds.Escalation && a.Alert.Sources.Contains("ostelo_2008"));
        view.Rows.Single(r => r.PatientId == byProfile["startback_high"]).Alerts.ShouldContain(a => a.Alert.Kind == AlertKinds.StartBackHigh && a.Alert.Sources.Contains("hill_2011"));
        view.Rows.Single(r => r.PatientId == byProfile["opioid_benzodiazepine"]).Alerts.ShouldContain(a => a.Alert.Kind == AlertKinds.Medication);
        view.OpenCounts[AlertKinds.Safety].ShouldBe(3);
        view.OpenCounts[AlertKinds.StoppedCheckingIn].ShouldBe(1);

        var (status, html) = await web.GetAsync("/Clinician");
        status.ShouldBe(HttpStatusCode.OK);
        Regex.Matches(html, "data-patient=\"([0-9a-f-]+)\"").Select(m => Guid.Parse(m.Groups[1].Value)).ShouldBe(order, "the page shows the same order");
        html.ShouldContain("data-count=\"safety\">3<");
    }

    [Fact]
    public async Task Filters_and_search_narrow_the_list()
    {
        var (_, clinician, patients) = await PracticeAsync("filter-clinician@example.com");
        (await ReadAsync(clinician, new PanelQuery(Risk: "high"))).Rows.Select(r => r.PatientId).ShouldBe([patients[DemoPractice.Profiles.IndexOf("startback_high")]]);
        (await ReadAsync(clinician, new PanelQuery(Alert: AlertKinds.Medication))).Rows.Select(r => r.PatientId).ShouldContain(patients[DemoPractice.Profiles.IndexOf("opioid_benzodiazepine")]);
        (await ReadAsync(clinician, new PanelQuery(CheckIn: "month"))).Rows.Select(r => r.PatientId).ShouldBe([patients[DemoPractice.Profiles.IndexOf("stopped")]]);
        (await ReadAsync(clinician, new PanelQuery(CheckIn: "never"))).Rows.ShouldBeEmpty();
        var one = (await ReadAsync(clinician)).Rows[3];
        (await ReadAsync(clinician, new PanelQuery(Search: one.Name.ToUpperInvariant()))).Rows.Select(r => r.PatientId).ShouldBe([one.PatientId]);
    }

    [Fact]
    public async Task A_reviewed_alert_leaves_the_top_is_seen_by_colleagues_and_returns_when_something_new_happens()
    {
        var (web, clinician, patients) = await PracticeAsync("review-clinician@example.com");
        var stopped = patients[DemoPractice.Profiles.IndexOf("stopped")];
        var before = await ReadAsync(clinician);
        var alert = before.Rows.Single(r => r.PatientId == stopped).Alerts.Single(a => a.Alert.Kind == AlertKinds.StoppedCheckingIn).Alert;

        var reviewed = await web.PostFormAsync("/Clinician", [new("patientId", stopped.ToString()), new("signature", alert.Signature), new("note", "Phoned, on holiday")], "/Clinician?handler=Review");
        reviewed.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var after = await ReadAsync(clinician);
        after.OpenCounts[AlertKinds.StoppedCheckingIn].ShouldBe(0);
        var row = after.Rows.Single(r => r.PatientId == stopped);
        row.Alerts.Single().Review!.Note.ShouldBe("Phoned, on holiday");
        var at = after.Rows.Select(r => r.PatientId).ToList().IndexOf(stopped);
        after.Rows.Take(at).ShouldAllBe(r => r.Alerts.Any(a => a.Review == null), "every patient above has an open alert");
        after.Rows.Skip(at + 1).ShouldAllBe(r => r.Alerts.All(a => a.Review == null) && !r.Alerts.Any(a => a.Review == null && a.Alert.Rank < 6), "no one below needs attention first");
        row.SortKey.ShouldBeGreaterThan(before.Rows.Single(r => r.PatientId == stopped).SortKey);

        // Audited, and visible to a colleague the patient also shares with.
        await using (var scope = fixture.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BackCareDbContext>();
            (await db.AuditEntries.CountAsync(a => a.Action == "review" && a.ResourceId == stopped.ToString("N"))).ShouldBe(1);
        }

        var (colleagueWeb, colleague) = await StaffAsync(fixture.Factory, "review-colleague@example.com", name: "Dr Colleague");
        await using (var scope = fixture.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BackCareDbContext>();
            db.CareShares.Add(new App.Sharing.CareShareRecord { Id = Guid.NewGuid(), PatientId = stopped, ClinicianId = colleague, Scope = "record", ConsentedAt = DateTime.UnixEpoch, GrantedAt = DateTime.UnixEpoch });
            await db.SaveChangesAsync();
        }

        (await colleagueWeb.GetAsync("/Clinician")).Html.ShouldContain("Phoned, on holiday");

        // A stale form (the alert it names no longer exists) is refused and changes nothing.
        (await web.PostFormAsync("/Clinician", [new("patientId", stopped.ToString()), new("signature", "not-an-alert")], "/Clinician?handler=Review")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        // Something new: the patient checks in (the panel facts are recomputed), then stops again later → a new alert.
        await using (var scope = fixture.Factory.Services.CreateAsyncScope())
        {
            var diary = scope.ServiceProvider.GetRequiredService<DiaryService>();
            (await diary.SaveAsync(stopped, new DiaryInput(diary.Today.AddDays(-10), 5, null, null, null, null, null, null, null), default)).Succeeded.ShouldBeTrue();
        }

        var back = (await ReadAsync(clinician)).Rows.Single(r => r.PatientId == stopped);
        back.LastCheckIn.ShouldBe(DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(-10), "the stored facts were marked stale by the diary write");
        back.Alerts.Single(a => a.Alert.Kind == AlertKinds.StoppedCheckingIn).Review.ShouldBeNull("a new gap is a new alert");
    }

    [Fact]
    public async Task A_clinician_sees_only_patients_who_share_with_them()
    {
        var (_, first, mine) = await PracticeAsync("mine-clinician@example.com", 3);
        var (web, second, theirs) = await PracticeAsync("theirs-clinician@example.com", 2);
        (await ReadAsync(first)).Rows.Select(r => r.PatientId).ShouldBe(mine, ignoreOrder: true);
        (await ReadAsync(second)).Rows.Select(r => r.PatientId).ShouldBe(theirs, ignoreOrder: true);
        (await web.GetAsync($"/Clinician/Patients/{mine[0]}")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await web.PostFormAsync("/Clinician", [new("patientId", mine[0].ToString()), new("signature", "x")], "/Clinician?handler=Review")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
