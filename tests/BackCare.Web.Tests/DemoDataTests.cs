using System.Net;
using System.Text.RegularExpressions;
using BackCare.Web.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BackCare.Web.Tests;

/// <summary>`--demo` gives a living app: an assessment followed by months of diary, measured from that assessment.</summary>
public sealed partial class DemoDataTests(WebFixture fixture) : IClassFixture<WebFixture>
{
    [Fact]
    public async Task The_demo_patient_has_an_assessment_followed_by_a_diary_that_the_progress_page_measures()
    {
        await using (var scope = fixture.Factory.Services.CreateAsyncScope())
        {
            var seeded = await DemoData.SeedAsync(scope.ServiceProvider, default);
            seeded.PatientEmail.ShouldBe(DemoData.PatientEmail);
            (await DemoData.SeedAsync(scope.ServiceProvider, default)).PatientEmail.ShouldBe(DemoData.PatientEmail, "seeding twice is harmless");
        }

        var web = fixture.Factory.Session();
        var signIn = await web.PostFormAsync("/Account/Login", ("Email", DemoData.PatientEmail), ("Password", DemoData.Password));
        signIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var (_, progress) = await web.GetAsync("/Progress");
        progress.ShouldContain("Measured from your assessment of");
        var checkIns = int.Parse(CheckIns().Match(progress).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        checkIns.ShouldBeGreaterThan(60, "about 88% of 90 days have a check-in");
        var verdict = Verdict().Match(progress).Value;
        verdict.ShouldContain("You are on track", customMessage: "the demo diary falls from about 7 to about 2, within the usual course for acute pain at 13 weeks: " + verdict);

        var (_, plan) = await web.GetAsync("/Plan");
        plan.ShouldContain("Your plan");
        var (_, medicines) = await web.GetAsync("/Medicines");
        medicines.ShouldContain("naproxen 250mg");
    }

    [GeneratedRegex("<section class=\"message[^\"]*\" role=\"status\">.*?</section>", RegexOptions.Singleline)]
    private static partial Regex Verdict();

    [GeneratedRegex("(\\d+) check-ins from")]
    private static partial Regex CheckIns();
}
