using System.Net;
using BackCare.App.Data;
using BackCare.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BackCare.Web.Tests;

/// <summary>Issue 14: liveness apart from readiness, and the Prometheus endpoint (off unless turned on).</summary>
public sealed class OperationsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "backcare-web-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Ready_only_while_every_migration_is_applied_and_alive_regardless()
    {
        await using var factory = new BackCareWebFactory(_folder);
        using var client = factory.CreateClient();
        (await client.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync(new Uri("/healthz/ready", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);

        // As if a newer release had been deployed while this node's database is a migration behind.
        const string Latest = "20261202100000_DataProtectionKeys";
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BackCareDbContext>();
            (await db.Database.ExecuteSqlRawAsync($"DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = '{Latest}'")).ShouldBe(1);
        }

        (await client.GetAsync(new Uri("/healthz/ready", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await client.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK, "the process is alive; restarting it would not help");

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BackCareDbContext>();
            await db.Database.ExecuteSqlRawAsync($"INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\") VALUES ('{Latest}', '10.0')");
        }

        (await client.GetAsync(new Uri("/healthz/ready", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_database_that_does_not_answer_is_not_ready()
    {
        await using var db = new PostgresBackCareDbContext(new DbContextOptionsBuilder<PostgresBackCareDbContext>()
            .UseNpgsql("Host=127.0.0.1;Port=1;Username=nobody;Database=none;Timeout=2").Options);
        var result = await new DatabaseReadyCheck(db).CheckHealthAsync(new HealthCheckContext());
        result.Status.ShouldBe(HealthStatus.Unhealthy);
    }

    [Fact]
    public async Task Metrics_are_off_unless_turned_on()
    {
        await using var factory = new BackCareWebFactory(_folder);
        using var client = factory.CreateClient();
        var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative));
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Turned_on_metrics_give_request_rate_latency_status_codes_and_database_time_in_Prometheus_format()
    {
        await using var factory = new BackCareWebFactory(_folder, new Dictionary<string, string> { ["BackCare:Metrics:Enabled"] = "true" });
        var web = factory.Session();
        await web.RegisterAsync("metrics@example.com");
        await web.PostFormAsync("/Diary", ("Pain", "3"));
        (await web.GetAsync("/Diary")).Status.ShouldBe(HttpStatusCode.OK);
        (await web.GetAsync("/no-such-page")).Status.ShouldBe(HttpStatusCode.NotFound);

        var (status, text) = await web.GetAsync("/metrics");
        status.ShouldBe(HttpStatusCode.OK);
        // Request rate and latency: a histogram by route and status code (rate() of its _count is requests per second).
        text.ShouldContain("http_server_request_duration_seconds_bucket{");
        var routes = string.Join(' ', System.Text.RegularExpressions.Regex.Matches(text, "http_route=\"[^\"]*\"").Select(m => m.Value).Distinct());
        routes.ShouldContain("http_route=\"Diary\"", customMessage: routes);
        text.ShouldContain("http_response_status_code=\"404\"", customMessage: "errors are counted by status code");
        // Database time, by provider.
        text.ShouldContain("backcare_db_command_duration_seconds_bucket{");
        // Memory, from .NET's own runtime meter (is a node's heap flat over a soak?).
        text.ShouldContain("dotnet_gc_last_collection_heap_size_bytes");
        text.ShouldContain($"db_system=\"{(factory.Provider == "postgres" ? "postgresql" : "sqlite")}\"");
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
