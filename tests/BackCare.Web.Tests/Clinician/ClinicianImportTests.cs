using System.Net;
using BackCare.App.Auditing;
using BackCare.App.Data;
using BackCare.App.Sharing;
using BackCare.Clinical.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BackCare.Web.Tests.Clinician.ClinicianSteps;

namespace BackCare.Web.Tests.Clinician;

/// <summary>
/// Issue 17, import by a clinician: only into the record of a patient who allowed it when sharing (or later on the
/// Sharing page), with the same import as the patient's own, audited as the clinician's; read-only sharing, no sharing
/// and revoked sharing store nothing.
/// </summary>
public sealed class ClinicianImportTests(WebFixture fixture) : IClassFixture<WebFixture>
{
    private static string Collection(params string[] resources) =>
        $"{{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{string.Join(',', resources.Select(r => $"{{\"resource\":{r}}}"))}]}}";

    private static readonly string Bundle = Collection(
        "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"72514-3\"}]},\"effectiveDateTime\":\"2026-11-20\",\"valueInteger\":6}",
        "{\"resourceType\":\"MedicationStatement\",\"status\":\"active\",\"medicationCodeableConcept\":{\"text\":\"naproxen\"},\"subject\":{\"reference\":\"http://hl7.org/fhir/Patient/proband\"}}",
        File.ReadAllText(Path.Combine(RepoPaths.External, "questionnaires", "hl7-sdc-phq9", "questionnaireresponse-sdc-profile-example-PHQ9.json")));

    private async Task<(WebSession Web, Guid Id)> PatientAsync(string name)
    {
        var web = fixture.Factory.Session();
        var email = $"cimport-{Guid.NewGuid():N}@example.com";
        await web.RegisterAsync(email, name);
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        return (web, await scope.ServiceProvider.GetRequiredService<BackCareDbContext>().Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
    }

    private static async Task<string> ShareAsync(WebSession patient, bool allowImport)
    {
        var fields = allowImport ? [new("allowImport", "true")] : new List<KeyValuePair<string, string>>();
        var response = await patient.PostFormAsync("/Sharing", fields, "/Sharing?handler=Create");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        return System.Text.RegularExpressions.Regex.Match(html, "data-share-code><code>([0-9A-Z-]+)</code>").Groups[1].Value;
    }

    private static async Task<(HttpStatusCode Status, string Html)> ImportAsync(WebSession clinician, Guid patient, string json)
    {
        var response = await clinician.PostFormAsync($"/Clinician/Patients/Import/{patient}", [new("Pasted", json)]);
        return (response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    private async Task<(int Diary, int Medicines, int Responses)> StoredAsync(Guid patient)
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BackCareDbContext>();
        return (await db.DiaryEntries.CountAsync(e => e.UserId == patient), await db.ImportedMedications.CountAsync(m => m.UserId == patient), await db.ImportedResponses.CountAsync(r => r.UserId == patient));
    }

    [Fact]
    public async Task A_clinician_the_patient_allowed_imports_into_that_record_scored_by_BackCare_with_the_self_harm_alert_and_audited_as_theirs()
    {
        var (patient, patientId) = await PatientAsync("Ida Importee");
        var (clinician, clinicianId) = await StaffAsync(fixture.Factory, $"cimport-dr-{Guid.NewGuid():N}@example.com", name: "Dr Bringer");
        (await RedeemAsync(clinician, await ShareAsync(patient, allowImport: true))).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var (_, sharing) = await patient.GetAsync("/Sharing");
        sharing.ShouldContain("adding records from their clinic", customMessage: "the patient sees what the clinician may do");
        var (_, summary) = await clinician.GetAsync($"/Clinician/Patients/{patientId}");
        summary.ShouldContain($"/Clinician/Patients/Import/{patientId}");
        (await clinician.GetAsync($"/Clinician/Patients/Import/{patientId}")).Status.ShouldBe(HttpStatusCode.OK);

        var (status, html) = await ImportAsync(clinician, patientId, Bundle);
        status.ShouldBe(HttpStatusCode.OK, html);
        html.ShouldContain("pain 6 on 2026-11-20 added to the patient's diary");
        html.ShouldContain("naproxen added to the patient's medicines");
        html.ShouldContain("scored 10 by BackCare; the response stated 13, which BackCare did not use");
        html.ShouldContain("An imported PHQ-9 answers question 9 above \"not at all\": Thoughts of self-harm or suicide");
        html.ShouldNotContain("your diary");
        (await StoredAsync(patientId)).ShouldBe((1, 1, 1));

        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BackCareDbContext>();
        (await db.AuditEntries.CountAsync(a => a.Action == "import" && a.ResourceType == "fhir_bundle" && a.ResourceId == patientId.ToString("N") && a.Actor == AuditLog.UserActor(clinicianId)))
            .ShouldBe(1, "the import is the clinician's, in the durable audit trail");

        // The patient's own view of their record has what the clinician brought in.
        (await patient.GetAsync("/Diary")).Html.ShouldContain("2026-11-20");

        // The imported PHQ-9 is the newest (there is no assessment): its item 9 raises the self-harm alert on the panel and summary.
        var (_, panel) = await clinician.GetAsync("/Clinician?q=Ida");
        panel.ShouldContain("PHQ-9 item 9 / self-harm");
        var (_, after) = await clinician.GetAsync($"/Clinician/Patients/{patientId}");
        WebUtility.HtmlDecode(after).ShouldContain("Thoughts of self-harm or suicide (as in PHQ-9 item 9)");

        // The patient has no assessment yet (the plan sends them to it): the assessment page shows the crisis message first.
        (await patient.GetAsync("/Assessment")).Html.ShouldContain("crisis-title");
    }

    [Fact]
    public async Task Read_only_sharing_refuses_the_import_until_the_patient_allows_it_and_again_after_they_stop_it()
    {
        var (patient, patientId) = await PatientAsync("Rita Readonly");
        var (clinician, _) = await StaffAsync(fixture.Factory, $"cimport-ro-{Guid.NewGuid():N}@example.com", name: "Dr Reader");
        (await RedeemAsync(clinician, await ShareAsync(patient, allowImport: false))).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        (await clinician.GetAsync($"/Clinician/Patients/{patientId}")).Html.ShouldNotContain("/Clinician/Patients/Import/");
        var (getStatus, page) = await clinician.GetAsync($"/Clinician/Patients/Import/{patientId}");
        getStatus.ShouldBe(HttpStatusCode.Forbidden);
        page.ShouldContain("to read only");
        (await ImportAsync(clinician, patientId, Bundle)).Status.ShouldBe(HttpStatusCode.Forbidden);
        (await StoredAsync(patientId)).ShouldBe((0, 0, 0));

        Guid shareId;
        await using (var scope = fixture.Factory.Services.CreateAsyncScope())
        {
            shareId = await scope.ServiceProvider.GetRequiredService<BackCareDbContext>().CareShares.Where(s => s.PatientId == patientId).Select(s => s.Id).SingleAsync();
        }

        var (intruder, _) = await PatientAsync("Ivan Intruder");
        var meddled = await intruder.PostFormAsync("/Sharing", [new("shareId", shareId.ToString()), new("allow", "true")], "/Sharing?handler=Import");
        meddled.Headers.Location!.OriginalString.ShouldNotContain("import-allowed", customMessage: "another patient's consent is not theirs to change");
        (await ImportAsync(clinician, patientId, Bundle)).Status.ShouldBe(HttpStatusCode.Forbidden);

        var allowed = await patient.PostFormAsync("/Sharing", [new("shareId", shareId.ToString()), new("allow", "true")], "/Sharing?handler=Import");
        allowed.Headers.Location!.OriginalString.ShouldContain("import-allowed");
        (await ImportAsync(clinician, patientId, Bundle)).Status.ShouldBe(HttpStatusCode.OK);
        (await StoredAsync(patientId)).ShouldBe((1, 1, 1));

        var stopped = await patient.PostFormAsync("/Sharing", [new("shareId", shareId.ToString()), new("allow", "false")], "/Sharing?handler=Import");
        stopped.Headers.Location!.OriginalString.ShouldContain("import-stopped");
        var later = Collection("{\"resourceType\":\"MedicationStatement\",\"status\":\"active\",\"medicationCodeableConcept\":{\"text\":\"paracetamol\"},\"subject\":{\"reference\":\"http://hl7.org/fhir/Patient/proband\"}}");
        (await ImportAsync(clinician, patientId, later)).Status.ShouldBe(HttpStatusCode.Forbidden);
        (await StoredAsync(patientId)).ShouldBe((1, 1, 1), "nothing more after the patient stopped it");
        (await clinician.GetAsync($"/Clinician/Patients/{patientId}")).Status.ShouldBe(HttpStatusCode.OK, "reading goes on");
    }

    [Fact]
    public async Task No_sharing_revoked_sharing_and_another_clinicians_share_give_404_and_store_nothing()
    {
        var (patient, patientId) = await PatientAsync("Nora Nobody");
        var (clinician, clinicianId) = await StaffAsync(fixture.Factory, $"cimport-ns-{Guid.NewGuid():N}@example.com", name: "Dr Stranger");
        var (colleague, _) = await StaffAsync(fixture.Factory, $"cimport-co-{Guid.NewGuid():N}@example.com", name: "Dr Colleague");

        (await clinician.GetAsync($"/Clinician/Patients/Import/{patientId}")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await ImportAsync(clinician, patientId, Bundle)).Status.ShouldBe(HttpStatusCode.NotFound);
        (await ImportAsync(clinician, Guid.NewGuid(), Bundle)).Status.ShouldBe(HttpStatusCode.NotFound, "an unknown id answers the same");

        (await RedeemAsync(clinician, await ShareAsync(patient, allowImport: true))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var (status, html) = await ImportAsync(colleague, patientId, Bundle);
        status.ShouldBe(HttpStatusCode.NotFound, "sharing with one clinician opens nothing to another");
        html.ShouldNotContain("Nora Nobody");

        await using (var scope = fixture.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BackCareDbContext>();
            var share = await db.CareShares.SingleAsync(s => s.PatientId == patientId && s.ClinicianId == clinicianId);
            (await scope.ServiceProvider.GetRequiredService<SharingService>().RevokeAsync(patientId, share.Id, default)).ShouldBeTrue();
        }

        (await ImportAsync(clinician, patientId, Bundle)).Status.ShouldBe(HttpStatusCode.NotFound, "revocation applies to the next request");
        (await StoredAsync(patientId)).ShouldBe((0, 0, 0));
    }

    [Fact]
    public async Task An_assessment_newer_than_the_imported_PHQ9_decides_the_self_harm_alert()
    {
        var (patient, patientId) = await PatientAsync("Olga Older");
        await AssessmentSteps.RedFlagsAndStartBackAsync(patient);
        await AssessmentSteps.PainAsync(patient);
        await AssessmentSteps.RestAsync(patient);
        var (clinician, _) = await StaffAsync(fixture.Factory, $"cimport-old-{Guid.NewGuid():N}@example.com", name: "Dr Dates");
        (await RedeemAsync(clinician, await ShareAsync(patient, allowImport: true))).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        // The HL7 example was authored in 2019, before today's assessment, whose PHQ-9 answers item 9 "not at all".
        var (status, html) = await ImportAsync(clinician, patientId, Bundle);
        status.ShouldBe(HttpStatusCode.OK, html);
        html.ShouldContain("An imported PHQ-9 answers question 9", customMessage: "the import itself still says so");
        var (_, panel) = await clinician.GetAsync("/Clinician?q=Olga");
        panel.ShouldContain("Olga Older");
        panel.ShouldNotContain("PHQ-9 item 9 / self-harm");
        (await patient.GetAsync("/Plan")).Html.ShouldNotContain("crisis-title", customMessage: "the newer assessment decides for the patient too");

        // A PHQ-9 the clinician brings in that is newer than the assessment (authored now, to the millisecond) decides: the panel alert and the patient's crisis message.
        var newer = File.ReadAllText(Path.Combine(RepoPaths.External, "questionnaires", "hl7-sdc-phq9", "questionnaireresponse-sdc-profile-example-PHQ9.json"))
            .Replace("2019-08-21T20:36:57.544Z", TimeProvider.System.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        (await ImportAsync(clinician, patientId, Collection(newer))).Status.ShouldBe(HttpStatusCode.OK);
        (await clinician.GetAsync("/Clinician?q=Olga")).Html.ShouldContain("PHQ-9 item 9 / self-harm");
        var (_, plan) = await patient.GetAsync("/Plan");
        plan.ShouldContain("crisis-title");
    }

    [Fact]
    public async Task With_both_the_assessment_and_a_newer_import_answering_item_9_the_crisis_message_is_shown_once_and_empty_imports_are_audited()
    {
        var (patient, patientId) = await PatientAsync("Una Once");
        await AssessmentSteps.RedFlagsAndStartBackAsync(patient);
        await AssessmentSteps.PainAsync(patient);
        await AssessmentSteps.PostAsync(patient, "anxiety", AssessmentSteps.Instrument("gad7", "0", "1", "0", "0", "0", "0", "0"));
        await AssessmentSteps.PostAsync(patient, "mood", AssessmentSteps.Instrument("phq9", "0", "0", "1", "0", "0", "0", "0", "0", "1"));
        await AssessmentSteps.PostAsync(patient, "sleep", [("hoursPerNight", "7"), ("quality", "6")]);
        await AssessmentSteps.PostAsync(patient, "medicines", [("medicines", "")]);
        await AssessmentSteps.PreferencesAsync(patient);
        var (clinician, clinicianId) = await StaffAsync(fixture.Factory, $"cimport-once-{Guid.NewGuid():N}@example.com", name: "Dr Once");
        (await RedeemAsync(clinician, await ShareAsync(patient, allowImport: true))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        CountOf((await patient.GetAsync("/Plan")).Html, "id=\"crisis-title\"").ShouldBe(1, "the assessment's own item 9");

        var newer = File.ReadAllText(Path.Combine(RepoPaths.External, "questionnaires", "hl7-sdc-phq9", "questionnaireresponse-sdc-profile-example-PHQ9.json"))
            .Replace("2019-08-21T20:36:57.544Z", TimeProvider.System.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        (await ImportAsync(clinician, patientId, Collection(newer))).Status.ShouldBe(HttpStatusCode.OK);
        CountOf((await patient.GetAsync("/Plan")).Html, "id=\"crisis-title\"").ShouldBe(1, "shown once, not once per source");

        // An import that adds nothing is still the clinician's look at the record, in the audit trail.
        var encounter = Collection("{\"resourceType\":\"Encounter\",\"status\":\"finished\",\"class\":{\"code\":\"AMB\"}}");
        (await ImportAsync(clinician, patientId, encounter)).Html.ShouldContain("BackCare does not keep Encounter resources");
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<BackCareDbContext>().AuditEntries.CountAsync(a => a.Action == "import_none" && a.ResourceId == patientId.ToString("N") && a.Actor == AuditLog.UserActor(clinicianId)))
            .ShouldBe(1);
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    [Fact]
    public async Task A_later_code_never_widens_an_existing_consent_and_a_read_only_code_narrows_it()
    {
        var (patient, patientId) = await PatientAsync("Cora Chooser");
        var (clinician, clinicianId) = await StaffAsync(fixture.Factory, $"cimport-nc-{Guid.NewGuid():N}@example.com", name: "Dr Again");
        var importCode = await ShareAsync(patient, allowImport: true);
        (await patient.GetAsync("/Sharing")).Html.ShouldContain("adding records from their clinic", customMessage: "a pending code says what it allows");
        (await RedeemAsync(clinician, await ShareAsync(patient, allowImport: false))).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        async Task<string> ScopeAsync()
        {
            await using var scope = fixture.Factory.Services.CreateAsyncScope();
            var shares = await scope.ServiceProvider.GetRequiredService<BackCareDbContext>().CareShares.AsNoTracking()
                .Where(s => s.PatientId == patientId && s.ClinicianId == clinicianId).ToListAsync();
            return shares.ShouldHaveSingleItem("one consent per clinician").Scope;
        }

        // The older code that allowed adding records is spent on the existing read-only consent without widening it.
        (await RedeemAsync(clinician, importCode)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await ScopeAsync()).ShouldBe(ShareScopes.Record);
        (await ImportAsync(clinician, patientId, Bundle)).Status.ShouldBe(HttpStatusCode.Forbidden);

        // Allowed on the Sharing page; then a read-only code narrows it again.
        Guid shareId;
        await using (var scope = fixture.Factory.Services.CreateAsyncScope())
        {
            shareId = await scope.ServiceProvider.GetRequiredService<BackCareDbContext>().CareShares.Where(s => s.PatientId == patientId).Select(s => s.Id).SingleAsync();
        }

        (await patient.PostFormAsync("/Sharing", [new("shareId", shareId.ToString()), new("allow", "true")], "/Sharing?handler=Import")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await ScopeAsync()).ShouldBe(ShareScopes.RecordAndImport);
        (await RedeemAsync(clinician, await ShareAsync(patient, allowImport: false))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await ScopeAsync()).ShouldBe(ShareScopes.Record);

        await using (var scope = fixture.Factory.Services.CreateAsyncScope())
        {
            var actions = await scope.ServiceProvider.GetRequiredService<BackCareDbContext>().AuditEntries.AsNoTracking()
                .Where(a => a.ResourceType == "care_share" && a.ResourceId == shareId.ToString("N")).Select(a => a.Action).ToListAsync();
            actions.ShouldContain("allow_import");
            actions.ShouldContain("stop_import");
        }
    }
}
