using System.Net;
using BackCare.App.Assessments;
using BackCare.App.Data;
using BackCare.Clinical.CarePlans;
using BackCare.Clinical.Evidence;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BackCare.Web.Tests.AssessmentSteps;

namespace BackCare.Web.Tests;

/// <summary>
/// The plan a person was shown is stored with the evidence-base version that produced it, shown again word for word
/// after the evidence base changes, and a stored document this version cannot read gives a clear page (issue 12).
/// </summary>
public sealed class PlanSnapshotPageTests(WebFixture fixture) : IClassFixture<WebFixture>
{
    private async Task<WebSession> AssessedAsync(string email)
    {
        var web = fixture.Factory.Session();
        await web.RegisterAsync(email);
        await RedFlagsAndStartBackAsync(web);
        await PainAsync(web);
        await RestAsync(web);
        return web;
    }

    private async Task<T> WithDbAsync<T>(Func<BackCareDbContext, Task<T>> work)
    {
        using var scope = fixture.Factory.Services.CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<BackCareDbContext>());
    }

    private Task<List<PlanSnapshotRecord>> SnapshotsAsync(string email) => WithDbAsync(async db =>
    {
        var user = await db.Users.SingleAsync(u => u.Email == email);
        return await db.PlanSnapshots.AsNoTracking().Where(p => p.UserId == user.Id).OrderBy(p => p.CreatedAt).ToListAsync();
    });

    [Fact]
    public async Task Completing_the_assessment_stores_the_plan_with_the_evidence_version_and_viewing_it_adds_nothing_new()
    {
        var web = await AssessedAsync("snap-store@example.com");
        var stored = (await SnapshotsAsync("snap-store@example.com")).ShouldHaveSingleItem();
        stored.Reason.ShouldBe("assessment");
        stored.EvidenceVersion.ShouldBe(EvidenceVersion.Embedded().Value);
        var snapshot = PlanSnapshot.Parse(stored.SnapshotJson).Snapshot.ShouldNotBeNull();

        var (status, html) = await web.GetAsync("/Plan");
        status.ShouldBe(HttpStatusCode.OK);
        foreach (var step in snapshot.Plan.Steps) html.ShouldContain(WebUtility.HtmlEncode(step.Title));
        (await web.GetAsync("/Plan")).Status.ShouldBe(HttpStatusCode.OK);
        (await SnapshotsAsync("snap-store@example.com")).Count.ShouldBe(1, "the same plan shown again is not stored again");
    }

    [Fact]
    public async Task After_an_evidence_change_the_new_plan_is_stored_and_the_old_one_is_shown_as_it_was()
    {
        const string email = "snap-evidence@example.com";
        var web = await AssessedAsync(email);
        (await web.GetAsync("/Plan")).Status.ShouldBe(HttpStatusCode.OK);

        // The text a person was shown is what is kept: edit the stored copy and the history shows the edit, proving the
        // page reads the stored plan rather than recomputing it from today's evidence base.
        var first = (await SnapshotsAsync(email)).ShouldHaveSingleItem();
        var original = PlanSnapshot.Parse(first.SnapshotJson).Snapshot!;
        var marked = original with { Plan = original.Plan with { Steps = [original.Plan.Steps[0] with { Title = "Title exactly as stored on the day" }, .. original.Plan.Steps.Skip(1)] } };
        await WithDbAsync(async db =>
        {
            var row = await db.PlanSnapshots.SingleAsync(p => p.Id == first.Id);
            row.SnapshotJson = marked.ToJson();
            return await db.SaveChangesAsync();
        });

        // The same data read by a BackCare whose evidence base has changed.
        using var changed = fixture.Factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton(new EvidenceVersion("sha256:changedevidence"))));
        var later = new WebSession(changed.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true }));
        await later.SignInAsync(email);
        var (status, current) = await later.GetAsync("/Plan");
        status.ShouldBe(HttpStatusCode.OK);
        current.ShouldContain($"<h2>{WebUtility.HtmlEncode(original.Plan.Steps[0].Title)}</h2>", customMessage: "today's plan is computed afresh");
        current.ShouldNotContain("<h2>Title exactly as stored on the day</h2>");

        var all = await SnapshotsAsync(email);
        all.Count.ShouldBe(2);
        all[1].Reason.ShouldBe("evidence_update");
        all[1].EvidenceVersion.ShouldBe("sha256:changedevidence");
        current.ShouldContain($"/Plan?snapshot={first.Id}");

        var (oldStatus, old) = await later.GetAsync($"/Plan?snapshot={first.Id}");
        oldStatus.ShouldBe(HttpStatusCode.OK);
        old.ShouldContain("<h2>Title exactly as stored on the day</h2>");
        old.ShouldContain(first.EvidenceVersion);
    }

    [Fact]
    public async Task Another_person_cannot_open_someone_elses_stored_plan()
    {
        await AssessedAsync("snap-owner@example.com");
        var owners = await SnapshotsAsync("snap-owner@example.com");
        var other = await AssessedAsync("snap-other@example.com");
        (await other.GetAsync($"/Plan?snapshot={owners[0].Id}")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_completed_assessment_this_version_cannot_read_gives_a_clear_page_and_exports_still_work()
    {
        const string email = "snap-unreadable@example.com";
        var web = await AssessedAsync(email);
        await WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Email == email);
            var assessment = await db.Assessments.SingleAsync(a => a.UserId == user.Id);
            assessment.InputJson = "{\"version\": 7, \"age\": 44}";
            return await db.SaveChangesAsync();
        });

        var (status, html) = await web.GetAsync("/Plan");
        status.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("could not be read");
        html.ShouldContain("version: is 7");
        foreach (var page in new[] { "/Progress", "/Medicines", "/Assessment", "/Account/Export?handler=Csv", "/Account/Export?handler=Fhir", "/Account/Export?handler=Pdf" })
        {
            (await web.GetAsync(page)).Status.ShouldBe(HttpStatusCode.OK, page);
        }
    }

    [Fact]
    public async Task An_unreadable_assessment_in_progress_is_kept_as_it_was_and_the_person_can_start_again()
    {
        const string email = "snap-inprogress@example.com";
        var web = fixture.Factory.Session();
        await web.RegisterAsync(email);
        await RedFlagsAndStartBackAsync(web);
        const string damaged = "{\"version\": 1, \"age\": \"forty-four\"}";
        var id = await WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Email == email);
            var assessment = await db.Assessments.SingleAsync(a => a.UserId == user.Id);
            assessment.InputJson = damaged;
            await db.SaveChangesAsync();
            return assessment.Id;
        });

        var (status, html) = await web.GetAsync("/Assessment");
        status.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("could not be read");
        html.ShouldNotContain("name=\"step\"", customMessage: "no screen is offered over a document that cannot be read");

        var refused = await web.PostFormAsync("/Assessment?step=pain", [new("step", "pain"), new("nrs_1", "5")], "/Assessment");
        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await WithDbAsync(db => db.Assessments.AsNoTracking().SingleAsync(a => a.Id == id))).InputJson.ShouldBe(damaged);

        (await web.PostFormAsync("/Assessment", [], "/Assessment?handler=StartAgain")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var kept = await WithDbAsync(db => db.Assessments.AsNoTracking().SingleAsync(a => a.Id == id));
        (kept.InputJson, kept.Disposition).ShouldBe((damaged, AssessmentService.Unreadable));
        (await web.GetAsync("/Assessment")).Html.ShouldContain("Step 1 of 8");
        await RedFlagsAndStartBackAsync(web);
        await PainAsync(web);
        await RestAsync(web);
        (await web.GetAsync("/Plan")).Status.ShouldBe(HttpStatusCode.OK);
    }
}
