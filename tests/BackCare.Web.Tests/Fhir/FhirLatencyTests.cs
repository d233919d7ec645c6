using System.Diagnostics;
using System.Globalization;
using System.Net;
using BackCare.Interop.Fhir;
using Hl7.Fhir.Model;
using Xunit.Abstractions;

namespace BackCare.Web.Tests.Fhir;

/// <summary>
/// Latency of the API for a year of diary (docs/benchmarks.md): $everything and one search page, in-process over the
/// test server on SQLite, 20 timed requests after 3 warm-ups. Asserts the answers are complete; prints the timings.
/// </summary>
public sealed class FhirLatencyTests(WebFixture fixture, ITestOutputHelper output) : IClassFixture<WebFixture>
{
    [Fact]
    public async System.Threading.Tasks.Task Everything_for_a_year_of_diary_and_a_search_page_are_timed()
    {
        var (web, id) = await FhirTestPatients.CreateAsync(fixture.Factory, $"latency-{Guid.NewGuid():N}@example.com", "Latency Person", 365, new DateOnly(2026, 11, 30));
        var everything = await TimeAsync(web, $"/fhir/Patient/{id:N}/$everything");
        ((Bundle)everything.Last).Entry.Count(e => e.Resource is Observation o && o.Code.Coding[0].Code == "72514-3").ShouldBe(366);
        var page = await TimeAsync(web, "/fhir/Observation?code=http://loinc.org|72514-3&date=ge2026-01-01&_count=50");
        ((Bundle)page.Last).Entry.Count.ShouldBe(50);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"$everything (365 diary days): median {everything.Median:0.0} ms, p95 {everything.P95:0.0} ms"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"search page (_count=50 of ~335): median {page.Median:0.0} ms, p95 {page.P95:0.0} ms"));
    }

    [Fact]
    public async System.Threading.Tasks.Task A_clinicians_search_across_thirty_shared_patients_is_timed()
    {
        var (web, _, patients) = await Clinician.ClinicianSteps.PracticeAsync(fixture.Factory, $"latency-dr-{Guid.NewGuid():N}@example.com", patients: 30);
        var page = await TimeAsync(web, "/fhir/Observation?code=http://loinc.org|72514-3&_count=50");
        var bundle = (Bundle)page.Last;
        bundle.Entry.Count.ShouldBe(50);
        bundle.Total!.Value.ShouldBeGreaterThan(30 * 100, "every shared patient's diary matched");
        var one = await TimeAsync(web, $"/fhir/Observation?patient=Patient/{patients[0]:N}&code=http://loinc.org|72514-3&_count=50");
        ((Bundle)one.Last).Entry.Count.ShouldBe(50);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"clinician, 30 patients x 120 days, pain search page: median {page.Median:0.0} ms, p95 {page.P95:0.0} ms (total {bundle.Total})"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"clinician, one named patient, pain search page: median {one.Median:0.0} ms, p95 {one.P95:0.0} ms"));
    }

    private static async Task<(double Median, double P95, Resource Last)> TimeAsync(WebSession web, string url)
    {
        Resource last = null!;
        var times = new List<double>();
        for (var i = 0; i < 23; i++)
        {
            var watch = Stopwatch.StartNew();
            var response = await web.Client.GetAsync(new Uri(url, UriKind.Relative));
            var body = await response.Content.ReadAsStringAsync();
            watch.Stop();
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            last = FhirJson.Parse(body).Resource!;
            if (i >= 3) times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return (times[times.Count / 2], times[(int)Math.Ceiling(times.Count * 0.95) - 1], last);
    }
}
