using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace BackCare.Web.Tests;

/// <summary>
/// Issue 13 §5: a real server process takes concurrent check-ins and page views, is killed with SIGKILL mid-flight and
/// restarted on the same database. Every check-in it acknowledged must be there with its audit row, every page of
/// health data it sent must have its read-audit row, and SQLite's integrity check must pass.
/// </summary>
public sealed partial class CrashRecoveryTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("backcare-crash-").FullName;

    private sealed record Ack(string Email, DateOnly Date, int Pain, string Note);

    [Fact]
    [Trait("Storage", "Sqlite")]
    public async Task Every_acknowledged_check_in_and_audited_read_survives_kill_9_and_the_database_is_intact()
    {
        var data = Path.Combine(_folder, "data");
        var port = BuiltWebApp.FreePort();
        var writes = new ConcurrentBag<Ack>();
        var reads = new ConcurrentDictionary<string, int>();
        var emails = Enumerable.Range(1, 6).Select(i => $"crash{i}@example.com").ToList();
        var killNow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (var app = await BuiltWebApp.StartAsync(_folder, data, port))
        {
            var sessions = new List<(string Email, HttpClient Client, string Token)>();
            foreach (var email in emails) sessions.Add(await SignedInAsync(app.BaseUrl, email));

            using var stop = new CancellationTokenSource();
            var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
            var workers = sessions.Select(s => Task.Run(async () =>
            {
                for (var k = 1; !stop.IsCancellationRequested && k < 1500; k++)
                {
                    var date = today.AddDays(-k);
                    var (pain, note) = (k % 11, $"note {s.Email.Split('@')[0]} day {k}");
                    try
                    {
                        var day = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                        using var content = new FormUrlEncodedContent([new("Date", day), new("Pain", pain.ToString(CultureInfo.InvariantCulture)), new("Note", note), new("__RequestVerificationToken", s.Token)]);
                        using var posted = await s.Client.PostAsync(new Uri("/Diary", UriKind.Relative), content);
                        if (posted.StatusCode == HttpStatusCode.Redirect) writes.Add(new Ack(s.Email, date, pain, note));
                        using var read = await s.Client.GetAsync(new Uri($"/Diary?date={day}", UriKind.Relative));
                        var html = await read.Content.ReadAsStringAsync();
                        if (read.StatusCode == HttpStatusCode.OK && html.Contains(note, StringComparison.Ordinal)) reads.AddOrUpdate(s.Email, 1, (_, n) => n + 1);
                        // Kill the moment a page of health data has arrived, while other requests are in flight.
                        if (writes.Count >= 60) killNow.TrySetResult();
                    }
#pragma warning disable CA1031 // Requests in flight when the server dies fail in many ways; they were not acknowledged.
                    catch (Exception)
#pragma warning restore CA1031
                    {
                        return;
                    }
                }
            })).ToList();

            // Let the load build up, then kill the server in the middle of it.
            await Task.WhenAny(killNow.Task, Task.Delay(TimeSpan.FromSeconds(30)));
            await app.KillAsync();
            await stop.CancelAsync();
            await Task.WhenAll(workers);
            foreach (var s in sessions) s.Client.Dispose();
        }

        writes.Count.ShouldBeGreaterThan(10, "the server acknowledged check-ins before it was killed");

        // Restart on the same database: it must come up (recovery, migrations) and serve what was acknowledged.
        await using (var restarted = await BuiltWebApp.StartAsync(_folder, data, port))
        {
            await using var db = new SqliteConnection($"Data Source={Path.Combine(data, "backcare.db")};Pooling=False");
            await db.OpenAsync();
            (await ScalarAsync(db, "PRAGMA integrity_check")).ShouldBe("ok");
            foreach (var ack in writes)
            {
                var userId = (string)(await ScalarAsync(db, "SELECT id FROM users WHERE email = $p0", ack.Email))!;
                var day = ack.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                var row = await RowAsync(db, "SELECT id, pain, note FROM diary_entries WHERE user_id = $p0 AND date = $p1", userId, day);
                row.ShouldNotBeNull($"the check-in of {ack.Email} for {day} was acknowledged");
                ((long)row[1]).ShouldBe(ack.Pain);
                row[2].ShouldBe(ack.Note);
                var entryId = Guid.Parse((string)row[0]).ToString("N");
                ((long)(await ScalarAsync(db, "SELECT COUNT(*) FROM audit_entries WHERE resource_type = 'diary_entry' AND resource_id = $p0 AND action IN ('create', 'update')", entryId))!)
                    .ShouldBeGreaterThan(0, $"the write of {ack.Email} for {day} has its audit row");
            }

            foreach (var (email, count) in reads)
            {
                var userId = Guid.Parse((string)(await ScalarAsync(db, "SELECT id FROM users WHERE email = $p0", email))!).ToString("N");
                var audited = (long)(await ScalarAsync(db, "SELECT COUNT(*) FROM audit_entries WHERE actor = $p0 AND action = 'read' AND resource_type = 'diary'", $"user:{userId}"))!;
                audited.ShouldBeGreaterThanOrEqualTo(count, $"{email} was sent {count} pages of diary data; each has its read-audit row");
            }

            await restarted.KillAsync();
        }
    }

    private static async Task<(string Email, HttpClient Client, string Token)> SignedInAsync(string baseUrl, string email)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = new Uri(baseUrl),
        };
        var web = new WebSession(client);
        await web.RegisterAsync(email);
        var (_, html) = await web.GetAsync("/Diary");
        return (email, client, Token().Match(html).Groups[1].Value);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection db, string sql, params object[] values) =>
        (await RowAsync(db, sql, values))?[0];

    private static async Task<object[]?> RowAsync(SqliteConnection db, string sql, params object[] values)
    {
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < values.Length; i++) command.Parameters.AddWithValue($"$p{i}", values[i]);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync()) return null;
        var row = new object[reader.FieldCount];
        reader.GetValues(row);
        return row;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
