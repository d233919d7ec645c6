using System.Globalization;
using System.Net;

namespace BackCare.Web.Tests.Fuzzing;

/// <summary>
/// Defects issue 13 §2 names and another branch is fixing (range checks before the query, NaN/∞ refused). The fuzz
/// tests leave exactly these inputs out (<see cref="Issue13Section2"/>); the skipped tests below are the shrunk cases,
/// to be un-skipped (and the filter removed) when that fix is merged.
/// </summary>
public static class KnownDefects
{
    public const string Reason = "Known defect, issue 13 §2 (Date=0001-01-01 and SleepHours=NaN give 500), fixed on another branch; un-skip and drop KnownDefects.Issue13Section2 from the fuzz when it lands";

    /// <summary>A yyyy-MM-dd date so close to 0001-01-01 that the diary's 60-day history window underflows.</summary>
    public static bool DateOverflows(string? value) =>
        value is not null && DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day < DateOnly.MinValue.AddDays(60);

    /// <summary>SleepHours that the model binder reads as NaN (NumberStyles.Float | AllowThousands, as MVC's binder).</summary>
    public static bool IsNaN(string value) =>
        double.TryParse(value, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var number) && double.IsNaN(number);

    /// <summary>Nothing is left out any more: the issue 13 §2 fix landed (range checks before any query), so the fuzz sends these too.</summary>
    public static bool Issue13Section2(IEnumerable<KeyValuePair<string, string>> fields, string? query) => false;
}

public sealed class KnownDefectTests(WebFixture fixture) : IClassFixture<WebFixture>
{
    [Theory]
    [InlineData("Date", "0001-01-01")]
    [InlineData("SleepHours", "NaN")]
    public async Task A_check_in_with_an_unusable_date_or_NaN_is_refused_not_a_server_error(string field, string value)
    {
        var web = fixture.Factory.Session();
        await web.RegisterAsync($"known-{Guid.NewGuid():N}@example.com");
        var response = await web.PostFormAsync("/Diary", ("Pain", "3"), (field, value));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Opening_the_diary_at_year_0001_is_not_a_server_error()
    {
        var web = fixture.Factory.Session();
        await web.RegisterAsync($"known-{Guid.NewGuid():N}@example.com");
        var (status, _) = await web.GetAsync("/Diary?date=0001-01-01");
        ((int)status).ShouldBeLessThan(500);
    }
}
