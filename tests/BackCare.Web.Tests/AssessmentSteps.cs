using System.Net;

namespace BackCare.Web.Tests;

/// <summary>Posts assessment screens the way a browser would, failing with the page when a screen is refused.</summary>
internal static class AssessmentSteps
{
    public static IEnumerable<(string, string)> Instrument(string id, params string[] answers) =>
        answers.Select((a, i) => ($"{id}_{i + 1}", a));

    public static async Task PostAsync(WebSession web, string step, IEnumerable<(string Key, string Value)> fields)
    {
        var response = await web.PostFormAsync("/Assessment", [.. fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)), new("step", step)]);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, $"step {step}: {await response.Content.ReadAsStringAsync()}");
    }

    public static async Task RedFlagsAndStartBackAsync(WebSession web)
    {
        await PostAsync(web, "redflags", [("age", "44"), ("durationWeeks", "3")]);
        await PostAsync(web, "startback", Instrument("startback", "0", "0", "0", "0", "0", "0", "0", "0", "1"));
    }

    public static Task PainAsync(WebSession web) => PostAsync(web, "pain", [.. Instrument("nrs", "5"), .. Instrument("peg", "5", "5", "5")]);

    /// <summary>The anxiety, mood and sleep screens, with unremarkable answers.</summary>
    public static async Task AnxietyMoodAndSleepAsync(WebSession web)
    {
        await PostAsync(web, "anxiety", Instrument("gad7", "0", "1", "0", "0", "0", "0", "0"));
        await PostAsync(web, "mood", Instrument("phq9", "0", "0", "1", "0", "0", "0", "0", "0", "0"));
        await PostAsync(web, "sleep", [("hoursPerNight", "7"), ("quality", "6")]);
    }

    public static Task PreferencesAsync(WebSession web) =>
        PostAsync(web, "preferences", [("activities", "walking"), ("physio", "yes"), ("timePerDayMinutes", "20")]);

    /// <summary>The screens after pain, with unremarkable answers and no medicines.</summary>
    public static async Task RestAsync(WebSession web)
    {
        await AnxietyMoodAndSleepAsync(web);
        await PostAsync(web, "medicines", [("medicines", "")]);
        await PreferencesAsync(web);
    }
}
