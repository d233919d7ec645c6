using System.Net;
using System.Text.RegularExpressions;
using BackCare.App.Accounts;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using static BackCare.Web.Tests.Accounts.AccountSteps;

namespace BackCare.Web.Tests.Clinician;

/// <summary>Staff sessions (two-step sign-in set up, as the app requires) and the patient's share-code step.</summary>
internal static partial class ClinicianSteps
{
    public const string Password = "correct horse battery";

    /// <summary>Creates a staff account, signs in and sets up two-step sign-in; returns the session and the account id.</summary>
    public static async Task<(WebSession Web, Guid Id)> StaffAsync(WebApplicationFactory<Program> factory, string email, string role = Roles.Clinician, string name = "Dr Test")
    {
        Guid id;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var created = await scope.ServiceProvider.GetRequiredService<AccountService>().RegisterAsync(email, name, Password, role, default);
            created.Succeeded.ShouldBeTrue();
            id = created.Value!.Id;
        }

        var web = new WebSession(factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        await web.SignInAsync(email, Password);
        var (_, setup) = await web.GetAsync("/Account/TwoFactor");
        var enabled = await web.PostFormAsync("/Account/TwoFactor", [new("Code", Totp(AuthenticatorKey(setup), TimeProvider.System.GetUtcNow()))], "/Account/TwoFactor?handler=Enable");
        enabled.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (web, id);
    }

    /// <summary>A clinician (two-step sign-in set up) with a demo practice: one patient per profile of <see cref="BackCare.App.Demo.DemoPractice"/>, 120 days of diary.</summary>
    public static async Task<(WebSession Web, Guid Clinician, IReadOnlyList<Guid> Patients)> PracticeAsync(WebApplicationFactory<Program> factory, string email, int patients = 10)
    {
        var (web, id) = await StaffAsync(factory, email);
        await using var scope = factory.Services.CreateAsyncScope();
        var ids = await scope.ServiceProvider.GetRequiredService<BackCare.App.Demo.DemoPractice>().SeedAsync(id, patients, 120, email.Split('@')[0] + ".example", Password, default);
        return (web, id, ids);
    }

    /// <summary>The patient creates a share code on their Sharing page; returns it as shown.</summary>
    public static async Task<string> CreateShareCodeAsync(WebSession patient)
    {
        var response = await patient.PostFormAsync("/Sharing", [], "/Sharing?handler=Create");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var match = ShownCode().Match(await response.Content.ReadAsStringAsync());
        match.Success.ShouldBeTrue("the page shows the new code");
        return match.Groups[1].Value;
    }

    public static Task<HttpResponseMessage> RedeemAsync(WebSession clinician, string code) =>
        clinician.PostFormAsync("/Clinician", [new("code", code)], "/Clinician?handler=Redeem");

    [GeneratedRegex("data-share-code><code>([0-9A-Z-]+)</code>")]
    private static partial Regex ShownCode();
}
