using System.Net;
using Microsoft.Data.Sqlite;

namespace BackCare.Web.Tests;

public sealed class HostStartupTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "backcare-web-" + Guid.NewGuid().ToString("N"));

    [Fact]
    [Trait("Storage", "Sqlite")]
    public async Task Host_creates_the_database_in_an_empty_folder_and_a_second_start_reuses_it()
    {
        Directory.Exists(_folder).ShouldBeFalse();
        var dbFile = Path.Combine(_folder, "backcare.db");

        await using (var first = new BackCareWebFactory(_folder, BackCareWebFactory.SqliteOnly))
        {
            using var client = first.CreateClient();
            (await client.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        File.Exists(dbFile).ShouldBeTrue();
        var migrationsAfterFirstStart = await ScalarAsync(dbFile, "SELECT COUNT(*) FROM __EFMigrationsHistory");
        ((long)migrationsAfterFirstStart!).ShouldBeGreaterThan(0);
        await ExecuteAsync(dbFile, "INSERT INTO audit_entries (occurred_at, actor, action, resource_type) VALUES ('2026-11-24', 'test', 'write', 'marker')");

        await using (var second = new BackCareWebFactory(_folder, BackCareWebFactory.SqliteOnly))
        {
            using var client = second.CreateClient();
            (await client.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        (await ScalarAsync(dbFile, "SELECT COUNT(*) FROM audit_entries WHERE resource_type = 'marker'")).ShouldBe(1L);
        (await ScalarAsync(dbFile, "SELECT COUNT(*) FROM __EFMigrationsHistory")).ShouldBe(migrationsAfterFirstStart, "the second start applies nothing again");
        (await ScalarAsync(dbFile, "PRAGMA journal_mode")).ShouldBe("wal");
    }

    [Fact]
    public async Task Home_page_says_what_BackCare_is_that_it_does_not_diagnose_and_how_to_get_emergency_help()
    {
        await using var factory = new BackCareWebFactory(_folder);
        using var client = factory.CreateClient();
        var response = await client.GetAsync(new Uri("/", UriKind.Relative));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("decision support");
        html.ShouldContain("not a diagnosis");
        html.ShouldContain("In an emergency");
        html.ShouldContain("999");
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("script-src 'self'");
    }

    [Fact]
    public async Task Emergency_number_comes_from_configuration()
    {
        await using var factory = new BackCareWebFactory(_folder);
        using var custom = factory.WithWebHostBuilder(b => b.UseSetting("BackCare:SafetyContacts:EmergencyNumber", "911"));
        using var client = custom.CreateClient();
        var html = await client.GetStringAsync(new Uri("/", UriKind.Relative));
        html.ShouldContain("call 911");
    }

    private static async Task ExecuteAsync(string file, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={file}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(string file, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={file}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
