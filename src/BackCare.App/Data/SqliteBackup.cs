using Microsoft.Data.Sqlite;

namespace BackCare.App.Data;

/// <summary>What a verified copy holds: where, SQLite's own integrity verdict and the rows of every table.</summary>
public sealed record BackupReport(string File, string IntegrityCheck, IReadOnlyDictionary<string, long> Rows);

/// <summary>
/// Backup and restore of the SQLite database with SQLite's online backup API: a consistent copy while the app runs,
/// verified before it is trusted (<c>PRAGMA integrity_check</c> is "ok" and every table has as many rows as the
/// source had at the moment of the copy). PostgreSQL uses pg_dump and pg_restore (docs/operations.md).
/// </summary>
public static class SqliteBackup
{
    /// <summary>
    /// Copies the database to <paramref name="destinationFile"/> (which must not exist yet) and verifies the copy.
    /// <paramref name="sourceField"/> names the setting that gave the database's path, for errors about it.
    /// </summary>
    public static async Task<Result<BackupReport>> BackupAsync(string sourceConnectionString, string sourceField, string destinationFile, CancellationToken ct)
    {
        var source = DataSource(sourceConnectionString);
        if (!File.Exists(source)) return Fail(sourceField, $"no BackCare database at {source}");
        var destination = Path.GetFullPath(destinationFile);
        if (File.Exists(destination)) return Fail("--to", $"{destination} already exists; choose a new file");
        if (Directory.Exists(destination)) return Fail("--to", $"{destination} is a folder; name a new file");

        // A failure is reported against the file being worked on: the database until the copy starts, then the copy.
        var (field, problem) = (sourceField, $"{source} cannot be read as a SQLite database");
        var created = false;
        var verified = false;
        try
        {
            IReadOnlyDictionary<string, long> expected;
            try
            {
                await using var from = await OpenAsync(source, ct);
                // One read transaction: the counts and the copy see the same snapshot, however busy the app is.
                await using var snapshot = from.BeginTransaction(deferred: true);
                expected = await CountRowsAsync(from, snapshot, ct);
                (field, problem) = ("--to", $"cannot write {destination}");
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                created = true;
                await using var to = await OpenAsync(destination, ct);
                from.BackupDatabase(to);
                await snapshot.CommitAsync(ct);
            }
            catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException)
            {
                return Fail(field, $"{problem}: {ex.Message}");
            }

            var report = await VerifyAsync(destination, expected, "--to", ct);
            verified = report.Succeeded;
            return report;
        }
        finally
        {
            // Only a verified copy stays; a file this call did not start is never touched (an existing --to is refused).
            if (created && !verified) TryDelete(destination);
        }
    }

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Nothing was written there (a folder, say, or a path through a file): nothing to tidy.
        }
    }

    /// <summary>
    /// Replaces the database with a backup after checking the backup (integrity, a BackCare schema), then checks the
    /// result the same way. Stop the web app first: a running app would keep serving from what it had cached.
    /// <paramref name="targetField"/> names the setting that gave the database's path, for errors about it.
    /// </summary>
    public static async Task<Result<BackupReport>> RestoreAsync(string backupFile, string targetConnectionString, string targetField, CancellationToken ct)
    {
        var backup = Path.GetFullPath(backupFile);
        if (!File.Exists(backup)) return Fail("--from", $"no file at {backup}");
        IReadOnlyDictionary<string, long> expected;
        try
        {
            await using var from = await OpenAsync(backup, ct, readOnly: true);
            var integrity = await IntegrityAsync(from, ct);
            if (integrity != "ok") return Fail("--from", $"{backup} fails PRAGMA integrity_check: {integrity}");
            expected = await CountRowsAsync(from, null, ct);
            if (!expected.ContainsKey("__EFMigrationsHistory") || !expected.ContainsKey("users"))
            {
                return Fail("--from", $"{backup} is not a BackCare database (no users or migrations table)");
            }

            var target = DataSource(targetConnectionString);
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                await using var to = await OpenAsync(target, ct);
                from.BackupDatabase(to);
            }
            catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException)
            {
                return Fail(targetField, $"cannot write {target}: {ex.Message}");
            }

            return await VerifyAsync(target, expected, targetField, ct);
        }
        catch (SqliteException ex)
        {
            return Fail("--from", $"{backup} cannot be read as a SQLite database: {ex.Message}");
        }
    }

    /// <summary>Integrity check and row counts of a database file, compared with what was expected.</summary>
    public static async Task<Result<BackupReport>> VerifyAsync(string file, IReadOnlyDictionary<string, long> expected, string field, CancellationToken ct)
    {
        await using var connection = await OpenAsync(file, ct, readOnly: true);
        var integrity = await IntegrityAsync(connection, ct);
        if (integrity != "ok") return Fail(field, $"the copy fails PRAGMA integrity_check: {integrity}");
        var rows = await CountRowsAsync(connection, null, ct);
        foreach (var (table, count) in expected)
        {
            if (!rows.TryGetValue(table, out var copied) || copied != count)
            {
                return Fail(field, $"the copy has {copied} rows in {table}, the source had {count}");
            }
        }

        return Result<BackupReport>.Ok(new BackupReport(file, integrity, rows));
    }

    private static async Task<SqliteConnection> OpenAsync(string file, CancellationToken ct, bool readOnly = false)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = file,
            Pooling = false,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
        }.ToString());
        await connection.OpenAsync(ct);
        return connection;
    }

    private static async Task<string> IntegrityAsync(SqliteConnection connection, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) lines.Add(reader.GetString(0));
        return string.Join("; ", lines);
    }

    private static async Task<IReadOnlyDictionary<string, long>> CountRowsAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken ct)
    {
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.Transaction = transaction;
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            await using var reader = await list.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) tables.Add(reader.GetString(0));
        }

        var rows = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            await using var count = connection.CreateCommand();
            count.Transaction = transaction;
            count.CommandText = $"SELECT COUNT(*) FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
            rows[table] = (long)(await count.ExecuteScalarAsync(ct))!;
        }

        return rows;
    }

    private static string DataSource(string connectionString) =>
        Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource);

    private static Result<BackupReport> Fail(string field, string message) => new(null, [new Problem(field, message)]);
}
