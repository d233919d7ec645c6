using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace BackCare.Web.BrowserTests;

/// <summary>axe reports zero violations on every page, light and dark, phone and desktop; a screenshot of each is kept.</summary>
[Collection(BrowserGroup.Name)]
public sealed class AccessibilityTests(AppServer server)
{
    public static readonly string[] PublicPages = ["/", "/Account/Login", "/Account/Register", "/Account/ResetPassword", "/Account/AccessDenied", "/Learn", "/Guides", "/Guides/Technique/paced_breathing", "/Guides/Technique/bird_dog", "/Check"];

    public static readonly string[] PatientPages = ["/Plan", "/Diary", "/Progress", "/Medicines", "/Reminders", "/Account/Export", "/Account/Delete", "/Account/ChangePassword", "/Account/TwoFactor", "/Assessment", "/Sharing"];

    public static TheoryData<bool, bool> Modes => new() { { false, false }, { false, true }, { true, false }, { true, true } };

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Every_page_has_no_axe_violations(bool phone, bool dark)
    {
        var page = await server.NewPageAsync(phone, dark);
        var problems = new List<string>();
        foreach (var url in PublicPages) await CheckAsync(page, url, phone, dark, problems);
        await BrowserSteps.SignInAsDemoPatientAsync(page);
        foreach (var url in PatientPages) await CheckAsync(page, url, phone, dark, problems);
        problems.ShouldBeEmpty(string.Join(Environment.NewLine, problems));
    }

    /// <summary>
    /// Each assessment screen as first seen and with its validation errors showing, the plan with the crisis
    /// message, and the emergency screen: the states a person in difficulty sees. Two modes (phone dark,
    /// desktop light) keep the run short; the page-level test covers all four.
    /// </summary>
    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public async Task Assessment_screens_errors_crisis_and_emergency_have_no_axe_violations(bool phone, bool dark)
    {
        var problems = new List<string>();
        var page = await server.NewPageAsync(phone, dark);
        await BrowserSteps.RegisterAsync(page, $"axe-{phone}-{dark}@example.com");
        string[] required = ["redflags", "startback", "pain", "anxiety", "mood", "sleep"];
        await BrowserSteps.AssessAsync(page, phq9Item9: 1, async screen =>
        {
            await CheckAsync(page, null, phone, dark, problems, $"assessment-{screen}");
            if (!required.Contains(screen)) return;
            await BrowserSteps.NextAsync(page);
            await page.Locator(".errors[role=alert]").WaitForAsync();
            await CheckAsync(page, null, phone, dark, problems, $"assessment-{screen}-errors");
        });
        await page.Locator(".crisis").First.WaitForAsync();
        await CheckAsync(page, null, phone, dark, problems, "plan-crisis");

        var emergency = await server.NewPageAsync(phone, dark);
        await BrowserSteps.RegisterAsync(emergency, $"axe-emergency-{phone}-{dark}@example.com");
        await emergency.GetByLabel("Your age (years)").FillAsync("50");
        await emergency.GetByLabel("How many weeks").FillAsync("1");
        await emergency.Locator("#finding-saddle_numbness").CheckAsync();
        await BrowserSteps.NextAsync(emergency);
        await emergency.WaitForURLAsync("**/Assessment/Emergency");
        await CheckAsync(emergency, null, phone, dark, problems, "assessment-emergency");
        problems.ShouldBeEmpty(string.Join(Environment.NewLine, problems));
    }

    /// <summary>The article check's results (issue 18), every claim opened, and its error state, signed out, in all four modes.</summary>
    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Article_check_results_and_errors_have_no_axe_violations(bool phone, bool dark)
    {
        var problems = new List<string>();
        var page = await server.NewPageAsync(phone, dark);
        await page.GotoAsync("/Check");
        await page.GetByRole(AriaRole.Button, new() { Name = "Check the article" }).ClickAsync();
        await page.Locator("#Text-error").WaitForAsync();
        await CheckAsync(page, null, phone, dark, problems, "check-error");

        await page.GetByLabel("Article text").FillAsync(
            "# Diazepam for back pain\nDiazepam is an effective medication for low back pain.\nDiazepam helps you sleep despite the pain.\n" +
            "Staying active helps you recover from back pain.\nCan Xanax help with back pain?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Check the article" }).ClickAsync();
        await page.Locator("#claims-heading").WaitForAsync();
        foreach (var summary in await page.Locator(".claim summary").AllAsync()) await summary.ClickAsync();
        (await page.Locator(".claim details[open]").CountAsync()).ShouldBe(4);
        await CheckAsync(page, null, phone, dark, problems, "check-results");
        problems.ShouldBeEmpty(string.Join(Environment.NewLine, problems));
    }

    /// <summary>Opens <paramref name="url"/> (or stays on the current page), keeps a screenshot and collects axe violations.</summary>
    private static async Task CheckAsync(IPage page, string? url, bool phone, bool dark, List<string> problems, string? name = null)
    {
        if (url is not null) await page.GotoAsync(url);
        name ??= url == "/" ? "home" : url!.Trim('/').Replace('/', '-');
        await page.WaitForLoadStateAsync(LoadState.Load); // styles in place before contrast is judged
        var file = $"{name}-{(phone ? "phone" : "desktop")}-{(dark ? "dark" : "light")}.png";
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppServer.Artifacts, file), FullPage = true });
        var result = await page.RunAxe();
        problems.AddRange(result.Violations.Select(v => $"{name}: {v.Id} ({v.Impact}) {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}"));
    }
}
