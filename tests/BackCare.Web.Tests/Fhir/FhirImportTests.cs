using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using BackCare.App.Data;
using BackCare.Clinical.Tests;
using BackCare.Interop.Fhir;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BackCare.Web.Tests.Fhir;

/// <summary>Importing a FHIR Bundle into one's own record, through the import page and POST /fhir.</summary>
public sealed partial class FhirImportTests(WebFixture fixture) : IClassFixture<WebFixture>
{
    private static readonly DateOnly LastDay = new(2026, 11, 30);

    private static string External(params string[] parts) => File.ReadAllText(Path.Combine([RepoPaths.External, .. parts]));

    private static string Collection(params string[] resources) =>
        $"{{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{string.Join(',', resources.Select(r => $"{{\"resource\":{r}}}"))}]}}";

    private static string Pain(string date, string value, string status = "final") =>
        $"{{\"resourceType\":\"Observation\",\"status\":\"{status}\",\"code\":{{\"coding\":[{{\"system\":\"http://loinc.org\",\"code\":\"72514-3\"}}]}},\"effectiveDateTime\":\"{date}\",\"valueInteger\":{value}}}";

    private async Task<(WebSession Web, Guid Id)> NewPatientAsync(string name = "Import Person")
    {
        var web = fixture.Factory.Session();
        var email = $"import-{Guid.NewGuid():N}@example.com";
        await web.RegisterAsync(email, name);
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var id = (await scope.ServiceProvider.GetRequiredService<BackCareDbContext>().Users.SingleAsync(u => u.Email == email)).Id;
        return (web, id);
    }

    private static async Task<(HttpStatusCode Status, string Html)> ImportPageAsync(WebSession web, string json)
    {
        var response = await web.PostFormAsync("/Account/Import", ("Pasted", json));
        return (response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    private static async Task<Bundle> EverythingAsync(WebSession web, Guid id) =>
        (Bundle)FhirJson.Parse(await web.Client.GetStringAsync(new Uri($"/fhir/Patient/{id:N}/$everything", UriKind.Relative))).Resource!;

    [Fact]
    public async System.Threading.Tasks.Task The_HL7_SDC_PHQ9_example_is_scored_10_by_BackCare_not_its_stated_13_and_shows_the_crisis_message()
    {
        var (web, id) = await NewPatientAsync();
        var response = External("questionnaires", "hl7-sdc-phq9", "questionnaireresponse-sdc-profile-example-PHQ9.json");
        var (status, html) = await ImportPageAsync(web, Collection(response));
        status.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("scored 10 by BackCare; the response stated 13, which BackCare did not use");
        html.ShouldContain("crisis-title", customMessage: "item 9 was answered above zero");

        var everything = await EverythingAsync(web, id);
        var total = everything.Entry.Select(e => e.Resource).OfType<Observation>().Single(o => o.Code.Coding[0].Code == "44261-6");
        ((Integer)total.Value!).Value!.Value.ShouldBe(10);
        FhirValidator.Default.Validate(everything).Errors.ShouldBeEmpty();
    }

    [Fact]
    public async System.Threading.Tasks.Task A_whole_exported_record_round_trips_into_another_account_and_a_second_import_adds_nothing()
    {
        var (source, sourceId) = await FhirTestPatients.CreateAsync(fixture.Factory, $"import-src-{Guid.NewGuid():N}@example.com", "Source Person", 20, LastDay);
        var exported = await source.Client.GetStringAsync(new Uri("/Account/Export?handler=Fhir", UriKind.Relative));
        var (target, targetId) = await NewPatientAsync("Target Person");

        var (status, html) = await ImportPageAsync(target, exported);
        status.ShouldBe(HttpStatusCode.OK, html);
        html.ShouldNotContain("Could not be used");
        var before = Summary(await EverythingAsync(source, sourceId));
        var after = Summary(await EverythingAsync(target, targetId));
        after.ShouldBe(before);

        var (_, again) = await ImportPageAsync(target, exported);
        again.ShouldContain("Nothing new was added.");
        Summary(await EverythingAsync(target, targetId)).ShouldBe(before);
    }

    /// <summary>The clinical content of a record, without ids: questionnaire answers, scores, pain by day, medicines.</summary>
    private static List<string> Summary(Bundle bundle) =>
    [
        .. bundle.Entry.Select(e => e.Resource).Select(r => r switch
        {
            QuestionnaireResponse q => $"QR {q.Questionnaire} {q.Authored} " + string.Join(",", q.Item.Select(i => ((Coding)i.Answer[0].Value!).Code)),
            Observation o => $"Obs {o.Code.Coding[0].Code} {(o.Effective as FhirDateTime)?.Value} {FhirJson.Serialize(o.Value!)}",
            MedicationStatement m => $"Med {((CodeableConcept)m.Medication).Text}",
            _ => null,
        }).OfType<string>().Order(StringComparer.Ordinal),
    ];

    [Fact]
    public async System.Threading.Tasks.Task Every_entry_that_cannot_be_used_is_reported_with_its_reason_and_the_rest_is_imported()
    {
        var (web, id) = await NewPatientAsync();
        var bundle = Collection(
            Pain("2026-11-20", "4"),
            Pain("2026-11-21", "11"),
            Pain("2099-01-01", "3"),
            Pain("2026-11-22", "5", "preliminary"),
            "{\"resourceType\":\"Encounter\",\"status\":\"finished\",\"class\":{\"code\":\"AMB\"}}",
            "{\"resourceType\":\"QuestionnaireResponse\",\"status\":\"in-progress\",\"questionnaire\":\"urn:backcare:questionnaire:gad7\",\"authored\":\"2026-11-01\"}",
            "{\"resourceType\":\"MedicationStatement\",\"status\":\"stopped\",\"medicationCodeableConcept\":{\"text\":\"naproxen\"},\"subject\":{\"reference\":\"Patient/example\"}}",
            "{\"resourceType\":\"MedicationStatement\",\"status\":\"active\",\"medicationCodeableConcept\":{\"text\":\"paracetamol\"},\"subject\":{\"reference\":\"Patient/example\"}}",
            External("fhir-r4", "official-examples-via-fhir-test-cases", "observation-example.json"));
        var (status, html) = await ImportPageAsync(web, bundle);
        status.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("pain 4 on 2026-11-20 added to your diary");
        html.ShouldContain("paracetamol added to your medicines");
        html.ShouldContain("a pain score is a whole number from 0 to 10");
        html.ShouldContain("2099-01-01 is in the future");
        html.ShouldContain("only final pain scores are imported (status: preliminary)");
        html.ShouldContain("BackCare does not keep Encounter resources");
        html.ShouldContain("only completed questionnaires are imported (status: inprogress)");
        html.ShouldContain("only medicines taken now are added to your list (status: stopped)");
        html.ShouldContain("only pain scores (LOINC 72514-3) become diary entries");
        Regex.Count(html, "<li>Item \\d+").ShouldBe(9);

        var everything = Summary(await EverythingAsync(web, id));
        everything.ShouldBe(["Med paracetamol", "Obs 72514-3 2026-11-20 {\"value\":4}"]);
    }

    [Fact]
    public async System.Threading.Tasks.Task A_transaction_Bundle_with_one_bad_entry_imports_nothing()
    {
        var (web, id) = await NewPatientAsync();
        var bundle = Collection(Pain("2026-11-20", "4"), Pain("2026-11-21", "12")).Replace("\"collection\"", "\"transaction\"", StringComparison.Ordinal);
        var (status, html) = await ImportPageAsync(web, bundle);
        status.ShouldBe(HttpStatusCode.BadRequest);
        html.ShouldContain("imported whole or not at all");
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<BackCareDbContext>().DiaryEntries.CountAsync(e => e.UserId == id)).ShouldBe(0);
    }

    [Fact]
    public async System.Threading.Tasks.Task The_official_MedicationStatement_example_is_imported_from_its_contained_Medication()
    {
        var (web, id) = await NewPatientAsync();
        var (status, html) = await ImportPageAsync(web, Collection(External("fhir-r4", "official-examples-via-fhir-test-cases", "medicationstatementexample1.json")));
        status.ShouldBe(HttpStatusCode.OK, html);
        var medicines = (await EverythingAsync(web, id)).Entry.Select(e => e.Resource).OfType<MedicationStatement>().ToList();
        medicines.ShouldHaveSingleItem();
        ((CodeableConcept)medicines[0].Medication).Text.ShouldNotBeNullOrEmpty();
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"resourceType\":\"Patient\"}")]
    [InlineData("{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"resource\":{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"x\"},\"subject\":{\"reference\":\"Patient/a\"}}},{\"resource\":{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"x\"},\"subject\":{\"reference\":\"Patient/b\"}}}]}")]
    public async System.Threading.Tasks.Task A_file_that_is_not_one_persons_Bundle_is_refused_whole(string json)
    {
        var (web, _) = await NewPatientAsync();
        var (status, html) = await ImportPageAsync(web, json);
        status.ShouldBe(HttpStatusCode.BadRequest);
        html.ShouldContain("Nothing was added:");
    }

    [Fact]
    public async System.Threading.Tasks.Task POST_fhir_needs_the_antiforgery_token_from_a_browser_session_and_answers_an_OperationOutcome()
    {
        var (web, id) = await NewPatientAsync();
        using var bare = new StringContent(Collection(Pain("2026-11-19", "6")), Encoding.UTF8, "application/fhir+json");
        var refused = await web.Client.PostAsync(new Uri("/fhir", UriKind.Relative), bare);
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var (_, page) = await web.GetAsync("/Account/Import");
        var token = TokenField().Match(page).Groups[1].Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/fhir", UriKind.Relative)) { Content = new StringContent(Collection(Pain("2026-11-19", "6")), Encoding.UTF8, "application/fhir+json") };
        request.Headers.Add("RequestVerificationToken", token);
        var accepted = await web.Client.SendAsync(request);
        accepted.StatusCode.ShouldBe(HttpStatusCode.OK);
        var outcome = (OperationOutcome)FhirJson.Parse(await accepted.Content.ReadAsStringAsync()).Resource!;
        outcome.Issue.ShouldHaveSingleItem().Diagnostics.ShouldBe("pain 6 on 2026-11-19 added to your diary");
        outcome.Issue[0].Expression.ShouldBe(["Bundle.entry[0]"]);
        (await EverythingAsync(web, id)).Entry.Select(e => e.Resource).OfType<Observation>().ShouldHaveSingleItem();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
