using System.Net;
using System.Text.RegularExpressions;
using BackCare.App.Accounts;
using static BackCare.Web.Tests.Accounts.AccountSteps;
using static BackCare.Web.Tests.Clinician.ClinicianSteps;

namespace BackCare.Web.Tests.Clinician;

/// <summary>Issue 16: staff accounts are created by an admin (or the CLI) and must use two-step sign-in before the workspace opens.</summary>
public sealed partial class StaffAccountTests(WebFixture fixture) : IClassFixture<WebFixture>
{
    [Fact]
    public async Task An_admin_creates_a_clinician_who_sets_a_password_with_the_code_and_must_set_up_two_step_sign_in_first()
    {
        var (admin, _) = await StaffAsync(fixture.Factory, "staff-admin@example.com", Roles.Admin, "Ada Admin");
        var created = await admin.PostFormAsync("/Admin/Staff", ("Email", "new-clinician@example.com"), ("Name", "Dr New"), ("Role", "clinician"));
        created.StatusCode.ShouldBe(HttpStatusCode.OK);
        var code = SetupCode().Match(await created.Content.ReadAsStringAsync()).Groups[1].Value;
        code.Length.ShouldBe(32);
        (await admin.GetAsync("/Admin/Staff")).Html.ShouldContain("Dr New");
        (await admin.PostFormAsync("/Admin/Staff", ("Email", "new-clinician@example.com"), ("Role", "clinician"))).StatusCode.ShouldBe(HttpStatusCode.BadRequest, "one account per email");
        (await admin.PostFormAsync("/Admin/Staff", ("Email", "patient-by-admin@example.com"), ("Role", "patient"))).StatusCode.ShouldBe(HttpStatusCode.BadRequest, "only staff roles");

        var clinician = fixture.Factory.Session();
        (await clinician.PostFormAsync("/Account/ResetPassword", ("Email", "new-clinician@example.com"), ("Token", code), ("Password", "my own long password"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await clinician.SignInAsync("new-clinician@example.com", "my own long password");
        foreach (var url in new[] { "/Clinician", "/Clinician/Patients/" + Guid.NewGuid() })
        {
            var response = await clinician.Client.GetAsync(new Uri(url, UriKind.Relative));
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect, url);
            response.Headers.Location!.OriginalString.ShouldBe("/Account/TwoFactor", customMessage: "two-step sign-in comes first: " + url);
        }

        var (_, setup) = await clinician.GetAsync("/Account/TwoFactor");
        (await clinician.PostFormAsync("/Account/TwoFactor", [new("Code", Totp(AuthenticatorKey(setup), TimeProvider.System.GetUtcNow()))], "/Account/TwoFactor?handler=Enable")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await clinician.GetAsync("/Clinician")).Status.ShouldBe(HttpStatusCode.OK);
        (await clinician.GetAsync("/Admin/Staff")).Status.ShouldBe(HttpStatusCode.Redirect, "a clinician is not an admin");
    }

    [GeneratedRegex("data-setup-code><code>([0-9a-fA-F]+)</code>")]
    private static partial Regex SetupCode();
}
