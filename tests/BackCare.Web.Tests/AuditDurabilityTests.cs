using System.Net;
using BackCare.App.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BackCare.Web.Tests;

/// <summary>Issue 13 §5: no response carrying health data is sent before its read-audit row is committed.</summary>
public sealed class AuditDurabilityTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "backcare-web-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task When_a_page_of_diary_data_arrives_its_read_is_already_in_the_audit_table()
    {
        await using var factory = new BackCareWebFactory(_folder);
        var web = factory.Session();
        await web.RegisterAsync("durable@example.com");
        await web.PostFormAsync("/Diary", ("Pain", "3"));
        for (var i = 0; i < 20; i++)
        {
            var (status, _) = await web.GetAsync("/Diary");
            status.ShouldBe(HttpStatusCode.OK);
            // No flush, no waiting: the row must already be there.
            using var scope = factory.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<BackCareDbContext>();
            (await db.AuditEntries.CountAsync(a => a.Action == "read" && a.ResourceType == "diary")).ShouldBeGreaterThanOrEqualTo(i + 1);
        }
    }

    [Fact]
    [Trait("Storage", "Sqlite")]
    public async Task When_the_read_audit_row_cannot_be_written_the_data_is_not_sent()
    {
        await using var factory = new BackCareWebFactory(_folder, BackCareWebFactory.SqliteOnly);
        var web = factory.Session();
        await web.RegisterAsync("unaudited@example.com");
        await web.PostFormAsync("/Diary", ("Pain", "3"), ("Note", "words nobody may read unaudited"));
        await ExecuteAsync("CREATE TRIGGER refuse_reads BEFORE INSERT ON audit_entries WHEN NEW.action = 'read' BEGIN SELECT RAISE(ABORT, 'audit refused'); END");

        string? body = null;
        HttpStatusCode? status = null;
        try
        {
            using var response = await web.Client.GetAsync(new Uri("/Diary", UriKind.Relative));
            status = response.StatusCode;
            body = await response.Content.ReadAsStringAsync();
        }
#pragma warning disable CA1031 // An aborted response surfaces as one of several exceptions; all mean "not sent".
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        (body ?? "").ShouldNotContain("words nobody may read unaudited");
        status.ShouldNotBe(HttpStatusCode.OK);
        await ExecuteAsync("DROP TRIGGER refuse_reads");
        (await web.GetAsync("/Diary")).Html.ShouldContain("words nobody may read unaudited", customMessage: "once audit rows can be written again, the page is served");
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_folder, "backcare.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
