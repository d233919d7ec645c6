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
    /// The report from the SQLite database <paramref name="connectionString"/> names, opened read-only: a missing file
    /// (nothing created) or a database without the CDS Hooks tables has no feedback; anything else SQLite refuses (not a
    /// database, unreadable) is reported as the problem it is.
    /// </summary>
    public static async Task<Result<IReadOnlyList<CdsRuleOutcomes>>> ReadSqliteAsync(string connectionString, CancellationToken cancellationToken)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (!File.Exists(Path.GetFullPath(builder.DataSource))) return Result<IReadOnlyList<CdsRuleOutcomes>>.Ok([]);
        builder.Mode = SqliteOpenMode.ReadOnly;
        builder.Pooling = false;
        try
        {
            await using var connection = new SqliteConnection(builder.ToString());
            await connection.OpenAsync(cancellationToken);
            return Result<IReadOnlyList<CdsRuleOutcomes>>.Ok(await ReadAsync(connection, cancellationToken));
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == SqliteError && ex.Message.Contains("no such table", StringComparison.Ordinal))
        {
            return Result<IReadOnlyList<CdsRuleOutcomes>>.Ok([]);
        }
        catch (SqliteException ex)
        {
            return Result<IReadOnlyList<CdsRuleOutcomes>>.Fail("--data-dir", $"cannot read the database {builder.DataSource}: {ex.Message}");
        }
    }
}
