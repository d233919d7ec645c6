using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BackCare.App.Data;

/// <summary>Creates the data folder, applies migrations and switches SQLite to WAL mode.</summary>
public sealed partial class DatabaseInitializer(
    BackCareDbContext db, IOptions<StorageOptions> options, ILogger<DatabaseInitializer> logger)
{
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

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        LogMigrated(logger, pending.Count);

        if (storage.Provider == "sqlite")
        {
            // WAL lets readers and the writer work at once; the setting persists in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database ready: {Count} migration(s) applied now")]
    private static partial void LogMigrated(ILogger logger, int count);
}
