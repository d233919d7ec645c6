using System.Net;
using BackCare.App.Accounts;
using BackCare.App.Fhir;
using BackCare.Interop.Fhir;
using BackCare.Web.Tests.Accounts;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace BackCare.Web.Tests.Fhir;

/// <summary>
/// A clinician reads exactly the patients <see cref="IFhirPatientScope"/> says they may: proved with a stand-in for
/// sharing (one patient shares with the clinician, one does not). When sharing is merged, its implementation replaces
/// the stand-in and these expectations stay the same.
/// </summary>
public sealed class ClinicianScopeTests(WebFixture fixture) : IClassFixture<WebFixture>
{
    private static Guid _sharing;

    /// <summary>Stand-in for patient→clinician sharing: every clinician may read <see cref="_sharing"/>, nobody else's record.</summary>
    private sealed class OneSharedPatient : IFhirPatientScope
    {
        public System.Threading.Tasks.Task<IReadOnlyList<Guid>> ReadablePatientsAsync(FhirCaller caller, CancellationToken ct) =>
            System.Threading.Tasks.Task.FromResult<IReadOnlyList<Guid>>(caller.Role == Roles.Clinician ? [_sharing] : caller.Role == Roles.Patient ? [caller.UserId] : []);

        public async System.Threading.Tasks.Task<bool> MayReadAsync(FhirCaller caller, Guid patientId, CancellationToken ct) =>
            (await ReadablePatientsAsync(caller, ct)).Contains(patientId);
    }

    [Fact]
    public async System.Threading.Tasks.Task A_clinician_reads_only_the_patient_who_shares_with_them()
    {
        var (_, shared) = await FhirTestPatients.CreateAsync(fixture.Factory, $"share-{Guid.NewGuid():N}@example.com", "Shares Person", 5, new DateOnly(2026, 11, 30));
        var (_, private_) = await FhirTestPatients.CreateAsync(fixture.Factory, $"noshare-{Guid.NewGuid():N}@example.com", "Zprivate Person", 5, new DateOnly(2026, 11, 30));
        _sharing = shared;
        using var host = fixture.Factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddScoped<IFhirPatientScope, OneSharedPatient>()));
        var email = $"clin-{Guid.NewGuid():N}@example.com";
        await using (var scope = host.Services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<AccountService>().RegisterAsync(email, "Dr Scope", "correct horse battery", Roles.Clinician, default)).Succeeded.ShouldBeTrue();
        }

        var web = new WebSession(host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        (await web.PostFormAsync("/Account/Login", ("Email", email), ("Password", "correct horse battery"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var (_, setup) = await web.GetAsync("/Account/TwoFactor");
        var key = AccountSteps.AuthenticatorKey(setup);
        (await web.PostFormAsync("/Account/TwoFactor", [new("Code", AccountSteps.Totp(key, TimeProvider.System.GetUtcNow()))], "/Account/TwoFactor?handler=Enable")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var (status, everything) = await web.GetAsync($"/fhir/Patient/{shared:N}/$everything");
        status.ShouldBe(HttpStatusCode.OK);
        ((Bundle)FhirJson.Parse(everything).Resource!).Entry.Select(e => e.Resource).OfType<Patient>().ShouldHaveSingleItem().Id.ShouldBe(shared.ToString("N"));

        (await web.GetAsync($"/fhir/Patient/{private_:N}/$everything")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await web.GetAsync($"/fhir/Observation?patient={private_:N}")).Status.ShouldBe(HttpStatusCode.Forbidden);
        var (_, all) = await web.GetAsync("/fhir/Observation?code=72514-3&_count=200");
        var bundle = (Bundle)FhirJson.Parse(all).Resource!;
        bundle.Total.ShouldBe(6, "the sharing patient's 5 diary days and assessment pain score");
        all.ShouldNotContain(private_.ToString("N"));
        all.ShouldNotContain("Zprivate");
    }
}
