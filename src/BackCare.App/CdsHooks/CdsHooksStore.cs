using System.Data.Common;
using BackCare.App.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace BackCare.App.CdsHooks;

/// <summary>One feedback outcome as stored (free-text comments are not kept).</summary>
public sealed record CdsFeedbackRow(
    string Issuer,
    string CardUuid,
    string Outcome,
    string OutcomeTimestamp,
    string ServiceId,
    string? RuleId,
    int AcceptedSuggestions,
    string? OverrideSystem,
    string? OverrideCode,
    DateTime ReceivedAt);

/// <summary>Accepted and overridden counts for one rule, with the override reasons given.</summary>
public sealed record CdsRuleOutcomes(string RuleId, int Accepted, int Overridden, IReadOnlyDictionary<string, int> OverrideReasons)
{
    public int Total => Accepted + Overridden;

    /// <summary>Overrides as a share of all outcomes: the measure of alert fatigue.</summary>
    public double OverrideRate => Total == 0 ? 0 : Math.Round((double)Overridden / Total, 3);
}

/// <summary>
/// Plain SQL over the CDS Hooks tables (CdsHooksSchema), the same text on SQLite and PostgreSQL.
/// Inserts use ON CONFLICT DO NOTHING, so a replayed JWT id or a repeated feedback report is
/// detected atomically by the database, whichever node received it.
/// </summary>
public sealed class CdsHooksStore(BackCareDbContext db) : IDisposable
{
    /// <summary>Ids recorded by one statement (three parameters each, well inside SQLite's and PostgreSQL's limits).</summary>
    public const int JwtIdsPerStatement = 300;

    /// <summary>
    /// Records a group of JWT ids (one statement per <see cref="JwtIdsPerStatement"/>, each atomic); returns the (issuer, jti) pairs that were new.
    /// <c>ON CONFLICT DO NOTHING RETURNING</c> lets the database decide, whichever node saw an id first.
    /// </summary>
    public async Task<HashSet<(string Issuer, string Jti)>> RecordJwtIdsAsync(IReadOnlyList<JwtIdUse> uses, CancellationToken cancellationToken)
    {
        var fresh = new HashSet<(string, string)>();
        await HoldReplayConnectionAsync(cancellationToken);
        foreach (var chunk in uses.Chunk(JwtIdsPerStatement))
        {
            var values = string.Join(", ", chunk.Select((_, i) => FormattableString.Invariant($"(@p{3 * i}, @p{3 * i + 1}, @p{3 * i + 2})")));
            var parameters = chunk.SelectMany(u => new object?[] { u.Issuer, u.Jti, DateTime.SpecifyKind(u.ExpiresAtUtc, DateTimeKind.Utc) }).ToArray();
            await QueryAsync(
                $"INSERT INTO cds_jwt_ids (issuer, jti, expires_at) VALUES {values} ON CONFLICT DO NOTHING RETURNING issuer, jti",
                parameters,
                reader => fresh.Add((reader.GetString(0), reader.GetString(1))),
                cancellationToken);
        }

        return fresh;
    }

    /// <summary>
    /// Pages of write-ahead log from which the replay writer's connection checkpoints after a commit (SQLite's default is
    /// 1,000). The checkpoint runs inside that commit, and every call waiting on the batch waits for it; long ones made the
    /// worked case's longest stalls. In session 30's runs, 100 gave p99 11-16 ms against 15-20 ms for the default, from
    /// few runs on a noisy VM (docs/benchmarks.md, "Session 30"). As with any setting, SQLite checkpoints after every
    /// commit while readers keep the log from starting again at this size.
    /// </summary>
    public const int ReplayWalCheckpointPages = 100;

    /// <summary>
    /// SQLite's <c>synchronous</c> level on the replay writer's connection: NORMAL (1) rather than the default FULL (2).
    /// In WAL mode NORMAL syncs at checkpoints, not at every commit, and a process crash loses no committed id; a power or
    /// operating-system failure can lose the last commits, so tokens seen just before it could be presented once more
    /// until they expire (an hour and two minutes at most: CdsTokenValidator.MaxLifetime plus its leeway). At load the
    /// writer committed about 750 times a second, each waiting for its sync; with NORMAL the worked case ran 4,100-4,400 requests/s at p99 9.4-11.7 ms
    /// against 3,300-3,850 at 9.8-13.7 ms (docs/benchmarks.md, "Session 32"; ADR 0020). PostgreSQL is not affected.
    /// </summary>
    public const int ReplaySynchronous = 1;

    /// <summary>The replay connection is open and held (its settings made, or tried once).</summary>
    private bool _held;

    /// <summary>
    /// On SQLite, the connection that records JWT ids stays open for this store's life (the replay writer keeps one store)
    /// so its checkpoint and sync settings, which belong to the connection, are made once; it is closed for good, not
    /// pooled, when the store goes, so other connections keep SQLite's defaults. A setting that fails leaves the default:
    /// the ids are still recorded.
    /// </summary>
    private async Task HoldReplayConnectionAsync(CancellationToken cancellationToken)
    {
        if (_held || !db.Database.IsSqlite()) return;
        await db.Database.OpenConnectionAsync(cancellationToken);
        _held = true;
        await TrySettingAsync(FormattableString.Invariant($"PRAGMA wal_autocheckpoint={ReplayWalCheckpointPages}"), cancellationToken);
        await TrySettingAsync(FormattableString.Invariant($"PRAGMA synchronous={ReplaySynchronous}"), cancellationToken);
    }

    private async Task TrySettingAsync(string pragma, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = pragma;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (DbException)
        {
            // Only this setting is lost; the batch goes on with SQLite's default.
        }
    }

    /// <summary>The held connection is closed and dropped from the pool, its settings with it.</summary>
    public void Dispose()
    {
        if (!_held) return;
        _held = false;
        if (db.Database.GetDbConnection() is SqliteConnection sqlite) SqliteConnection.ClearPool(sqlite);
        db.Database.CloseConnection();
    }

    /// <summary>Forgets ids whose tokens have expired (they can no longer be replayed).</summary>
    public Task<int> PurgeExpiredJwtIdsAsync(DateTime nowUtc, CancellationToken cancellationToken) =>
        ExecuteAsync("DELETE FROM cds_jwt_ids WHERE expires_at < @p0", [DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc)], cancellationToken);

    /// <summary>True when stored now; false when the same outcome was already stored (idempotent).</summary>
    public async Task<bool> RecordFeedbackAsync(CdsFeedbackRow row, CancellationToken cancellationToken)
    {
        var rows = await ExecuteAsync(
            "INSERT INTO cds_feedback (issuer, card_uuid, outcome, outcome_timestamp, service_id, rule_id, accepted_suggestions, override_system, override_code, received_at) " +
            "VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9) ON CONFLICT DO NOTHING",
            [row.Issuer, row.CardUuid, row.Outcome, row.OutcomeTimestamp, row.ServiceId, row.RuleId, row.AcceptedSuggestions, row.OverrideSystem, row.OverrideCode,
                DateTime.SpecifyKind(row.ReceivedAt, DateTimeKind.Utc)],
            cancellationToken);
        return rows == 1;
    }

    /// <summary>Outcomes per rule, most overridden first.</summary>
    public async Task<IReadOnlyList<CdsRuleOutcomes>> OutcomesByRuleAsync(CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            return await CdsOutcomeReport.ReadAsync(db.Database.GetDbConnection(), cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Ingredients (RXCUI, name) of each product code found in the imported RxNorm map.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<(string Rxcui, string Name)>>> IngredientsAsync(
        IReadOnlyCollection<string> productCodes, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, IReadOnlyList<(string, string)>>(StringComparer.Ordinal);
        if (productCodes.Count == 0) return result;
        var found = new Dictionary<string, List<(string, string)>>(StringComparer.Ordinal);
        // Every code is looked up, 200 to a query: a code left out would be cached as having no ingredients.
        foreach (var codes in productCodes.Distinct(StringComparer.Ordinal).Chunk(200))
        {
            var placeholders = string.Join(", ", codes.Select((_, i) => "@p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            await QueryAsync(
                $"SELECT product_rxcui, ingredient_rxcui, ingredient_name FROM rxnorm_ingredients WHERE product_rxcui IN ({placeholders})",
                [.. codes],
                reader =>
                {
                    var product = reader.GetString(0);
                    if (!found.TryGetValue(product, out var list)) found[product] = list = [];
                    list.Add((reader.GetString(1), reader.GetString(2)));
                },
                cancellationToken);
        }

        foreach (var (product, list) in found) result[product] = list;
        return result;
    }

    /// <summary>Replaces the imported map with these rows in one transaction; returns the number stored.</summary>
    public async Task<int> ReplaceRxNormMapAsync(IEnumerable<(string Product, string Ingredient, string Name)> rows, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var transaction = await db.Database.GetDbConnection().BeginTransactionAsync(cancellationToken);
            var connection = db.Database.GetDbConnection();
            await using (var clear = connection.CreateCommand())
            {
                clear.Transaction = transaction;
                clear.CommandText = "DELETE FROM rxnorm_ingredients";
                await clear.ExecuteNonQueryAsync(cancellationToken);
            }

            var count = 0;
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO rxnorm_ingredients (product_rxcui, ingredient_rxcui, ingredient_name) VALUES (@p0, @p1, @p2) ON CONFLICT DO NOTHING";
            var p0 = AddParameter(insert, "@p0", "");
            var p1 = AddParameter(insert, "@p1", "");
            var p2 = AddParameter(insert, "@p2", "");
            foreach (var (product, ingredient, name) in rows)
            {
                p0.Value = product;
                p1.Value = ingredient;
                p2.Value = name;
                count += await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return count;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<int> ExecuteAsync(string sql, object?[] parameters, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = sql;
            for (var i = 0; i < parameters.Length; i++) AddParameter(command, "@p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), parameters[i]);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task QueryAsync(string sql, object?[] parameters, Action<DbDataReader> row, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = sql;
            for (var i = 0; i < parameters.Length; i++) AddParameter(command, "@p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), parameters[i]);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) row(reader);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static DbParameter AddParameter(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
