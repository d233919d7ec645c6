using System.Net;
using BackCare.App.Accounts;
using BackCare.App.Fhir;
using BackCare.App.Sharing;
using BackCare.Interop.Fhir;
using BackCare.Web.Tests.Accounts;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;

namespace BackCare.Web.Tests.Fhir;

/// <summary>
/// A clinician reads through FHIR exactly the patients who share with them (<see cref="SharedRecordScope"/>, the same
/// consent as the clinician workspace): one patient shares, one does not, and after a revocation nothing more is read.
/// </summary>
public sealed class ClinicianScopeTests(WebFixture fixture) : IClassFixture<WebFixture>
{
    [Fact]
    public async System.Threading.Tasks.Task A_clinician_reads_only_the_patient_who_shares_with_them()
    {
        var (_, shared) = await FhirTestPatients.CreateAsync(fixture.Factory, $"share-{Guid.NewGuid():N}@example.com", "Shares Person", 5, new DateOnly(2026, 11, 30));
        var (_, private_) = await FhirTestPatients.CreateAsync(fixture.Factory, $"noshare-{Guid.NewGuid():N}@example.com", "Zprivate Person", 5, new DateOnly(2026, 11, 30));
        var host = fixture.Factory;
        var (web, _, shares) = await FhirTestPatients.ClinicianAsync(host, $"clin-{Guid.NewGuid():N}@example.com", "Dr Scope", shared);
        var shareId = shares[0];

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

        // The patient withdraws: the next request reads nothing of them.
        await using (var scope = host.Services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<SharingService>().RevokeAsync(shared, shareId, default)).ShouldBeTrue();
        }

        (await web.GetAsync($"/fhir/Patient/{shared:N}/$everything")).Status.ShouldBe(HttpStatusCode.NotFound);
        var (_, after) = await web.GetAsync("/fhir/Observation?code=72514-3&_count=200");
        ((Bundle)FhirJson.Parse(after).Resource!).Total.ShouldBe(0);
    }
}
