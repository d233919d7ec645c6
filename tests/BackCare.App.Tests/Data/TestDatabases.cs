using BackCare.App.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace BackCare.App.Tests.Data;

/// <summary>
/// Real databases for storage tests: a fresh SQLite file, or a fresh database on the throwaway
/// PostgreSQL server that ./test.sh starts (connection string in BACKCARE_TEST_POSTGRES).
/// </summary>
public static class TestDatabases
{
    public static string PostgresServer =>
        Environment.GetEnvironmentVariable("BACKCARE_TEST_POSTGRES")
        ?? throw new InvalidOperationException(
            "BACKCARE_TEST_POSTGRES is not set: run the tests with ./test.sh, which starts a throwaway PostgreSQL.");

    public static SqliteBackCareDbContext NewSqlite(string directory) =>
        new(new DbContextOptionsBuilder<SqliteBackCareDbContext>()
            .UseSqlite($"Data Source={Path.Combine(directory, "backcare.db")}")
            .Options);

    public static async Task<(PostgresBackCareDbContext Context, string ConnectionString)> NewPostgresAsync()
    {
        var name = "backcare_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(PostgresServer))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        var connection = new NpgsqlConnectionStringBuilder(PostgresServer) { Database = name }.ConnectionString;
        var context = new PostgresBackCareDbContext(new DbContextOptionsBuilder<PostgresBackCareDbContext>()
            .UseNpgsql(connection)
            .Options);
        return (context, connection);
    }
}

/// <summary>A temporary folder removed after the test.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("backcare-test-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Path, recursive: true);
    }
}
