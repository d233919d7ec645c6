using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using BackCare.App.Data;
using BackCare.Interop.Fhir;
using BackCare.Interop.Fhir.Search;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BackCare.Web.Tests.Fhir;

/// <summary>The /fhir REST API through the real host, as the patient's own signed-in browser session.</summary>
public sealed class FhirApiTests(WebFixture fixture) : IClassFixture<WebFixture>, IAsyncLifetime
{
    private static readonly DateOnly LastDay = new(2026, 11, 30);
    private WebSession _web = null!;
    private string _id = "";

    public async System.Threading.Tasks.Task InitializeAsync()
    {
        var email = $"fhir-{Guid.NewGuid():N}@example.com";
        var (web, id) = await FhirTestPatients.CreateAsync(fixture.Factory, email, "Fhir Person", 40, LastDay);
        _web = web;
        _id = PatientBundleMapper.PatientId(id);
    }

    public System.Threading.Tasks.Task DisposeAsync() => System.Threading.Tasks.Task.CompletedTask;

    private async Task<(HttpResponseMessage Response, Resource? Resource)> GetAsync(string url, WebSession? web = null)
    {
        var response = await (web ?? _web).Client.GetAsync(new Uri(url, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        var parsed = body.Length == 0 ? null : FhirJson.Parse(body).Resource;
        return (response, parsed);
    }

    private async Task<Bundle> SearchAsync(string url)
    {
        var (response, resource) = await GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, url);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/fhir+json");
        return resource.ShouldBeOfType<Bundle>();
    }

    private static string Effective(Bundle.EntryComponent entry) => ((FhirDateTime)((Observation)entry.Resource!).Effective!).Value!;

    private static string Code(Bundle.EntryComponent entry) => ((Observation)entry.Resource!).Code.Coding[0].Code!;

    [Fact]
    public async System.Threading.Tasks.Task Metadata_is_public_valid_and_lists_exactly_the_supported_search_parameters()
    {
        var (response, resource) = await GetAsync("/fhir/metadata", fixture.Factory.Session());
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var statement = resource.ShouldBeOfType<CapabilityStatement>();
        statement.FhirVersion.ShouldBe(FHIRVersion.N4_0_1);
        FhirValidator.Default.Validate(statement).Errors.ShouldBeEmpty();
        var rest = statement.Rest.ShouldHaveSingleItem();
        rest.Resource.Select(r => r.Type).ShouldBe(SearchParameters.Types.Select(t => t.Name));
        foreach (var type in SearchParameters.Types)
        {
            rest.Resource.Single(r => r.Type == type.Name).SearchParam.Select(p => p.Name).ShouldBe(type.Parameters.Select(p => p.Name));
        }

        rest.Resource.ShouldNotContain(r => r.Type == "Condition", "BackCare stores no conditions, so it does not claim them");
    }

    [Fact]
    public async System.Threading.Tasks.Task Without_a_session_or_token_every_data_route_is_401_with_an_OperationOutcome()
    {
        var anonymous = fixture.Factory.Session();
        foreach (var url in new[] { "/fhir/Observation", $"/fhir/Patient/{_id}", $"/fhir/Patient/{_id}/$everything", "/fhir/QuestionnaireResponse?patient=" + _id })
        {
            var (response, resource) = await GetAsync(url, anonymous);
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, url);
            resource.ShouldBeOfType<OperationOutcome>();
            response.Headers.WwwAuthenticate.ToString().ShouldContain("Bearer");
        }
    }

    [Fact]
    public async System.Threading.Tasks.Task Patient_read_carries_an_ETag_and_answers_304_when_unchanged()
    {
        var (response, resource) = await GetAsync($"/fhir/Patient/{_id}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var patient = resource.ShouldBeOfType<Patient>();
        patient.Name[0].Text.ShouldBe("Fhir Person");
        response.Headers.ETag!.Tag.ShouldBe($"\"{patient.Meta!.VersionId}\"");
        response.Headers.ETag.IsWeak.ShouldBeTrue();

        using var again = new HttpRequestMessage(HttpMethod.Get, new Uri($"/fhir/Patient/{_id}", UriKind.Relative));
        again.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{patient.Meta.VersionId}\"", true));
        (await _web.Client.SendAsync(again)).StatusCode.ShouldBe(HttpStatusCode.NotModified);
    }

    [Fact]
    public async System.Threading.Tasks.Task Observation_search_by_LOINC_code_and_date_prefixes_matches_only_those_days()
    {
        var pain = await SearchAsync("/fhir/Observation?code=http://loinc.org|72514-3&_count=200");
        pain.Total.ShouldBe(40 + 1, "one pain observation per diary day, plus the assessment's NRS");
        pain.Entry.Select(Code).ShouldAllBe(c => c == "72514-3");

        var from = LastDay.AddDays(-9).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = LastDay.AddDays(-5).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var window = await SearchAsync($"/fhir/Observation?code=72514-3&date=ge{from}&date=le{to}");
        window.Total.ShouldBe(5);
        window.Entry.Select(Effective).Order().ShouldBe(
            Enumerable.Range(5, 5).Select(i => LastDay.AddDays(-i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Order());

        (await SearchAsync($"/fhir/Observation?code=72514-3&date=gt{to}&date=lt{LastDay.AddDays(-2):yyyy-MM-dd}")).Total.ShouldBe(2);
        (await SearchAsync($"/fhir/Observation?code=72514-3&date=sa{LastDay:yyyy-MM-dd}")).Total.ShouldBe(1, "only the assessment's pain score, given after the diary's last day");
        (await SearchAsync($"/fhir/Observation?code=72514-3&date={LastDay:yyyy-MM}")).Total.ShouldBe(30);
        (await SearchAsync("/fhir/Observation?code=http://loinc.org|44261-6")).Total.ShouldBe(1);
        (await SearchAsync("/fhir/Observation?code=http://loinc.org|70274-6,http://loinc.org|44261-6")).Total.ShouldBe(2);
        (await SearchAsync("/fhir/Observation?code=http://loinc.org|91147-9")).Total.ShouldBe(1, "PEG");
        (await SearchAsync("/fhir/Observation?code=urn:backcare:score|startback-total")).Total.ShouldBe(1, "STarT Back has no LOINC total code");
    }

    [Fact]
    public async System.Threading.Tasks.Task Paging_links_walk_the_whole_result_without_overlap()
    {
        var seen = new List<string>();
        var url = "/fhir/Observation?code=72514-3&_count=15";
        var pages = 0;
        while (url is not null)
        {
            var page = await SearchAsync(url);
            page.Entry.Count.ShouldBeLessThanOrEqualTo(15);
            seen.AddRange(page.Entry.Select(e => e.Resource!.Id!));
            url = page.Link.FirstOrDefault(l => l.Relation == "next")?.Url is { } next ? new Uri(next).PathAndQuery : null;
            pages++;
        }

        pages.ShouldBe(3);
        seen.Count.ShouldBe(41);
        seen.Distinct().Count().ShouldBe(41);
    }

    [Fact]
    public async System.Threading.Tasks.Task QuestionnaireResponse_and_MedicationStatement_searches_return_the_record()
    {
        var responses = await SearchAsync($"/fhir/QuestionnaireResponse?patient=Patient/{_id}");
        responses.Entry.Select(e => ((QuestionnaireResponse)e.Resource!).Questionnaire).ShouldContain("urn:backcare:questionnaire:phq9");
        (await SearchAsync("/fhir/QuestionnaireResponse?questionnaire=urn:backcare:questionnaire:gad7")).Total.ShouldBe(1);
        var medicines = await SearchAsync($"/fhir/MedicationStatement?subject={_id}&status=active");
        medicines.Total.ShouldBe(2);
        (await SearchAsync("/fhir/MedicationStatement?code=http://www.nlm.nih.gov/research/umls/rxnorm|3322")).Total.ShouldBe(1, "diazepam's confirmed RxNorm code");
        var diaryOnly = await SearchAsync($"/fhir/Observation?_lastUpdated=le{LastDay:yyyy-MM-dd}&_count=200");
        diaryOnly.Total.ShouldBe(40, "diary days were last changed on their own evening; the assessment was completed after them");
        diaryOnly.Entry.Select(Effective).ShouldAllBe(d => d.Length == 10);
    }

    [Fact]
    public async System.Threading.Tasks.Task Everything_is_the_export_download_and_every_resource_passes_the_validator()
    {
        var (response, resource) = await GetAsync($"/fhir/Patient/{_id}/$everything");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var everything = resource.ShouldBeOfType<Bundle>();
        var download = await _web.Client.GetStringAsync(new Uri("/Account/Export?handler=Fhir", UriKind.Relative));
        var exported = FhirJson.Parse(download).Resource.ShouldBeOfType<Bundle>();
        exported.Entry.Select(e => e.FullUrl + e.Resource!.Meta!.VersionId).ShouldBe(everything.Entry.Select(e => e.FullUrl + e.Resource!.Meta!.VersionId));

        var report = FhirValidator.Default.Validate(everything);
        report.Errors.ShouldBeEmpty();
        everything.Entry.Select(e => e.Resource!.TypeName).Distinct().Order().ShouldBe(["MedicationStatement", "Observation", "Patient", "QuestionnaireResponse"]);
    }

    [Fact]
    public async System.Threading.Tasks.Task A_resource_has_the_same_versionId_and_ETag_from_search_read_and_everything()
    {
        var (_, everything) = await GetAsync($"/fhir/Patient/{_id}/$everything");
        var versions = ((Bundle)everything!).Entry.ToDictionary(e => e.Resource!.TypeName + "/" + e.Resource.Id, e => e.Resource!.Meta!.VersionId);
        versions.Values.ShouldAllBe(v => v != null && v.Length == 16);
        foreach (var type in new[] { "Observation", "QuestionnaireResponse", "MedicationStatement" })
        {
            var page = await SearchAsync($"/fhir/{type}?_count=5");
            page.Entry.ShouldNotBeEmpty(type);
            foreach (var entry in page.Entry)
            {
                var key = entry.Resource!.TypeName + "/" + entry.Resource.Id;
                entry.Resource.Meta!.VersionId.ShouldBe(versions[key], key);
                var (response, read) = await GetAsync("/fhir/" + key);
                read!.Meta!.VersionId.ShouldBe(versions[key], key);
                response.Headers.ETag!.ToString().ShouldBe($"W/\"{versions[key]}\"", key);
            }
        }
    }

    [Theory]
    [InlineData("/fhir/Observation?_has:Observation:patient:code=72514-3")]
    [InlineData("/fhir/Observation?patient.name=Fhir")]
    [InlineData("/fhir/Observation?subject:Patient.name=Fhir")]
    [InlineData("/fhir/Observation?code:text=pain")]
    [InlineData("/fhir/Observation?value-quantity=5")]
    [InlineData("/fhir/Observation?_include=Observation:patient")]
    [InlineData("/fhir/Observation?_revinclude=Provenance:target")]
    [InlineData("/fhir/Observation?_sort=date")]
    [InlineData("/fhir/Observation?_elements=code")]
    [InlineData("/fhir/Observation?date=xx2026")]
    [InlineData("/fhir/Observation?date=2026-13-45")]
    [InlineData("/fhir/Observation?_count=-1")]
    [InlineData("/fhir/Observation?_count=100000")]
    [InlineData("/fhir/QuestionnaireResponse?code=x")]
    [InlineData("/fhir/Patient?name=Fhir")]
    [InlineData("/fhir/Patient/{id}/$everything?_since=2020-01-01")]
    [InlineData("/fhir/Patient/{id}?foo=bar")]
    public async System.Threading.Tasks.Task Unsupported_parameters_are_refused_with_400_and_an_OperationOutcome(string url)
    {
        var (response, resource) = await GetAsync(url.Replace("{id}", _id, StringComparison.Ordinal));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, url);
        resource.ShouldBeOfType<OperationOutcome>().Issue.ShouldHaveSingleItem().Diagnostics.ShouldNotBeNullOrEmpty();
    }

    [Theory]
    [InlineData("/fhir/Condition", HttpStatusCode.NotFound)]
    [InlineData("/fhir/Encounter/1", HttpStatusCode.NotFound)]
    [InlineData("/fhir/Observation/not-an-id", HttpStatusCode.NotFound)]
    [InlineData("/fhir/Observation?_format=xml", HttpStatusCode.NotAcceptable)]
    [InlineData("/fhir/metadata?_format=application/fhir+xml", HttpStatusCode.NotAcceptable)]
    public async System.Threading.Tasks.Task Other_errors_are_OperationOutcomes_with_their_status(string url, HttpStatusCode status)
    {
        var (response, resource) = await GetAsync(url);
        response.StatusCode.ShouldBe(status, url);
        resource.ShouldBeOfType<OperationOutcome>();
    }

    [Fact]
    public async System.Threading.Tasks.Task Every_search_and_read_is_audited_as_a_read_of_that_patient()
    {
        await SearchAsync("/fhir/MedicationStatement");
        await GetAsync($"/fhir/Patient/{_id}");
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BackCareDbContext>();
        var account = PatientBundleMapper.AccountId(_id)!.Value;
        var rows = await db.AuditEntries.AsNoTracking().Where(a => a.ResourceId == _id && a.Actor == $"user:{account:N}").ToListAsync();
        rows.ShouldContain(a => a.Action == "read" && a.ResourceType == "fhir_MedicationStatement");
        rows.ShouldContain(a => a.Action == "read" && a.ResourceType == "fhir_Patient");
    }
}
