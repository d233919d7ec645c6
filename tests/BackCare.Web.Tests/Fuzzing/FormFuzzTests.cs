using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using BackCare.App.Accounts;
using BackCare.App.Assessments;
using BackCare.App.Data;
using BackCare.Clinical.Evidence;
using BackCare.Tests.Fuzzing;
using BackCare.Web.Tests;
using CsCheck;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace BackCare.Web.Tests.Fuzzing;

/// <summary>
/// Issue 13 §6: every form of the web app (and every query or route value a page reads) fuzzed with generated input,
/// through one real host on real SQLite, posting with anti-forgery tokens as a browser would. Properties: no response
/// is a server error (500 = an unhandled exception), and a refused form (400) stores no row. The known §2 defects
/// (Date in the first days of year 0001, SleepHours=NaN) are left out of the generated input here and kept as skipped
/// tests in <see cref="KnownDefectTests"/> until their fix lands.
/// </summary>
[Collection(FuzzGroup.Name)]
public sealed partial class FormFuzzTests(FuzzFixture fixture, ITestOutputHelper output) : IClassFixture<FuzzFixture>
{
    private const string Seed = "0000000000000"; // fixed, so CI is reproducible; change it locally to explore further

    /// <summary>
    /// On the PostgreSQL pass of ./test.sh (issue 14) the same seeds run a tenth of the inputs: the forms' handling is
    /// provider-independent and was fuzzed in full on SQLite; this pass proves the storage paths under the same inputs.
    /// </summary>
    private static int Iterations(int onSqlite) => BackCare.TestSupport.TestStorage.OnPostgres ? Math.Max(20, onSqlite / 10) : onSqlite;
    private static readonly string Today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static Gen<string> Ints(int min, int max) => Gen.Int[min, max].Select(i => i.ToString(CultureInfo.InvariantCulture));

    private static readonly Gen<string> Sentence = Gen.OneOf("bad night", "walked to the shops", "diazepam", "lifting", "", " ", "ok");

    public static readonly (string, Gen<string>)[] DiaryFields =
    [
        ("Date", Nasty.Field(Nasty.Dateish)),
        ("Pain", Nasty.Field(Ints(-2, 12))),
        ("Anxiety", Nasty.Field(Ints(-2, 12))),
        ("SleepHours", Nasty.Field(Gen.Double[-2, 26].Select(d => d.ToString("0.##", CultureInfo.InvariantCulture)))),
        ("ActivityMinutes", Nasty.Field(Ints(-10, 1500))),
        ("MedicinesTaken", Nasty.Field(Sentence)),
        ("Techniques", Nasty.Field(Sentence)),
        ("Triggers", Nasty.Field(Sentence)),
        ("Note", Nasty.Field(Gen.Frequency<string>((3, Sentence), (1, Gen.Int[1990, 2010].Select(n => new string('n', n)))))),
    ];

    [Fact]
    public async Task The_diary_form_never_fails_and_stores_nothing_it_refuses()
    {
        var gen = Gen.Select(Nasty.Form(DiaryFields), Gen.Frequency<string?>((3, Gen.Const<string?>(() => null)), (1, Nasty.Field(Nasty.Dateish).Select(s => (string?)s))))
            .Where((fields, query) => !KnownDefects.Issue13Section2(fields, query));
        var web = await fixture.PatientAsync();
        await gen.SampleAsync(async (fields, query) =>
        {
            var url = query is null ? "/Diary" : $"/Diary?date={Uri.EscapeDataString(query)}";
            await fixture.PostAndCheckAsync(web, url, fields);
        }, seed: Seed, iter: Iterations(1200), threads: 1, print: t => $"?date={t.Item2} {Nasty.Print(t.Item1)}");
        fixture.Count(1200);
        fixture.MostFormsWereRead();
    }

    private static readonly string[] Steps = [.. AssessmentService.Steps];

    public static readonly (string, Gen<string>)[] AssessmentFields =
    [
        ("step", Gen.Frequency<string>((8, Gen.OneOf(Steps)), (1, Nasty.Text))),
        ("age", Nasty.Field(Ints(10, 125))),
        ("durationWeeks", Nasty.Field(Ints(-1, 6000))),
        ("findings", Nasty.Field(Gen.OneOf([.. EmbeddedEvidence.Default.Findings.Select(f => f.Code).Where(c => c != "saddle_numbness").Take(6)]))),
        .. Enumerable.Range(1, 9).Select(i => ($"startback_{i}", Nasty.Field(Ints(-1, 3)))),
        ("nrs_1", Nasty.Field(Ints(-1, 11))),
        .. Enumerable.Range(1, 3).Select(i => ($"peg_{i}", Nasty.Field(Ints(-1, 11)))),
        .. Enumerable.Range(1, 7).Select(i => ($"gad7_{i}", Nasty.Field(Ints(-1, 4)))),
        .. Enumerable.Range(1, 9).Select(i => ($"phq9_{i}", Nasty.Field(Ints(-1, 4)))),
        ("hoursPerNight", Nasty.Field(Gen.Double[-1, 25].Select(d => d.ToString("0.#", CultureInfo.InvariantCulture)))),
        ("quality", Nasty.Field(Ints(-1, 11))),
        ("medicines", Nasty.Field(Gen.OneOf("diazepam 5mg\noxycodone", "", "ibuprofen", string.Join("\n", Enumerable.Range(1, 31).Select(i => $"med{i}"))))),
        ("conditions", Nasty.Field(Gen.OneOf("asthma", "kidney_disease", "x"))),
        ("alcohol", Nasty.Field(Gen.OneOf("yes", "no"))),
        ("pregnant", Nasty.Field(Gen.OneOf("yes", "no"))),
        ("breastfeeding", Nasty.Field(Gen.OneOf("yes", "no"))),
        ("activities", Nasty.Field(Gen.OneOf("walking", "yoga", "skydiving"))),
        ("physio", Nasty.Field(Gen.OneOf("yes", "no"))),
        ("timePerDayMinutes", Nasty.Field(Ints(0, 130))),
    ];

    [Fact]
    public async Task The_assessment_screens_never_fail_and_store_nothing_they_refuse()
    {
        var web = await fixture.PatientAsync();
        await Nasty.Form(AssessmentFields).SampleAsync(
            async fields => { await fixture.PostAndCheckAsync(web, "/Assessment", fields); },
            seed: Seed, iter: Iterations(1500), threads: 1, print: Nasty.Print);
        fixture.Count(1500);
        fixture.MostFormsWereRead();
    }

    public static readonly (string, Gen<string>)[] MedicinesFields =
    [
        ("Medicines", Nasty.Field(Gen.OneOf("diazepam 5mg\noxycodone", "ibuprofen", "Xanax", "valium 5 mg\ntramadol\nsertraline", string.Join("\n", Enumerable.Range(1, 31).Select(i => $"m{i}"))))),
        ("Age", Nasty.Field(Ints(-5, 130))),
        ("Alcohol", Nasty.Field(Gen.OneOf("true", "false"))),
        ("Pregnant", Nasty.Field(Gen.OneOf("true", "false"))),
        ("Breastfeeding", Nasty.Field(Gen.OneOf("true", "false"))),
        ("Conditions", Nasty.Field(Gen.OneOf("asthma", "kidney_disease", "nope"))),
    ];

    [Fact]
    public async Task The_medicines_check_and_reminder_and_delete_forms_never_fail_and_store_nothing_they_refuse()
    {
        var web = await fixture.PatientAsync();
        await Nasty.Form(MedicinesFields).SampleAsync(
            async fields => { await fixture.PostAndCheckAsync(web, "/Medicines", fields); },
            seed: Seed, iter: Iterations(600), threads: 1, print: Nasty.Print);

        var reminders = Gen.Select(Nasty.Form([("Time", Nasty.Field(Gen.Select(Gen.Int[-1, 25], Gen.Int[-1, 61]).Select((h, m) => $"{h:00}:{m:00}")))]), Gen.Int[0, 5]);
        await reminders.SampleAsync(
            async (fields, n) => { await fixture.PostAndCheckAsync(web, n == 0 ? "/Reminders?handler=NewLink" : "/Reminders", fields); },
            seed: Seed, iter: Iterations(500), threads: 1, print: t => Nasty.Print(t.Item1));

        // An accepted confirmation deletes the account: the fixture then registers a new patient for the next input.
        var deleteSession = await fixture.PatientAsync();
        await Nasty.Form([("Confirm", Nasty.Field(Gen.OneOf("delete", " Delete ", "DELETE", "delete it", "yes")))]).SampleAsync(async fields =>
        {
            var response = await fixture.PostAndCheckAsync(deleteSession, "/Account/Delete", fields);
            if (response == HttpStatusCode.Redirect) deleteSession = await fixture.PatientAsync();
        }, seed: Seed, iter: Iterations(300), threads: 1, print: Nasty.Print);

        var techniques = EmbeddedEvidence.Default.Techniques.Select(t => t.Id).ToArray();
        await Gen.Frequency<string>((1, Gen.OneOf(techniques)), (3, Nasty.Text.Where(t => !t.Contains('\0', StringComparison.Ordinal)))).SampleAsync(async id =>
        {
            var url = $"/Guides/Done/{Uri.EscapeDataString(id)}";
            await fixture.PostAndCheckAsync(web, url, []);
        }, seed: Seed, iter: Iterations(300), threads: 1, print: Nasty.Print);
        fixture.Count(1700);
        fixture.MostFormsWereRead();
    }

    [Fact]
    public async Task The_sign_in_register_and_reset_forms_never_fail_store_nothing_they_refuse_and_never_redirect_off_site()
    {
        const string Password = "correct horse battery";
        var known = $"fuzz-known-{Guid.NewGuid():N}@example.com";
        await using (var scope = fixture.Factory.Services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<AccountService>().RegisterAsync(known, "Known", Password, Roles.Patient, default)).Succeeded.ShouldBeTrue();
        }

        var email = Nasty.Field(Gen.Frequency<string>((3, Gen.Const(known)), (1, Gen.String[1, 12].Select(s => $"{Regex.Replace(s, "[^a-z]", "")}x@example.com")), (1, Gen.Const("KNOWN@example.com"))));
        var password = Nasty.Field(Gen.OneOf(Password, "correct horse battery ", "short", "aaaaaaaaaa", new string('p', 5000)));
        var returnUrl = Gen.Frequency<string>((1, Gen.OneOf("/Diary", "/Plan", "//evil.example", "/\\evil.example", "http://evil.example/", "https:evil.example", "/%2F%2Fevil.example", "\\\\evil.example")), (1, Nasty.Text));
        var login = Gen.Select(Nasty.Form([("Email", email), ("Password", password)]), returnUrl);
        await login.SampleAsync(async (fields, target) =>
        {
            var web = fixture.Factory.Session();
            var response = await fixture.PostAndCheckAsync(web, $"/Account/Login?ReturnUrl={Uri.EscapeDataString(target)}", fields);
            if (response == HttpStatusCode.Redirect)
            {
                var location = fixture.LastLocation;
                (location.StartsWith('/') && !location.StartsWith("//", StringComparison.Ordinal) && !location.StartsWith("/\\", StringComparison.Ordinal))
                    .ShouldBeTrue($"sign-in sent the browser to {location}");
            }
        }, seed: Seed, iter: Iterations(400), threads: 1, print: t => $"ReturnUrl={Nasty.Print(t.Item2)} {Nasty.Print(t.Item1)}");

        var register = Nasty.Form([("DisplayName", Nasty.Field(Gen.OneOf("Ann", "Ann Example", new string('A', 101)))), ("Email", email), ("Password", password)]);
        await register.SampleAsync(async fields => { await fixture.PostAndCheckAsync(fixture.Factory.Session(), "/Account/Register", fields); },
            seed: Seed, iter: Iterations(300), threads: 1, print: Nasty.Print);

        var reset = Nasty.Form([("Email", email), ("Token", Nasty.Field(Gen.String[0, 40])), ("Password", password)]);
        await reset.SampleAsync(async fields => { await fixture.PostAndCheckAsync(fixture.Factory.Session(), "/Account/ResetPassword", fields); },
            seed: Seed, iter: Iterations(300), threads: 1, print: Nasty.Print);

        await Nasty.Form([("x", Nasty.Text)]).SampleAsync(async fields => { await fixture.PostAndCheckAsync(fixture.Factory.Session(), "/Account/Logout", fields); },
            seed: Seed, iter: Iterations(50), threads: 1, print: Nasty.Print);
        fixture.Count(1050);
        fixture.MostFormsWereRead();
    }

    [Fact]
    public async Task Every_query_and_route_value_a_page_reads_never_fails()
    {
        var web = await fixture.PatientAsync();
        string[] templates =
        [
            "/Diary?date={0}", "/Diary?saved={0}", "/Assessment?step={0}", "/Plan?updated={0}", "/Guides/Technique/{0}", "/calendar/{0}.ics",
            "/Account/Login?ReturnUrl={0}", "/Reminders?Done={0}", "/Account/Export?handler={0}", "/Reminders?handler={0}", "/Learn?{0}={0}", "/{0}",
        ];
        var gen = Gen.Select(Gen.Int[0, templates.Length - 1], Nasty.Text)
            .Where((t, value) => !(t == 0 && KnownDefects.DateOverflows(value)) && !(templates[t].Contains("/{0}", StringComparison.Ordinal) && value.Contains('\0', StringComparison.Ordinal)));
        await gen.SampleAsync(async (t, value) =>
        {
            var url = string.Format(CultureInfo.InvariantCulture, templates[t], Uri.EscapeDataString(value));
            var response = await web.Client.GetAsync(new Uri(url, UriKind.Relative));
            ((int)response.StatusCode).ShouldBeLessThan(500, $"GET {Nasty.Print(url)}");
        }, seed: Seed, iter: Iterations(1000), threads: 1, print: t => string.Format(CultureInfo.InvariantCulture, templates[t.Item1], Nasty.Print(t.Item2)));
        fixture.Count(1000);
        fixture.MostFormsWereRead();
        output.WriteLine($"web inputs so far in this run: {fixture.Inputs}");
    }
}

/// <summary>The fuzz tests share one host and database (and are not run beside each other).</summary>
[CollectionDefinition(Name)]
public sealed class FuzzGroup
{
    public const string Name = "fuzz";
}

/// <summary>One host for every web fuzz test; posts with anti-forgery tokens and checks the properties after each input.</summary>
public sealed partial class FuzzFixture : IAsyncLifetime
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "backcare-fuzz-" + Guid.NewGuid().ToString("N"));
    private readonly Dictionary<WebSession, string> tokens = [];
    private int inputs;
    private int unread;
    private int posted;

    public BackCareWebFactory Factory { get; private set; } = null!;

    public string LastLocation { get; private set; } = "";

    public int Inputs => inputs;

    /// <summary>Posts refused by the framework before the page read them (unreadable form or token), and all posts.</summary>
    public (int Unread, int Posted) Refusals => (unread, posted);

    /// <summary>Most posts must reach the page: a stale token would otherwise make every form "pass" unread.</summary>
    public void MostFormsWereRead()
    {
        var (u, p) = Refusals;
        u.ShouldBeLessThan(Math.Max(1, p / 4), $"{u} of {p} posts were refused before the page read them");
    }

    public void Count(int n) => Interlocked.Add(ref inputs, n);

    public Task InitializeAsync()
    {
        Factory = new BackCareWebFactory(folder, new Dictionary<string, string>
        {
            ["Logging:LogLevel:Microsoft.AspNetCore.Mvc.ViewFeatures.Filters"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore.Antiforgery"] = "Debug",
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    /// <summary>A newly registered patient's session.</summary>
    public async Task<WebSession> PatientAsync()
    {
        var web = Factory.Session();
        await web.RegisterAsync($"fuzz-{Guid.NewGuid():N}@example.com");
        return web;
    }

    /// <summary>
    /// Posts the fields with the session's anti-forgery token and checks: not a server error; a refused form (400)
    /// changed no row count. Returns the status.
    /// </summary>
    public async Task<HttpStatusCode> PostAndCheckAsync(WebSession web, string url, IEnumerable<KeyValuePair<string, string>> fields)
    {
        if (!tokens.TryGetValue(web, out var token))
        {
            var (_, html) = await web.GetAsync("/Account/Login");
            tokens[web] = token = TokenPattern().Match(html).Groups[1].Value;
        }

        Interlocked.Increment(ref posted);
        var before = await RowsAsync();
        var response = await web.Client.PostAsync(new Uri(url, UriKind.Relative),
            new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", token))));
        var status = response.StatusCode;
        LastLocation = response.Headers.Location?.OriginalString ?? "";
        ((int)status).ShouldBeLessThan(500, $"POST {Nasty.Print(url)}: {(int)status}");
        var body = await response.Content.ReadAsStringAsync();
        if (status == HttpStatusCode.BadRequest && body.Length == 0)
        {
            // The framework refused the request before the page saw it: the form could not be read (a null or an
            // unpaired surrogate is "invalid characters") or the anti-forgery check failed. Counted, so a broken
            // token (every form refused unread) shows up as a failure rather than as a pass.
            Interlocked.Increment(ref unread);
        }

        if (status == HttpStatusCode.BadRequest)
        {
            var after = await RowsAsync();
            after.ShouldBe(before, $"a refused POST {url} stored rows");
        }

        if (status == HttpStatusCode.Redirect && !LastLocation.Contains("/Account/Login", StringComparison.Ordinal)) tokens.Remove(web); // the session may have changed identity
        return status;
    }

    /// <summary>Rows of every table a form can write (audit reads are written in the background, so not counted).</summary>
    private async Task<string> RowsAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BackCareDbContext>();
        return $"users {await db.Users.CountAsync()}, diary {await db.DiaryEntries.CountAsync()}, assessments {await db.Assessments.CountAsync()}, reset tokens {await db.PasswordResetTokens.CountAsync()}";
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
