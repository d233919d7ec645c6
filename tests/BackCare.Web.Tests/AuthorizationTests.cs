using System.Net;

namespace BackCare.Web.Tests;

/// <summary>Patient A can never read or change patient B's anything, by any URL; anonymous visitors see no health data.</summary>
public sealed class AuthorizationTests(WebFixture fixture) : IClassFixture<WebFixture>
{
    public static TheoryData<string> HealthPages => new("/Assessment", "/Plan", "/Diary", "/Progress", "/Medicines", "/Reminders", "/Account/Export", "/Account/Export?handler=Csv", "/Account/Export?handler=Fhir", "/Account/Delete");

    [Theory]
    [MemberData(nameof(HealthPages))]
    public async Task Anonymous_visitors_are_sent_to_sign_in(string url)
    {
        var response = await fixture.Factory.Session().Client.GetAsync(new Uri(url, UriKind.Relative));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldStartWith("http://localhost/Account/Login");
    }

    [Fact]
    public async Task One_patient_never_sees_or_changes_another_patients_diary()
    {
        var alice = fixture.Factory.Session();
        await alice.RegisterAsync("alice@example.com");
        await alice.PostFormAsync("/Diary", ("Pain", "7"), ("Note", "alice private note"));

        var bob = fixture.Factory.Session();
        await bob.RegisterAsync("bob@example.com");
        foreach (var url in new[] { "/Diary", "/Progress", "/Account/Export?handler=Csv", "/Account/Export?handler=Fhir" })
        {
            var (_, body) = await bob.GetAsync(url);
            body.ShouldNotContain("alice private note", customMessage: url);
        }

        var today = TimeProvider.System.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var (_, edit) = await bob.GetAsync($"/Diary?date={today}");
        edit.ShouldNotContain("alice private note");

        // Bob posting a check-in for the same date writes only Bob's own entry.
        await bob.PostFormAsync($"/Diary?date={today}", ("Pain", "1"), ("Note", "bob note"));
        var (_, aliceView) = await alice.GetAsync("/Diary");
        aliceView.ShouldContain("alice private note");
        aliceView.ShouldNotContain("bob note");
    }

    [Fact]
    public async Task Forms_without_an_anti_forgery_token_are_rejected()
    {
        var web = fixture.Factory.Session();
        await web.RegisterAsync("csrf@example.com");
        var response = await web.Client.PostAsync(new Uri("/Diary", UriKind.Relative), new FormUrlEncodedContent([new("Pain", "5")]));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Responses_carry_security_headers_and_a_CSP_without_inline_script()
    {
        var response = await fixture.Factory.Session().Client.GetAsync(new Uri("/Learn", UriKind.Relative));
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        csp.ShouldContain("script-src 'self'");
        csp.ShouldNotContain("unsafe-inline");
        response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
        var html = await response.Content.ReadAsStringAsync();
        System.Text.RegularExpressions.Regex.IsMatch(html, "<script(?![^>]*src=)").ShouldBeFalse("no inline scripts");
        html.ShouldNotContain("style=\"");
    }

    [Fact]
    public async Task A_clinician_account_lands_on_the_home_page_and_is_refused_patient_records_plainly()
    {
        using (var scope = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.CreateScope(fixture.Factory.Services))
        {
            var accounts = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<BackCare.App.Accounts.AccountService>(scope.ServiceProvider);
            (await accounts.RegisterAsync("dr@example.com", "Dr Test", "correct horse battery", BackCare.App.Accounts.Roles.Clinician, default)).Succeeded.ShouldBeTrue();
        }

        var clinician = fixture.Factory.Session();
        var signIn = await clinician.PostFormAsync("/Account/Login", ("Email", "dr@example.com"), ("Password", "correct horse battery"));
        signIn.Headers.Location!.OriginalString.ShouldBe("/");

        // Clinicians must set up two-step sign-in before anything else (issue 13).
        var home = await clinician.Client.GetAsync(new Uri("/", UriKind.Relative));
        home.Headers.Location!.OriginalString.ShouldBe("/Account/TwoFactor");
        var (_, setup) = await clinician.GetAsync("/Account/TwoFactor");
        var code = Accounts.AccountSteps.Totp(Accounts.AccountSteps.AuthenticatorKey(setup), TimeProvider.System.GetUtcNow());
        (await clinician.PostFormAsync("/Account/TwoFactor", [new("Code", code)], "/Account/TwoFactor?handler=Enable")).StatusCode.ShouldBe(HttpStatusCode.OK);
        foreach (var url in HealthPages)
        {
            var response = await clinician.Client.GetAsync(new Uri(url, UriKind.Relative));
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect, url);
            response.Headers.Location!.OriginalString.ShouldStartWith("http://localhost/Account/AccessDenied", customMessage: url);
        }

        var (status, html) = await clinician.GetAsync("/Account/AccessDenied");
        status.ShouldBe(HttpStatusCode.Forbidden);
        html.ShouldContain("only that patient can open it");
    }
}
