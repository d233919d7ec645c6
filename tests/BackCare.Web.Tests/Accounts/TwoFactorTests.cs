using System.Net;
using BackCare.App.Accounts;
using Microsoft.Extensions.DependencyInjection;
using static BackCare.Web.Tests.Accounts.AccountSteps;

namespace BackCare.Web.Tests.Accounts;

/// <summary>Issue 13 §1: two-step sign-in (TOTP) for every account, required for clinicians and admins.</summary>
public sealed class TwoFactorTests(WebFixture fixture) : IClassFixture<WebFixture>
{
    private async Task RegisterAsync(string email, string role)
    {
        using var scope = fixture.Factory.Services.CreateScope();
        (await scope.ServiceProvider.GetRequiredService<AccountService>().RegisterAsync(email, "Staff", "correct horse battery", role, default)).Succeeded.ShouldBeTrue();
    }

    [Theory]
    [InlineData(Roles.Clinician)]
    [InlineData(Roles.Admin)]
    public async Task Staff_without_two_factor_are_sent_to_set_it_up_before_anything_else(string role)
    {
        var email = $"{role}-setup@example.com";
        await RegisterAsync(email, role);
        var web = fixture.Factory.Session();
        await web.SignInAsync(email);
        foreach (var url in new[] { "/", "/Learn", "/Guides", "/Account/ChangePassword", "/Account/Export" })
        {
            var response = await web.Client.GetAsync(new Uri(url, UriKind.Relative));
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect, url);
            response.Headers.Location!.OriginalString.ShouldBe("/Account/TwoFactor", customMessage: url);
        }

        var (status, setup) = await web.GetAsync("/Account/TwoFactor");
        status.ShouldBe(HttpStatusCode.OK);
        setup.ShouldContain("Your role needs two-step sign-in");
        var key = AuthenticatorKey(setup);
        (await web.PostFormAsync("/Account/TwoFactor", [new("Code", "000000")], "/Account/TwoFactor?handler=Enable")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var enabled = await web.PostFormAsync("/Account/TwoFactor", [new("Code", Totp(key, TimeProvider.System.GetUtcNow()))], "/Account/TwoFactor?handler=Enable");
        enabled.StatusCode.ShouldBe(HttpStatusCode.OK);
        var recovery = System.Text.RegularExpressions.Regex.Matches(await enabled.Content.ReadAsStringAsync(), "<li><code>([^<]+)</code></li>").Select(m => m.Groups[1].Value).ToList();
        recovery.Count.ShouldBe(10);
        (await web.GetAsync("/")).Status.ShouldBe(HttpStatusCode.OK, "with two-factor on, the session goes on");

        // Next sign-in: the password alone is not enough; a recovery code (or the app's code) completes it.
        var next = fixture.Factory.Session();
        var password = await next.PostFormAsync("/Account/Login", ("Email", email), ("Password", "correct horse battery"));
        password.Headers.Location!.OriginalString.ShouldStartWith("/Account/LoginWith2fa");
        (await next.Client.GetAsync(new Uri("/", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await next.GetAsync("/Account/ChangePassword")).Status.ShouldBe(HttpStatusCode.Redirect, "not signed in before the second step");
        (await next.PostFormAsync("/Account/LoginWith2fa", ("Code", "123456"))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var second = await next.PostFormAsync("/Account/LoginWith2fa", ("Code", recovery[0]));
        second.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await next.GetAsync("/Account/TwoFactor")).Html.ShouldContain("Two-step sign-in is on.");

        // Staff cannot turn it off.
        (await next.PostFormAsync("/Account/TwoFactor", [], "/Account/TwoFactor?handler=Disable")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_patient_may_turn_two_factor_on_and_off_and_is_never_forced()
    {
        var web = fixture.Factory.Session();
        await web.RegisterAsync("patient-2fa@example.com");
        (await web.GetAsync("/Diary")).Status.ShouldBe(HttpStatusCode.OK);
        var (_, setup) = await web.GetAsync("/Account/TwoFactor");
        setup.ShouldNotContain("Your role needs two-step sign-in");
        var enabled = await web.PostFormAsync("/Account/TwoFactor", [new("Code", Totp(AuthenticatorKey(setup), TimeProvider.System.GetUtcNow()))], "/Account/TwoFactor?handler=Enable");
        enabled.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await web.PostFormAsync("/Account/TwoFactor", [], "/Account/TwoFactor?handler=Disable")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await fixture.Factory.Session().SignInAsync("patient-2fa@example.com");
    }
}
