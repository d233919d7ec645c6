using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BackCare.App.Data;

/// <summary>
/// Creates the data folder, applies migrations and switches SQLite to WAL mode. On PostgreSQL, several nodes may
/// start at once: each takes a session advisory lock first, so one migrates (and creates the shared data-protection
/// key) while the others wait, then find nothing left to do (docs/adr/0012).
/// </summary>
public sealed partial class DatabaseInitializer(
    BackCareDbContext db, IOptions<StorageOptions> options, ILogger<DatabaseInitializer> logger, IDataProtectionProvider? protection = null)
{
    /// <summary>The advisory lock key every BackCare node takes around start-up work ("BackCare" in ASCII).</summary>
    public const long StartupLockKey = 0x4261636B43617265;

    /// <summary>Where the database lives, for the start-up message.</summary>
    public string Describe()
    {
        var storage = options.Value;
        if (storage.Provider == "postgres")
        {
            var builder = new Npgsql.NpgsqlConnectionStringBuilder(storage.ConnectionString);
            return $"PostgreSQL database '{builder.Database}' on {builder.Host}:{builder.Port}";
        }

        var sqlite = new SqliteConnectionStringBuilder(storage.ResolveSqliteConnectionString());
        return $"SQLite database {Path.GetFullPath(sqlite.DataSource)}";
    }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var storage = options.Value;
        if (storage.Provider == "sqlite")
        {
            var file = new SqliteConnectionStringBuilder(storage.ResolveSqliteConnectionString()).DataSource;
            var folder = Path.GetDirectoryName(Path.GetFullPath(file));
            if (folder is not null)
            {
                Directory.CreateDirectory(folder);
            }
        }

        if (storage.Provider == "postgres")
        {
            await using var lockConnection = new NpgsqlConnection(storage.ConnectionString);
            await lockConnection.OpenAsync(cancellationToken);
            await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", lockConnection))
            {
                take.Parameters.AddWithValue("key", StartupLockKey);
                await take.ExecuteNonQueryAsync(cancellationToken);
            }

            try
            {
                await MigrateAsync(cancellationToken);
            }
            finally
            {
                await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", lockConnection);
                release.Parameters.AddWithValue("key", StartupLockKey);
                await release.ExecuteNonQueryAsync(CancellationToken.None);
            }
        }
        else
        {
            // EF Core's own migration lock (a row in __EFMigrationsLock) keeps two processes on one file apart.
            await MigrateAsync(cancellationToken);
        }

        if (storage.Provider == "sqlite")
        {
            // WAL lets readers and the writer work at once; the setting persists in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        LogMigrated(logger, pending.Count);

        // The web host keeps its data-protection keys in the database: make sure one exists while this node holds
        // the lock, so nodes starting together share one key instead of each writing its own.
        protection?.CreateProtector("BackCare.Startup").Protect([1]);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database ready: {Count} migration(s) applied now")]
    private static partial void LogMigrated(ILogger logger, int count);
}
