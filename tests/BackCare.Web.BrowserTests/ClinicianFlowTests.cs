using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace BackCare.Web.BrowserTests;

/// <summary>Issue 16 in Chromium: the clinician pages pass axe in every mode, and the share → alert → review → revoke flow.</summary>
[Collection(BrowserGroup.Name)]
public sealed class ClinicianFlowTests(AppServer server)
{
    public static TheoryData<bool, bool> Modes => AccessibilityTests.Modes;

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Clinician_pages_have_no_axe_violations(bool phone, bool dark)
    {
        var page = await server.NewPageAsync(phone, dark);
        await BrowserSteps.SignInAsDemoClinicianAsync(page);
        var problems = new List<string>();
        await CheckAsync(page, "clinician-panel", phone, dark, problems);
        await page.Locator("table.panel details summary").First.ClickAsync();
        await CheckAsync(page, "clinician-panel-review-open", phone, dark, problems);
        await page.GotoAsync("/Clinician?alert=safety&risk=high");
        await CheckAsync(page, "clinician-panel-filtered", phone, dark, problems);
        await page.GotoAsync("/Clinician");
        await page.Locator("table.panel tbody th a").First.ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Safety" }).WaitForAsync();
        await CheckAsync(page, "clinician-summary", phone, dark, problems);
        await page.GotoAsync($"/Clinician/Patients/{Guid.NewGuid()}");
        await CheckAsync(page, "clinician-summary-not-shared", phone, dark, problems);

        // Sam (demo) lets Dr Lee bring in records: the import page, then its report (an entry BackCare does not keep, so nothing changes).
        await page.GotoAsync("/Clinician?q=Sam");
        await page.Locator("table.panel tbody th a").First.ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Bring in records (FHIR)" }).ClickAsync();
        await CheckAsync(page, "clinician-import", phone, dark, problems);
        await page.GetByLabel("Or paste its text here").FillAsync("{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"resource\":{\"resourceType\":\"Encounter\",\"status\":\"finished\",\"class\":{\"code\":\"AMB\"}}}]}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to this patient's record" }).ClickAsync();
        await page.GetByText("BackCare does not keep Encounter resources").WaitForAsync();
        await CheckAsync(page, "clinician-import-report", phone, dark, problems);
        problems.ShouldBeEmpty(string.Join(Environment.NewLine, problems));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task The_staff_accounts_page_has_no_axe_violations_before_and_after_creating_an_account(bool phone, bool dark)
    {
        var page = await server.NewPageAsync(phone, dark);
        await BrowserSteps.SignInAsDemoStaffAsync(page, "admin@demo.backcare");
        await page.GotoAsync("/Admin/Staff");
        var problems = new List<string>();
        await CheckAsync(page, "admin-staff", phone, dark, problems);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await page.Locator(".field.invalid").First.WaitForAsync();
        await CheckAsync(page, "admin-staff-errors", phone, dark, problems);
        await page.GetByLabel("Email").FillAsync($"new-staff-{phone}-{dark}@example.org");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await page.Locator("[data-setup-code] code").WaitForAsync();
        await CheckAsync(page, "admin-staff-created", phone, dark, problems);
        problems.ShouldBeEmpty(string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task Patient_shares_clinician_sees_the_alert_marks_it_reviewed_patient_revokes_and_access_ends()
    {
        // The patient: an assessment with PHQ-9 item 9 above zero, then a share code.
        var patient = await server.NewPageAsync(phone: true);
        await BrowserSteps.RegisterAsync(patient, "share-flow@example.com");
        await BrowserSteps.AssessAsync(patient, phq9Item9: 1);
        await patient.GotoAsync("/Sharing");
        await patient.GetByRole(AriaRole.Button, new() { Name = "Create a share code" }).ClickAsync();
        var code = (await patient.Locator("[data-share-code] code").TextContentAsync())!;
        code.ShouldMatch("^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$");

        // The clinician adds the patient and sees the PHQ-9 item 9 alert.
        var clinician = await server.NewPageAsync();
        await BrowserSteps.SignInAsDemoClinicianAsync(clinician);
        await clinician.GetByLabel("Share code").FillAsync(code);
        await clinician.GetByRole(AriaRole.Button, new() { Name = "Add patient" }).ClickAsync();
        await clinician.GetByText("The patient's record is now shared with you.").WaitForAsync();
        await clinician.GetByLabel("Search by name").FillAsync("Browser Test");
        await clinician.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        var row = clinician.Locator("table.panel tbody tr").Filter(new() { HasText = "Browser Test" }).Filter(new() { HasText = "PHQ-9 item 9" });
        await row.First.WaitForAsync();
        (await row.First.Locator("li.open").First.TextContentAsync())!.ShouldContain("PHQ-9 item 9 / self-harm");

        // Mark it reviewed with a note: it is then shown as reviewed, with the note.
        var crisis = row.First.Locator("li.open").Filter(new() { HasText = "PHQ-9 item 9 / self-harm" });
        await crisis.Locator("summary").ClickAsync();
        await crisis.GetByLabel("Note for colleagues (optional)").FillAsync("Called the patient today");
        await crisis.GetByRole(AriaRole.Button, new() { Name = "Mark reviewed" }).ClickAsync();
        await clinician.GetByText("Marked reviewed.").WaitForAsync();
        await clinician.GotoAsync("/Clinician?q=Browser+Test");
        (await clinician.Locator("table.panel li.reviewed").Filter(new() { HasText = "Called the patient today" }).CountAsync()).ShouldBe(1);
        var summaryUrl = await clinician.Locator("table.panel tbody th a").First.GetAttributeAsync("href");
        summaryUrl.ShouldNotBeNull();

        // The patient sees the clinician and when they looked, then revokes.
        await patient.GotoAsync("/Sharing");
        (await patient.Locator("table.shares").TextContentAsync())!.ShouldContain("Dr Lee (demo)");
        await patient.GetByRole(AriaRole.Button, new() { Name = "Remove access for Dr Lee (demo)" }).ClickAsync();
        await patient.GetByText("Access removed.").WaitForAsync();

        // The clinician loses access at once.
        var response = await clinician.GotoAsync(summaryUrl!);
        response!.Status.ShouldBe(404);
        await clinician.GetByRole(AriaRole.Heading, new() { Name = "Not shared with you" }).WaitForAsync();
        (await clinician.ContentAsync()).ShouldNotContain("Called the patient today");
        await clinician.GotoAsync("/Clinician?q=Browser+Test");
        (await clinician.Locator("table.panel tbody tr").Filter(new() { HasText = "PHQ-9 item 9 / self-harm" }).Filter(new() { HasText = "Called the patient today" }).CountAsync()).ShouldBe(0);
        await clinician.ScreenshotAsync(new() { Path = Path.Combine(AppServer.Artifacts, "clinician-after-revoke.png"), FullPage = true });
    }

    private static async Task CheckAsync(IPage page, string name, bool phone, bool dark, List<string> problems)
    {
        await page.WaitForLoadStateAsync(LoadState.Load); // styles in place before contrast is judged
        var file = $"{name}-{(phone ? "phone" : "desktop")}-{(dark ? "dark" : "light")}.png";
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppServer.Artifacts, file), FullPage = true });
        var result = await page.RunAxe();
        problems.AddRange(result.Violations.Select(v => $"{name}: {v.Id} ({v.Impact}) {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}"));
    }
}
