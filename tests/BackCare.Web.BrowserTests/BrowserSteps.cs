using Microsoft.Playwright;

namespace BackCare.Web.BrowserTests;

/// <summary>What a person does in the browser, shared by the flow and accessibility tests.</summary>
internal static class BrowserSteps
{
    public static async Task RegisterAsync(IPage page, string email)
    {
        await page.GotoAsync("/Account/Register");
        await page.GetByLabel("Your name").FillAsync("Browser Test");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password (at least 10 characters)").FillAsync("correct horse battery");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();

        // Registration answers the same for new and existing emails, so the person then signs in.
        await ArriveAsync(page, "**/Account/Login**");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync("correct horse battery");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await ArriveAsync(page, "**/Assessment");
    }

    /// <summary>
    /// Waits for the browser to reach a page; when it does not, the failure says where it is, what that page shows and
    /// what the server last logged (a timeout alone once left a failed CI run unexplained).
    /// </summary>
    public static async Task ArriveAsync(IPage page, string urlPattern)
    {
        try
        {
            // Arrival is the document being parsed: later steps wait for what they use, and the load event (images,
            // styles) once did not come within 60 s on a busy CI machine although the network had gone quiet.
            // Parsed is asked of the page itself, not of Playwright's lifecycle events: CI at 97fb446 timed out after 60 s
            // inside Playwright's wait for DOMContentLoaded on /Assessment, with the form already on screen. That
            // Playwright had lost track of the event is our reading, not something CI showed.
            // The check is polled on a timer, not on animation frames (Playwright's default): CI at 27cf471 and f53b189
            // timed out here on /Assessment with the form on screen, and a busy headless browser may hold frames back.
            await page.WaitForURLAsync(urlPattern, new() { WaitUntil = WaitUntilState.Commit });
            await page.WaitForFunctionAsync("() => document.readyState !== 'loading'", null, new() { PollingInterval = 100 });
        }
        catch (TimeoutException ex)
        {
            string shown;
            try
            {
                shown = await page.Locator("body").InnerTextAsync(new() { Timeout = 5_000 });
            }
            catch (Exception e) when (e is PlaywrightException or TimeoutException)
            {
                shown = "(the page could not be read)";
            }

            throw new TimeoutException(
                $"expected {urlPattern}, still at {page.Url}.\nThe page shows: {Clip(shown)}\nThe server last logged:\n{AppServer.RecentServerOutput()}", ex);
        }
    }

    private static string Clip(string text) => text.Length <= 1500 ? text : text[..1500] + "…";

    /// <summary>Signs in as the patient the server seeded with `--demo`.</summary>
    public static async Task SignInAsDemoPatientAsync(IPage page)
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Email").FillAsync("patient@demo.backcare");
        await page.GetByLabel("Password").FillAsync("backcare-demo-2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await ArriveAsync(page, "**/Plan");
    }

    private static readonly Dictionary<string, Stack<string>> RecoveryCodes = [];

    /// <summary>Signs in as the clinician the server seeded with `--demo` and opens the panel.</summary>
    public static async Task SignInAsDemoClinicianAsync(IPage page)
    {
        await SignInAsDemoStaffAsync(page, "clinician@demo.backcare");
        await page.GotoAsync("/Clinician");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Patients who share with you" }).WaitForAsync();
    }

    /// <summary>
    /// Signs in as a staff account the server seeded with `--demo`: the first time, two-step sign-in is set up (the app
    /// requires it) and the recovery codes kept; later sign-ins spend one recovery code each.
    /// </summary>
    public static async Task SignInAsDemoStaffAsync(IPage page, string email)
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync("backcare-demo-2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/Account/(LoginWith2fa|TwoFactor)"));
        if (page.Url.Contains("/Account/LoginWith2fa", StringComparison.Ordinal))
        {
            await page.GetByLabel("Code from your authenticator app").FillAsync(RecoveryCodes[email].Pop());
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await page.WaitForURLAsync(url => !url.Contains("/Account/", StringComparison.Ordinal));
        }
        else
        {
            var key = (await page.Locator("code.key").TextContentAsync())!;
            await page.GetByLabel("Code from your authenticator app").FillAsync(BackCare.TestSupport.Totp.Code(key, TimeProvider.System.GetUtcNow()));
            await page.GetByRole(AriaRole.Button, new() { Name = "Turn on two-step sign-in" }).ClickAsync();
            await page.Locator("li code").First.WaitForAsync();
            RecoveryCodes[email] = new Stack<string>(await page.Locator("li code").AllTextContentsAsync());
        }
    }

    public static async Task AnswerAsync(IPage page, string instrument, params int[] values)
    {
        for (var i = 0; i < values.Length; i++) await page.Locator($"#{instrument}_{i + 1}-{values[i]}").CheckAsync();
    }

    public static async Task NextAsync(IPage page) =>
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("Save and continue|Finish and see my plan") }).ClickAsync();

    /// <summary>
    /// Completes the assessment by clicking. <paramref name="onScreen"/>, if given, is called on each screen
    /// before it is filled in, with the screen's name.
    /// </summary>
    public static async Task AssessAsync(IPage page, int phq9Item9, Func<string, Task>? onScreen = null)
    {
        var visit = onScreen ?? (_ => Task.CompletedTask);
        await visit("redflags");
        await page.GetByLabel("Your age (years)").FillAsync("44");
        await page.GetByLabel("How many weeks").FillAsync("3");
        await NextAsync(page);
        await visit("startback");
        await AnswerAsync(page, "startback", 1, 1, 1, 1, 0, 1, 0, 0, 2);
        await NextAsync(page);
        await visit("pain");
        await AnswerAsync(page, "nrs", 6);
        await AnswerAsync(page, "peg", 6, 5, 5);
        if (await page.Locator("#rmdq_1").CountAsync() > 0)
        {
            await page.GetByLabel("Made-up test statement 3 about").CheckAsync();
            await page.GetByLabel("Made-up test statement 7 about").CheckAsync();
        }

        await NextAsync(page);
        await visit("anxiety");
        await AnswerAsync(page, "gad7", 2, 2, 2, 1, 1, 1, 2);
        await NextAsync(page);
        await visit("mood");
        await AnswerAsync(page, "phq9", 1, 1, 1, 1, 0, 0, 0, 0, phq9Item9);
        await NextAsync(page);
        if (phq9Item9 > 0) await page.GetByRole(AriaRole.Heading, new() { Name = "Please talk to someone today" }).WaitForAsync();
        await visit("sleep");
        await page.GetByLabel("About how many hours").FillAsync("6");
        await page.GetByLabel("How well do you sleep").FillAsync("5");
        await NextAsync(page);
        await visit("medicines");
        await page.GetByLabel("Medicines you take").FillAsync("Xanax 0.5mg\noxycodone");
        await NextAsync(page);
        await visit("preferences");
        await page.GetByLabel("walking").CheckAsync();
        await NextAsync(page);
        await ArriveAsync(page, "**/Plan**");
    }
}
