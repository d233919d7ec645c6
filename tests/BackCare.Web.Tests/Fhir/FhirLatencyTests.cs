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
        async Task<(double Median, double P95, Resource Last)> TimeAsync(string url)
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

        var everything = await TimeAsync($"/fhir/Patient/{id:N}/$everything");
        ((Bundle)everything.Last).Entry.Count(e => e.Resource is Observation o && o.Code.Coding[0].Code == "72514-3").ShouldBe(366);
        var page = await TimeAsync("/fhir/Observation?code=http://loinc.org|72514-3&date=ge2026-01-01&_count=50");
        ((Bundle)page.Last).Entry.Count.ShouldBe(50);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"$everything (365 diary days): median {everything.Median:0.0} ms, p95 {everything.P95:0.0} ms"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"search page (_count=50 of ~335): median {page.Median:0.0} ms, p95 {page.P95:0.0} ms"));
    }
}
