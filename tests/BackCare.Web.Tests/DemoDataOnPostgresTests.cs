using BackCare.App.Data;
using BackCare.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BackCare.Web.Tests;

/// <summary>
/// `--demo` on a fresh PostgreSQL database (issue 14): it crashed on first start ("Cannot write DateTime with
/// Kind=Unspecified") after writing users and diary entries. Runs on the PostgreSQL server ./test.sh starts.
/// </summary>
public sealed class DemoDataOnPostgresTests
{
    [Fact]
    [Trait("Storage", "Postgres")]
    public async Task Demo_data_seeds_a_fresh_postgres_database_first_time_with_the_assessment_90_days_back()
    {
        var server = Environment.GetEnvironmentVariable("BACKCARE_TEST_POSTGRES")
            ?? throw new InvalidOperationException("BACKCARE_TEST_POSTGRES is not set: run the tests with ./test.sh, which starts a throwaway PostgreSQL.");
        var name = "backcare_demo_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        var connection = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        var folder = Directory.CreateTempSubdirectory("backcare-demo-pg-").FullName;
        await using var factory = new BackCareWebFactory(folder, new Dictionary<string, string>
        {
            ["BackCare:Storage:Provider"] = "postgres",
            ["BackCare:Storage:ConnectionString"] = connection,
        });
        _ = factory.Server;
        await using var scope = factory.Services.CreateAsyncScope();
        var seeded = await DemoData.SeedAsync(scope.ServiceProvider, default);
        seeded.PatientEmail.ShouldBe(DemoData.PatientEmail);

        var db = scope.ServiceProvider.GetRequiredService<BackCareDbContext>();
        var patient = await db.Users.Where(u => u.Email == DemoData.PatientEmail).Select(u => u.Id).SingleAsync();
        var assessment = await db.Assessments.SingleAsync(a => a.UserId == patient);
        (await db.CareShares.CountAsync()).ShouldBe(31, "the demo practice: the demo patient and 30 more share with the demo clinician");
        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
        DateOnly.FromDateTime(assessment.CompletedAt!.Value).ShouldBe(today.AddDays(-89), "the demo assessment comes first, 90 days back");
        (await db.DiaryEntries.CountAsync()).ShouldBeGreaterThan(60);
    }
}
