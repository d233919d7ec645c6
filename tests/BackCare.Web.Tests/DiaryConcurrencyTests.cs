using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using BackCare.App.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BackCare.Web.Tests;

/// <summary>
/// Issue 13 §2: saving a day is an idempotent upsert. Eight parallel first saves of the same day by one person, each
/// sending a different field, never answer 500 and never drop a field one of them sent; on SQLite and PostgreSQL.
/// </summary>
public sealed partial class DiaryConcurrencyTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "backcare-web-" + Guid.NewGuid().ToString("N"));

    private static readonly (string Field, string Value)[] EightFields =
    [
        ("Pain", "6"), ("Anxiety", "4"), ("SleepHours", "6.5"), ("ActivityMinutes", "35"),
        ("MedicinesTaken", "paracetamol"), ("Techniques", "breathing"), ("Triggers", "lifting"), ("Note", "a bad morning"),
    ];

    [Fact]
    public async Task Eight_parallel_first_saves_of_a_day_all_succeed_and_keep_every_field_on_SQLite()
    {
        await using var factory = new BackCareWebFactory(_folder);
        await EightParallelSavesAsync(factory, "parallel@example.com");
    }

    [Fact]
    [Trait("Storage", "Postgres")]
    public async Task Eight_parallel_first_saves_of_a_day_all_succeed_and_keep_every_field_on_PostgreSQL()
    {
        var server = Environment.GetEnvironmentVariable("BACKCARE_TEST_POSTGRES")
            ?? throw new InvalidOperationException("BACKCARE_TEST_POSTGRES is not set: run the tests with ./test.sh, which starts a throwaway PostgreSQL.");
        var name = "backcare_web_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        var connection = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        await using (var factory = new BackCareWebFactory(_folder, new Dictionary<string, string>
        {
            ["BackCare:Storage:Provider"] = "postgres",
            ["BackCare:Storage:ConnectionString"] = connection,
        }))
        {
            await EightParallelSavesAsync(factory, "parallel-pg@example.com");
        }

        NpgsqlConnection.ClearAllPools();
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }

    private static async Task EightParallelSavesAsync(BackCareWebFactory factory, string email)
    {
        var web = factory.Session();
        await web.RegisterAsync(email);
        var (_, form) = await web.GetAsync("/Diary");
        var token = Token().Match(form).Groups[1].Value;
        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
        for (var round = 1; round <= 10; round++)
        {
            var day = today.AddDays(-round).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var statuses = await Task.WhenAll(EightFields.Select(async f =>
            {
                using var content = new FormUrlEncodedContent([new("Date", day), new(f.Field, f.Value), new("__RequestVerificationToken", token)]);
                using var response = await web.Client.PostAsync(new Uri("/Diary", UriKind.Relative), content);
                return response.StatusCode;
            }));
            statuses.ShouldAllBe(s => s == HttpStatusCode.Redirect, $"every save of {day} is acknowledged");
        }

        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BackCareDbContext>();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        var entries = await db.DiaryEntries.Where(e => e.UserId == user.Id).ToListAsync();
        entries.Count.ShouldBe(10, "one entry per day, never two");
        foreach (var e in entries)
        {
            (e.Pain, e.Anxiety, e.SleepHours, e.ActivityMinutes).ShouldBe((6, 4, 6.5, 35), $"{e.Date}");
            (e.MedicinesTaken, e.Techniques, e.Triggers, e.Note).ShouldBe(("paracetamol", "breathing", "lifting", "a bad morning"), $"{e.Date}");
            var id = e.Id.ToString("N");
            (await db.AuditEntries.CountAsync(a => a.ResourceType == "diary_entry" && a.ResourceId == id && a.Action == "create")).ShouldBe(1);
            (await db.AuditEntries.CountAsync(a => a.ResourceType == "diary_entry" && a.ResourceId == id && a.Action == "update")).ShouldBe(7);
        }
    }

    [Theory]
    [InlineData("Date", "0001-01-01", "Choose a day from the last five years, up to today.")]
    [InlineData("Date", "9999-12-31", "Choose a day from the last five years, up to today.")]
    [InlineData("SleepHours", "NaN", "Sleep must be from 0 to 24 hours.")]
    [InlineData("SleepHours", "Infinity", "Sleep must be from 0 to 24 hours.")]
    [InlineData("SleepHours", "-Infinity", "Sleep must be from 0 to 24 hours.")]
    [InlineData("SleepHours", "1e308", "Sleep must be from 0 to 24 hours.")]
    [InlineData("ActivityMinutes", "99999999999", "Please check the values below.")]
    public async Task A_check_in_value_outside_its_range_is_refused_with_the_forms_own_400_message(string field, string value, string message)
    {
        await using var factory = new BackCareWebFactory(_folder);
        var web = factory.Session();
        await web.RegisterAsync("ranges@example.com");
        var fields = new List<(string, string)> { ("Pain", "5"), (field, value) };
        var response = await web.PostFormAsync("/Diary", fields.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2)));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain(WebUtility.HtmlEncode(message));
        using var scope = factory.Services.CreateScope();
        (await scope.ServiceProvider.GetRequiredService<BackCareDbContext>().DiaryEntries.CountAsync()).ShouldBe(0, "refused input stores nothing");
    }

    [Theory]
    [InlineData("0001-01-01")]
    [InlineData("9999-12-31")]
    public async Task Opening_a_day_outside_the_window_is_a_400_not_a_500(string date)
    {
        await using var factory = new BackCareWebFactory(_folder);
        var web = factory.Session();
        await web.RegisterAsync("window@example.com");
        var (status, html) = await web.GetAsync($"/Diary?date={date}");
        status.ShouldBe(HttpStatusCode.BadRequest);
        html.ShouldContain("Choose a day from the last five years, up to today.");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
