using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace BackCare.App.CdsHooks;

/// <summary>
/// The override report (accepted and overridden cards per rule): one query and its tally, used by the store on
/// EF Core's connection (either database, the clinician page) and by <c>backcare cds overrides</c> on a SQLite file
/// opened directly, read-only and without EF Core, so the command starts quickly and runs in the native program.
/// </summary>
public static class CdsOutcomeReport
{
    private const string Sql = "SELECT rule_id, outcome, override_code, COUNT(*) FROM cds_feedback GROUP BY rule_id, outcome, override_code";

    /// <summary>SQLite's code for a statement that cannot run, here "no such table" (a database made before CDS Hooks).</summary>
    private const int SqliteError = 1;

    /// <summary>Most overridden first, then the most used, then by rule id. <paramref name="connection"/> is open.</summary>
    public static async Task<IReadOnlyList<CdsRuleOutcomes>> ReadAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, (int Accepted, int Overridden, Dictionary<string, int> Reasons)>(StringComparer.Ordinal);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = Sql;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var rule = reader.IsDBNull(0) ? "(unknown card)" : reader.GetString(0);
                var outcome = reader.GetString(1);
                var code = reader.IsDBNull(2) ? null : reader.GetString(2);
                var n = Convert.ToInt32(reader.GetValue(3), System.Globalization.CultureInfo.InvariantCulture);
                (int Accepted, int Overridden, Dictionary<string, int> Reasons) entry = counts.TryGetValue(rule, out var e) ? e : (0, 0, new Dictionary<string, int>(StringComparer.Ordinal));
                if (outcome == "accepted") entry.Accepted += n;
                else
                {
                    entry.Overridden += n;
                    var key = code ?? "(no reason given)";
                    entry.Reasons[key] = entry.Reasons.GetValueOrDefault(key) + n;
                }

                counts[rule] = entry;
            }
        }

        return [.. counts
            .Select(c => new CdsRuleOutcomes(c.Key, c.Value.Accepted, c.Value.Overridden, c.Value.Reasons))
            .OrderByDescending(r => r.OverrideRate).ThenByDescending(r => r.Total).ThenBy(r => r.RuleId, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The report from the SQLite database <paramref name="connectionString"/> names. Nothing is created: a missing file
    /// has no feedback (<see cref="SqliteOutcomes.DatabaseFound"/> false), as has a database made before the CDS Hooks
    /// tables; anything else SQLite refuses (not a database, unreadable, no usable path) is reported against
    /// <paramref name="field"/>, the setting that named the file. Opened read-write (a SELECT is all that runs) so the
    /// last connection to a WAL database can tidy its side files on close.
    /// </summary>
    public static async Task<Result<SqliteOutcomes>> ReadSqliteAsync(string connectionString, string field, CancellationToken cancellationToken)
    {
        string path;
        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(connectionString);
            path = Path.GetFullPath(builder.DataSource);
        }
        catch (ArgumentException ex)
        {
            return Result<SqliteOutcomes>.Fail(field, $"does not name a SQLite database file: {ex.Message}");
        }

        if (!File.Exists(path)) return Result<SqliteOutcomes>.Ok(new SqliteOutcomes(path, DatabaseFound: false, []));
        builder.DataSource = path;
        builder.Mode = SqliteOpenMode.ReadWrite;
        builder.Pooling = false;
        try
        {
            await using var connection = new SqliteConnection(builder.ToString());
            await connection.OpenAsync(cancellationToken);
            return Result<SqliteOutcomes>.Ok(new SqliteOutcomes(path, DatabaseFound: true, await ReadAsync(connection, cancellationToken)));
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == SqliteError && ex.Message.Contains("no such table", StringComparison.Ordinal))
        {
            return Result<SqliteOutcomes>.Ok(new SqliteOutcomes(path, DatabaseFound: true, []));
        }
        catch (SqliteException ex)
        {
            return Result<SqliteOutcomes>.Fail(field, $"cannot read the database {path}: {ex.Message}");
        }
    }
}

/// <summary>The override report read from a SQLite file: where it looked, whether a database was there, the rules.</summary>
public sealed record SqliteOutcomes(string Path, bool DatabaseFound, IReadOnlyList<CdsRuleOutcomes> Rules);
