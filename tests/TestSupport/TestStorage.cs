using Npgsql;

namespace BackCare.TestSupport;

/// <summary>
/// Which database the storage tests run on (issue 14). ./test.sh runs the App and Web suites twice: once as they are
/// (SQLite in a temporary folder) and once with BACKCARE_TEST_PROVIDER=postgres, where every host and fixture gets a
/// fresh database of its own on the throwaway server in BACKCARE_TEST_POSTGRES. Linked into each test project.
/// </summary>
public static class TestStorage
{
    public static bool OnPostgres =>
        string.Equals(Environment.GetEnvironmentVariable("BACKCARE_TEST_PROVIDER"), "postgres", StringComparison.OrdinalIgnoreCase);

    public static string Provider => OnPostgres ? "postgres" : "sqlite";

    public static string PostgresServer =>
        Environment.GetEnvironmentVariable("BACKCARE_TEST_POSTGRES")
        ?? throw new InvalidOperationException(
            "BACKCARE_TEST_POSTGRES is not set: run the tests with ./test.sh, which starts a throwaway PostgreSQL.");

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static string CreatePostgresDatabase(string prefix = "backcare_test")
    {
        var name = prefix + "_" + Guid.NewGuid().ToString("N")[..12];
        using (var admin = new NpgsqlConnection(PostgresServer))
        {
            admin.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            create.ExecuteNonQuery();
        }

        return new NpgsqlConnectionStringBuilder(PostgresServer) { Database = name }.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreatePostgresDatabase"/>, closing whatever still uses it.</summary>
    public static void DropPostgresDatabase(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        using var admin = new NpgsqlConnection(PostgresServer);
        admin.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
        drop.ExecuteNonQuery();
    }
}
