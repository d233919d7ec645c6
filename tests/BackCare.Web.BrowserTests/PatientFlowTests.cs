using System.Text.Json;
using Microsoft.Playwright;

namespace BackCare.Web.BrowserTests;

/// <summary>
/// End-to-end in Debian's Chromium: the flows a person goes through, by clicking. The core flow (trait
/// Browser=CoreFlow) runs again on PostgreSQL in ./test.sh.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class PatientFlowTests(AppServer server)
{
    [Fact]
    [Trait("Browser", "CoreFlow")]
    public async Task Register_assess_and_see_the_plan()
    {
        var page = await server.NewPageAsync(phone: true);
        await BrowserSteps.RegisterAsync(page, "flow@example.com");
        await BrowserSteps.AssessAsync(page, 0);
        await page.GetByRole(AriaRole.Heading, new() { Name = "Your plan" }).WaitForAsync();
        (await page.Locator(".step").CountAsync()).ShouldBeGreaterThan(4);
        (await page.ContentAsync()).ShouldContain("Physiotherapy-led exercise");
        (await page.Locator(".scores").TextContentAsync())!.ShouldContain("2 of 24", customMessage: "the two Roland-Morris statements ticked");
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppServer.Artifacts, "plan-phone.png"), FullPage = true });
    }

    [Fact]
    public async Task An_emergency_answer_shows_the_emergency_screen_and_no_plan()
    {
        var page = await server.NewPageAsync();
        await BrowserSteps.RegisterAsync(page, "emergency-browser@example.com");
        await page.GetByLabel("Your age (years)").FillAsync("50");
        await page.GetByLabel("How many weeks").FillAsync("1");
        await page.Locator("#finding-saddle_numbness").CheckAsync();
        await BrowserSteps.NextAsync(page);
        await page.WaitForURLAsync("**/Assessment/Emergency");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Get emergency help now" }).WaitForAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppServer.Artifacts, "emergency.png") });
        await page.GotoAsync("/Plan");
        page.Url.ShouldEndWith("/Assessment/Emergency");
    }

    [Fact]
    public async Task A_PHQ9_item_9_answer_shows_the_crisis_message()
    {
        var page = await server.NewPageAsync();
        await BrowserSteps.RegisterAsync(page, "crisis-browser@example.com");
        await BrowserSteps.AssessAsync(page, 2);
        (await page.Locator(".crisis").First.TextContentAsync())!.ShouldContain("Samaritans");
    }

    [Fact]
    [Trait("Browser", "CoreFlow")]
    public async Task A_check_in_appears_on_the_chart()
    {
        var page = await server.NewPageAsync(phone: true);
        await BrowserSteps.RegisterAsync(page, "chart@example.com");
        await page.GotoAsync("/Diary");
        await page.Locator("label[for=pain-6]").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).First.ClickAsync();
        await page.GetByText("Saved.").WaitForAsync();
        await page.GotoAsync("/Progress");
        (await page.Locator("svg.chart .pain").CountAsync()).ShouldBeGreaterThan(0);
        (await page.Locator("#chart-desc").TextContentAsync())!.ShouldContain("1 check-ins");
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppServer.Artifacts, "progress-phone.png"), FullPage = true });
    }

    [Fact]
    public async Task The_breathing_pacer_runs()
    {
        var page = await server.NewPageAsync();
        await page.GotoAsync("/Guides/Technique/box_breathing");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start" }).ClickAsync();
        await page.Locator(".pacer-phase").Filter(new() { HasText = "Breathe in" }).WaitForAsync();
        await page.Locator(".pacer-phase").Filter(new() { HasText = "Hold" }).WaitForAsync(new() { Timeout = 8000 });
        (await page.Locator(".pacer-timer").TextContentAsync())!.ShouldContain("left");
        await page.GetByRole(AriaRole.Button, new() { Name = "Stop" }).ClickAsync();
        (await page.Locator(".pacer-phase").TextContentAsync()).ShouldBe("Stopped");
    }

    [Fact]
    public async Task Progressive_muscle_relaxation_runs_as_a_timed_step_by_step_session()
    {
        var page = await server.NewPageAsync();
        await page.GotoAsync("/Guides/Technique/progressive_muscle_relaxation");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start guided session" }).ClickAsync();
        (await page.Locator(".technique-steps li[aria-current=step]").CountAsync()).ShouldBe(1);
        (await page.Locator(".session-status").TextContentAsync())!.ShouldStartWith("Step 1 of 5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Stop" }).ClickAsync();
        (await page.Locator(".technique-steps li[aria-current=step]").CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Exports_download_and_parse()
    {
        var page = await server.NewPageAsync();
        await BrowserSteps.SignInAsDemoPatientAsync(page);
        await page.GotoAsync("/Account/Export");

        async Task<string> Download(string name)
        {
            var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync());
            var path = Path.Combine(AppServer.Artifacts, download.SuggestedFilename);
            await download.SaveAsAsync(path);
            return path;
        }

        var csv = await File.ReadAllLinesAsync(await Download("Diary as a spreadsheet (CSV)"));
        csv[0].ShouldStartWith("date,pain");
        csv.Length.ShouldBeGreaterThan(60, "the demo patient has about 80 days of entries");

        using var bundle = JsonDocument.Parse(await File.ReadAllTextAsync(await Download("Everything as a FHIR R4 record (JSON) for other health apps")));
        bundle.RootElement.GetProperty("resourceType").GetString().ShouldBe("Bundle");
        var resources = bundle.RootElement.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource").GetProperty("resourceType").GetString()).ToList();
        resources.ShouldContain("QuestionnaireResponse");
        resources.ShouldContain("MedicationStatement");

        var pdf = await File.ReadAllBytesAsync(await Download("A one-page summary to take to an appointment (PDF)"));
        using var summary = UglyToad.PdfPig.PdfDocument.Open(pdf);
        summary.NumberOfPages.ShouldBe(1);
        var words = string.Join(" ", summary.GetPage(1).GetWords().Select(w => w.Text));
        words.ShouldContain("BackCare summary for");
        words.ShouldContain("Recent diary");
    }

    [Fact]
    public async Task The_core_flows_work_with_JavaScript_turned_off()
    {
        var page = await server.NewPageAsync(phone: true, javaScript: false);
        await BrowserSteps.RegisterAsync(page, "no-js@example.com");
        await BrowserSteps.AssessAsync(page, 0);
        await page.GetByRole(AriaRole.Heading, new() { Name = "Your plan" }).WaitForAsync();

        await page.GotoAsync("/Diary");
        await page.Locator("label[for=pain-4]").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).First.ClickAsync();
        await page.GetByText("Saved.").WaitForAsync();

        await page.GotoAsync("/Progress");
        (await page.Locator("svg.chart .pain").CountAsync()).ShouldBeGreaterThan(0);

        await page.GotoAsync("/Guides/Technique/progressive_muscle_relaxation");
        (await page.Locator(".technique-steps li").CountAsync()).ShouldBe(5, "the steps are readable without the timed session");

        await page.GotoAsync("/Medicines");
        await page.GetByRole(AriaRole.Button, new() { Name = "Check" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "What to talk about" }).WaitForAsync();
    }
}
