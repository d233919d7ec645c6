using System.Globalization;
using BackCare.App.CdsHooks;
using BackCare.App.Data;
using BackCare.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BackCare.CdsHooks.Tests;

/// <summary>The replay cache's own connection on SQLite: ids recorded once, checkpoints in small steps, syncs at checkpoints.</summary>
public sealed class ReplayCacheStorageTests(CdsHost host) : IClassFixture<CdsHost>
{
    [Fact]
    public async Task The_replay_connection_checkpoints_in_small_steps_and_syncs_at_checkpoints_and_other_connections_keep_the_defaults()
    {
        var use = new JwtIdUse("https://ehr.storage.test", Guid.NewGuid().ToString(), new DateTime(2099, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<CdsHooksStore>();
            (await store.RecordJwtIdsAsync([use], CancellationToken.None)).ShouldBe([(use.Issuer, use.Jti)]);
            (await store.RecordJwtIdsAsync([use], CancellationToken.None)).ShouldBeEmpty();

            var db = scope.ServiceProvider.GetRequiredService<BackCareDbContext>();
            if (TestStorage.OnPostgres)
            {
                // PostgreSQL has no such setting: the connection goes back to the pool after each statement.
                db.Database.GetDbConnection().State.ShouldBe(System.Data.ConnectionState.Closed);
                return;
            }

            // The store keeps its connection open, so the settings made on the first batch are still the ones in force.
            db.Database.GetDbConnection().State.ShouldBe(System.Data.ConnectionState.Open);
            (await PragmaAsync(db, "wal_autocheckpoint")).ShouldBe(CdsHooksStore.ReplayWalCheckpointPages);
            (await PragmaAsync(db, "synchronous")).ShouldBe(CdsHooksStore.ReplaySynchronous);
        }

        // The pool hands out its most recent connection first: had the store's connection gone back to it, these would
        // read 100 and 1 (NORMAL); SQLite's defaults are 1,000 pages and 2 (FULL).
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BackCareDbContext>();
            (await PragmaAsync(db, "wal_autocheckpoint")).ShouldBe(1000);
            (await PragmaAsync(db, "synchronous")).ShouldBe(2);
        }
    }

    private static async Task<long> PragmaAsync(BackCareDbContext db, string pragma)
    {
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA " + pragma;
            return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
