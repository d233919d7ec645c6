using System.Net;
using static BackCare.Web.Tests.AssessmentSteps;

namespace BackCare.Web.Tests;

/// <summary>The plain-language medication check page, through the real host.</summary>
public sealed class MedicinesPageTests(WebFixture fixture) : IClassFixture<WebFixture>
{
    [Fact]
    public async Task Before_any_assessment_the_form_is_empty_and_no_check_is_shown()
    {
        var web = fixture.Factory.Session();
        await web.RegisterAsync("meds-empty@example.com");
        var (status, html) = await web.GetAsync("/Medicines");
        status.ShouldBe(HttpStatusCode.OK);
        html.ShouldNotContain("Filled in from your assessment");
        html.ShouldNotContain("<h2>What to talk about</h2>");
    }

    [Fact]
    public async Task The_page_starts_from_the_latest_assessment_and_shows_its_check_at_once()
    {
        var web = fixture.Factory.Session();
        await web.RegisterAsync("meds-prefill@example.com");
        await RedFlagsAndStartBackAsync(web);
        await PainAsync(web);
        await AnxietyMoodAndSleepAsync(web);
        await PostAsync(web, "medicines", [("medicines", "diazepam 5mg\noxycodone"), ("alcohol", "yes"), ("breastfeeding", "yes")]);
        await PreferencesAsync(web);

        var (_, html) = await web.GetAsync("/Medicines");
        html.ShouldContain("Filled in from your assessment");
        html.ShouldContain("diazepam 5mg&#xA;oxycodone");
        html.ShouldContain("id=\"Alcohol\" name=\"Alcohol\" value=\"true\" checked=\"checked\"");
        html.ShouldContain("id=\"Breastfeeding\" name=\"Breastfeeding\" value=\"true\" checked=\"checked\"");
        html.ShouldContain("value=\"44\"", customMessage: "the age from the assessment");
        html.ShouldContain("<h2>What to talk about</h2>");
        html.ShouldContain("severity-", customMessage: "an opioid with a benzodiazepine always produces a finding");
    }

    [Fact]
    public async Task A_checked_list_shows_what_was_recognised_and_what_was_not()
    {
        var web = fixture.Factory.Session();
        await web.RegisterAsync("meds-post@example.com");
        var response = await web.PostFormAsync("/Medicines", ("Medicines", "Xanax 0.5mg\nzzqqxx"), ("Age", "70"));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("Xanax 0.5mg: Alprazolam");
        html.ShouldContain("zzqqxx: not recognised");
        html.ShouldContain("<h2>What to talk about</h2>");
    }

    [Theory]
    [InlineData("", "40", "Enter at least one medicine, one per line.", "")]
    [InlineData("ibuprofen", "abc", "Enter an age from 0 to 120, or leave it empty.", "value=\"abc\"")]
    [InlineData("ibuprofen", "130", "Enter an age from 0 to 120, or leave it empty.", "value=\"130\"")]
    public async Task Bad_input_gets_a_clear_message_and_keeps_what_was_typed(string medicines, string age, string message, string kept)
    {
        var web = fixture.Factory.Session();
        await web.RegisterAsync($"meds-bad-{Guid.NewGuid():N}@example.com");
        var response = await web.PostFormAsync("/Medicines", ("Medicines", medicines), ("Age", age));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain(message);
        html.ShouldContain(kept);
        html.ShouldNotContain("<h2>What to talk about</h2>");
    }
}
