using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace BackCare.Web.BrowserTests;

/// <summary>axe reports zero violations on every page, light and dark, phone and desktop; a screenshot of each is kept.</summary>
[Collection(BrowserGroup.Name)]
public sealed class AccessibilityTests(AppServer server)
{
    public static readonly string[] PublicPages = ["/", "/Account/Login", "/Account/Register", "/Account/ResetPassword", "/Learn", "/Guides", "/Guides/Technique/paced_breathing", "/Guides/Technique/bird_dog"];

    public static readonly string[] PatientPages = ["/Plan", "/Diary", "/Progress", "/Medicines", "/Reminders", "/Account/Export", "/Account/Delete", "/Assessment"];

    public static TheoryData<bool, bool> Modes => new() { { false, false }, { false, true }, { true, false }, { true, true } };

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Every_page_has_no_axe_violations(bool phone, bool dark)
    {
        var page = await server.NewPageAsync(phone, dark);
        var problems = new List<string>();
        async Task Check(string url)
        {
            await page.GotoAsync(url);
            var name = $"{(url == "/" ? "home" : url.Trim('/').Replace('/', '-'))}-{(phone ? "phone" : "desktop")}-{(dark ? "dark" : "light")}.png";
            await page.ScreenshotAsync(new() { Path = Path.Combine(AppServer.Artifacts, name), FullPage = true });
            var result = await page.RunAxe();
            problems.AddRange(result.Violations.Select(v => $"{url}: {v.Id} ({v.Impact}) {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}"));
        }

        foreach (var url in PublicPages) await Check(url);
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Email").FillAsync("patient@demo.backcare");
        await page.GetByLabel("Password").FillAsync("backcare-demo-2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/Plan");
        foreach (var url in PatientPages) await Check(url);
        problems.ShouldBeEmpty(string.Join(Environment.NewLine, problems));
    }
}
