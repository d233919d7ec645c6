using System.Globalization;
using BackCare.App.CdsHooks;
using BackCare.App.Data;
using BackCare.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BackCare.CdsHooks.Tests;

/// <summary>The replay cache's own connection on SQLite: ids recorded once, checkpoints in small steps.</summary>
public sealed class ReplayCacheStorageTests(CdsHost host) : IClassFixture<CdsHost>
{
    [Fact]
    public async Task The_replay_connection_checkpoints_in_small_steps_and_other_connections_keep_the_default()
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

            // The store keeps its connection open, so the setting made on the first batch is still the one in force.
            db.Database.GetDbConnection().State.ShouldBe(System.Data.ConnectionState.Open);
            (await AutoCheckpointAsync(db)).ShouldBe(CdsHooksStore.ReplayWalCheckpointPages);
        }

        // The pool hands out its most recent connection first: had the store's connection gone back to it, this would read 100.
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            (await AutoCheckpointAsync(scope.ServiceProvider.GetRequiredService<BackCareDbContext>())).ShouldBe(1000);
        }
    }

    private static async Task<long> AutoCheckpointAsync(BackCareDbContext db)
    {
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA wal_autocheckpoint";
            return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
