using System.Net;
using BackCare.App.Data;
using BackCare.App.Sharing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BackCare.Web.Tests.AssessmentSteps;
using static BackCare.Web.Tests.Clinician.ClinicianSteps;

namespace BackCare.Web.Tests.Clinician;

/// <summary>Issue 16, who sees whom: one-time share codes, consent with date and scope, revocation that takes effect at once.</summary>
public sealed class SharingTests(WebFixture fixture) : IClassFixture<WebFixture>
{
    private async Task<(WebSession Web, Guid Id)> PatientAsync(string email, string name)
    {
        var web = fixture.Factory.Session();
        await web.RegisterAsync(email, name);
        await RedFlagsAndStartBackAsync(web);
        await PainAsync(web);
        await RestAsync(web);
        (await web.PostFormAsync("/Diary", ("Pain", "6"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var id = await scope.ServiceProvider.GetRequiredService<BackCareDbContext>().Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        return (web, id);
    }

    [Fact]
    public async Task A_code_shares_once_the_clinician_reads_and_is_seen_reading_and_revocation_ends_access_at_once()
    {
        var (patient, patientId) = await PatientAsync("share-patient@example.com", "Petra Sharer");
        var (clinician, _) = await StaffAsync(fixture.Factory, "share-clinician@example.com", name: "Dr Reader");
        var (colleague, _) = await StaffAsync(fixture.Factory, "share-colleague@example.com", name: "Dr Other");

        (await clinician.GetAsync($"/Clinician/Patients/{patientId}")).Status.ShouldBe(HttpStatusCode.NotFound, "nothing is shared yet");
        var code = await CreateShareCodeAsync(patient);

        // Only the hash is stored.
        await using (var scope = fixture.Factory.Services.CreateAsyncScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<BackCareDbContext>().ShareCodes.AsNoTracking().SingleAsync(c => c.PatientId == patientId);
            stored.CodeHash.ShouldNotContain(code.Replace("-", "", StringComparison.Ordinal), Case.Insensitive);
            stored.CodeHash.Length.ShouldBe(64);
        }

        var redeemed = await RedeemAsync(clinician, code.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal));
        redeemed.StatusCode.ShouldBe(HttpStatusCode.Redirect, "codes are read whatever the case and separators");
        (await RedeemAsync(colleague, code)).StatusCode.ShouldBe(HttpStatusCode.BadRequest, "a code works once");

        var (_, panel) = await clinician.GetAsync("/Clinician");
        panel.ShouldContain("Petra Sharer");
        (await colleague.GetAsync("/Clinician")).Html.ShouldNotContain("Petra Sharer");
        var (status, summary) = await clinician.GetAsync($"/Clinician/Patients/{patientId}");
        status.ShouldBe(HttpStatusCode.OK);
        summary.ShouldContain("Petra Sharer");
        (await colleague.GetAsync($"/Clinician/Patients/{patientId}")).Status.ShouldBe(HttpStatusCode.NotFound);

        // The patient sees who has access, since when, and when it was last used (from the durable audit trail).
        var (_, sharing) = await patient.GetAsync("/Sharing");
        sharing.ShouldContain("Dr Reader");
        sharing.ShouldNotContain("Dr Other");
        sharing.ShouldNotContain("Not yet", Case.Sensitive, "the clinician's read is in the audit trail");

        Guid shareId;
        await using (var scope = fixture.Factory.Services.CreateAsyncScope())
        {
            shareId = await scope.ServiceProvider.GetRequiredService<BackCareDbContext>().CareShares.Where(s => s.PatientId == patientId).Select(s => s.Id).SingleAsync();
        }

        (await patient.PostFormAsync("/Sharing", [new("shareId", shareId.ToString())], "/Sharing?handler=Revoke")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await clinician.GetAsync($"/Clinician/Patients/{patientId}")).Status.ShouldBe(HttpStatusCode.NotFound, "revocation applies to the next request");
        (await clinician.GetAsync($"/Clinician/Patients/{patientId}?handler=Pdf")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await clinician.GetAsync("/Clinician")).Html.ShouldNotContain("Petra Sharer");
        var (_, history) = await patient.GetAsync("/Sharing");
        history.ShouldContain("Nobody can see your record.");
        history.ShouldContain("Earlier access");
    }

    [Fact]
    public async Task Another_patient_cannot_revoke_a_consent_that_is_not_theirs_and_an_expired_or_cancelled_code_is_refused()
    {
        var (patient, patientId) = await PatientAsync("owner-patient@example.com", "Olive Owner");
        var (intruder, _) = await PatientAsync("intruder-patient@example.com", "Ivan Intruder");
        var (clinician, clinicianId) = await StaffAsync(fixture.Factory, "owner-clinician@example.com");
        (await RedeemAsync(clinician, await CreateShareCodeAsync(patient))).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        Guid shareId;
        await using (var scope = fixture.Factory.Services.CreateAsyncScope())
        {
            shareId = await scope.ServiceProvider.GetRequiredService<BackCareDbContext>().CareShares.Where(s => s.PatientId == patientId).Select(s => s.Id).SingleAsync();
        }

        await intruder.PostFormAsync("/Sharing", [new("shareId", shareId.ToString())], "/Sharing?handler=Revoke");
        await using (var scope = fixture.Factory.Services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<PatientAccess>().CanClinicianReadAsync(clinicianId, patientId, default)).ShouldBeTrue("only the patient revokes");
        }

        var expired = await CreateShareCodeAsync(patient);
        await using (var scope = fixture.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BackCareDbContext>();
            await db.ShareCodes.Where(c => c.PatientId == patientId && c.UsedAt == null).ExecuteUpdateAsync(s => s.SetProperty(c => c.ExpiresAt, DateTime.UnixEpoch));
        }

        var (other, _) = await StaffAsync(fixture.Factory, "late-clinician@example.com");
        (await RedeemAsync(other, expired)).StatusCode.ShouldBe(HttpStatusCode.BadRequest, "an expired code");
        var cancelled = await CreateShareCodeAsync(patient);
        Guid codeId;
        await using (var scope = fixture.Factory.Services.CreateAsyncScope())
        {
            codeId = await scope.ServiceProvider.GetRequiredService<BackCareDbContext>().ShareCodes.Where(c => c.PatientId == patientId && c.UsedAt == null && c.ExpiresAt > TimeProvider.System.GetUtcNow().UtcDateTime.AddHours(-1)).Select(c => c.Id).SingleAsync();
        }

        (await patient.PostFormAsync("/Sharing", [new("codeId", codeId.ToString())], "/Sharing?handler=Cancel")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await RedeemAsync(other, cancelled)).StatusCode.ShouldBe(HttpStatusCode.BadRequest, "a cancelled code");
        (await RedeemAsync(other, "not a code")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await other.GetAsync($"/Clinician/Patients/{patientId}")).Status.ShouldBe(HttpStatusCode.NotFound);
    }
}
