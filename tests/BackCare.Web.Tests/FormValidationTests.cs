using System.Net;
using System.Text.RegularExpressions;

namespace BackCare.Web.Tests;

/// <summary>Every form, posted empty: a 400 with the page's own plain messages, never a server error or the framework's wording.</summary>
public sealed partial class FormValidationTests(WebFixture fixture) : IClassFixture<WebFixture>
{
    private static List<string> Errors(string html) => [.. ErrorText().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value.Trim()))];

    public static TheoryData<string, string[], string[]> PublicForms => new()
    {
        { "/Account/Register", ["DisplayName", "Email", "Password"], ["Enter an email address like name@example.com.", "Enter a name of 1 to 100 characters.", "at least 10 characters"] },
        { "/Account/Login", ["Email", "Password"], ["Email or password is not right."] },
        { "/Account/ResetPassword", ["Email", "Token", "Password"], ["This reset code is not valid or has expired."] },
    };

    [Theory]
    [MemberData(nameof(PublicForms))]
    public async Task Public_forms_posted_empty_answer_400_with_every_problem_in_plain_words(string url, string[] fields, string[] expected)
    {
        var web = fixture.Factory.Session();
        var response = await web.PostFormAsync(url, fields.Select(f => new KeyValuePair<string, string>(f, "")));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = Errors(await response.Content.ReadAsStringAsync());
        foreach (var message in expected) errors.ShouldContain(e => e.Contains(message, StringComparison.Ordinal), $"missing '{message}' in: {string.Join(" | ", errors)}");
        errors.ShouldNotContain(e => e.Contains("field is required", StringComparison.Ordinal));
    }

    public static TheoryData<string, string[], string> PatientForms => new()
    {
        { "/Account/Delete", ["Confirm"], "Type the word delete to confirm." },
        { "/Medicines", ["Medicines", "Age"], "Enter at least one medicine, one per line." },
        { "/Diary", ["Date", "Pain", "Note"], "Tap your pain score, or fill in anything else, before saving." },
    };

    [Theory]
    [MemberData(nameof(PatientForms))]
    public async Task Signed_in_forms_posted_empty_never_fail_with_a_server_error(string url, string[] fields, string expected)
    {
        var web = fixture.Factory.Session();
        await web.RegisterAsync($"empty-{Guid.NewGuid():N}@example.com");
        var response = await web.PostFormAsync(url, fields.Select(f => new KeyValuePair<string, string>(f, "")));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = Errors(await response.Content.ReadAsStringAsync());
        errors.ShouldNotBeEmpty();
        if (expected.Length > 0) errors.ShouldContain(expected);
        errors.ShouldNotContain(e => e.Contains("field is required", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Pain", "11")]
    [InlineData("Anxiety", "a lot")]
    public async Task A_refused_check_in_stays_on_the_same_day_with_what_was_typed(string field, string value)
    {
        var web = fixture.Factory.Session();
        await web.RegisterAsync($"diary-day-{Guid.NewGuid():N}@example.com");
        var yesterday = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var response = await web.PostFormAsync($"/Diary?date={yesterday}", [new("Date", yesterday), new("Note", "bad night"), new(field, value)], "/Diary");
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain($"name=\"Date\" value=\"{yesterday}\"");
        html.ShouldContain("bad night");
        Errors(html).ShouldNotBeEmpty();
        Errors(html).ShouldAllBe(e => !e.Contains("is not valid for", StringComparison.Ordinal), "the framework's wording is replaced by ours");
        if (value == "a lot") Errors(html).ShouldContain("\"a lot\" is not a number. Use digits, for example 7.");
    }

    [GeneratedRegex("class=\"error\"[^>]*>([^<]+)<")]
    private static partial Regex ErrorText();
}
