using System.Net;
using System.Text.RegularExpressions;
using BackCare.App.Auditing;
using BackCare.App.Data;
using BackCare.App.Demo;
using BackCare.App.Sharing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;
using static BackCare.Web.Tests.Clinician.ClinicianSteps;

namespace BackCare.Web.Tests.Clinician;

/// <summary>Issue 16, the summary: safety first, every number linked to its questionnaire and date, sources on every statement, one PDF page.</summary>
public sealed partial class SummaryTests(WebFixture fixture) : IClassFixture<WebFixture>
{
    private Task<(WebSession Web, Guid Clinician, IReadOnlyList<Guid> Patients)> PracticeAsync(string email, int patients = 10) =>
        ClinicianSteps.PracticeAsync(fixture.Factory, email, patients);

    [Fact]
    public async Task The_summary_puts_safety_first_links_every_score_to_its_answers_and_cites_its_sources()
    {
        var (web, clinician, patients) = await PracticeAsync("summary-clinician@example.com");
        var emergency = patients[DemoPractice.Profiles.IndexOf("emergency")];
        var (status, html) = await web.GetAsync($"/Clinician/Patients/{emergency}");
        status.ShouldBe(HttpStatusCode.OK);

        var safety = html.IndexOf("id=\"safety\"", StringComparison.Ordinal);
        safety.ShouldBeGreaterThan(0);
        html.IndexOf("Saddle or perianal numbness", StringComparison.Ordinal).ShouldBeGreaterThan(safety);
        html.IndexOf("Saddle or perianal numbness", StringComparison.Ordinal).ShouldBeLessThan(html.IndexOf("id=\"risk\"", StringComparison.Ordinal), "safety comes before everything else");
        html.ShouldContain("Finucane 2020", customMessage: "the red flag carries its source");

        var links = Regex.Matches(html, "href=\"#(q-[0-9a-f]{32}-[a-z0-9]+)\"").Select(m => m.Groups[1].Value).Distinct().ToList();
        links.Count.ShouldBeGreaterThanOrEqualTo(5, "STarT Back, NRS, PEG, GAD-7 and PHQ-9 scores link to their answers");
        foreach (var anchor in links) html.ShouldContain($"id=\"{anchor}\"");

        // STarT Back group with its matched pathway, cited (Hill 2011).
        var (_, high) = await web.GetAsync($"/Clinician/Patients/{patients[DemoPractice.Profiles.IndexOf("startback_high")]}");
        high.ShouldContain("psychologically informed physiotherapy");
        high.ShouldContain("Hill 2011");

        // Medicines with findings, and what the back-pain guidelines say about them (monograph wording, cited).
        var (_, meds) = await web.GetAsync($"/Clinician/Patients/{patients[DemoPractice.Profiles.IndexOf("opioid_benzodiazepine")]}");
        meds.ShouldContain("What the back-pain guidelines say about these medicines");
        meds.ShouldContain("No back-pain guideline recommends benzodiazepines");

        // The view is audited, and the next view says what changed since.
        await using (var scope = fixture.Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AuditWriter>().FlushAsync(default);
            var db = scope.ServiceProvider.GetRequiredService<BackCareDbContext>();
            (await db.AuditEntries.CountAsync(a => a.ResourceType == ClinicianReads.Summary && a.ResourceId == emergency.ToString("N") && a.Actor == AuditLog.UserActor(clinician))).ShouldBe(1);
        }

        (await web.GetAsync($"/Clinician/Patients/{emergency}")).Html.ShouldContain("check-in(s) added or changed");
    }

    [Fact]
    public async Task The_PDF_is_one_page_with_the_safety_section_first_and_says_what_did_not_fit()
    {
        var (web, _, patients) = await PracticeAsync("pdf-clinician@example.com");
        foreach (var profile in new[] { "emergency", "opioid_benzodiazepine", "improving" })
        {
            var response = await web.Client.GetAsync(new Uri($"/Clinician/Patients/{patients[DemoPractice.Profiles.IndexOf(profile)]}?handler=Pdf", UriKind.Relative));
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
            using var document = PdfDocument.Open(await response.Content.ReadAsByteArrayAsync());
            document.NumberOfPages.ShouldBe(1, profile);
            var text = string.Join(" ", document.GetPage(1).GetWords().Select(w => w.Text));
            var safety = text.IndexOf("Safety", StringComparison.Ordinal);
            safety.ShouldBeGreaterThan(0, profile);
            safety.ShouldBeLessThan(text.IndexOf("STarT Back and matched pathway", StringComparison.Ordinal), profile);
            safety.ShouldBeLessThan(text.IndexOf("Medicines and findings", StringComparison.Ordinal), profile);
            if (profile == "emergency") text.ShouldContain("Saddle or perianal numbness");
            if (profile == "opioid_benzodiazepine") text.IndexOf("Medication finding", StringComparison.Ordinal).ShouldBeGreaterThan(safety);
            if (!text.Contains("did not fit", StringComparison.Ordinal)) text.ShouldContain("Since you last looked", customMessage: "everything fitted, down to the last block");
        }
    }
}
