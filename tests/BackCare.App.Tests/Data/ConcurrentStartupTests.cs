using BackCare.App.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BackCare.App.Tests.Data;

/// <summary>
/// Issue 14: several nodes start at once against one empty database. One applies the migrations while the others
/// wait; each migration is applied once, every node comes up, and they share one data-protection key.
/// Each "node" here is a service provider of its own, as in a separate process.
/// </summary>
public sealed class ConcurrentStartupTests
{
    private const int Nodes = 4;

    [Fact]
    [Trait("Storage", "Postgres")]
    public async Task Four_nodes_starting_together_on_an_empty_PostgreSQL_database_migrate_once_and_share_one_key()
    {
        var (probe, connection) = await TestDatabases.NewPostgresAsync();
        await using (probe)
        {
            var settings = new Dictionary<string, string?> { ["BackCare:Storage:Provider"] = "postgres", ["BackCare:Storage:ConnectionString"] = connection };
            await StartTogetherAsync(settings);

            (await probe.Database.GetAppliedMigrationsAsync()).Count().ShouldBe(probe.Database.GetMigrations().Count());
            (await probe.Database.GetPendingMigrationsAsync()).ShouldBeEmpty();
            (await probe.DataProtectionKeys.CountAsync()).ShouldBe(1, "the nodes share the key the first one made");
            await probe.Database.EnsureDeletedAsync();
        }
    }

    [Fact]
    public async Task Four_processes_starting_together_on_one_new_SQLite_file_migrate_once()
    {
        using var folder = new TempFolder();
        var settings = new Dictionary<string, string?> { ["BackCare:Storage:Provider"] = "sqlite", ["BackCare:Storage:DataDirectory"] = folder.Path };
        await StartTogetherAsync(settings);

        await using var probe = TestDatabases.NewSqlite(folder.Path);
        (await probe.Database.GetAppliedMigrationsAsync()).Count().ShouldBe(probe.Database.GetMigrations().Count());
        (await probe.Database.GetPendingMigrationsAsync()).ShouldBeEmpty();
    }

    private static async Task StartTogetherAsync(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var nodes = Enumerable.Range(0, Nodes).Select(_ =>
        {
            var services = new ServiceCollection().AddLogging().AddBackCareApp(configuration);
            services.AddDataProtection().SetApplicationName("BackCare").PersistKeysToDbContext<BackCareDbContext>();
            return services.BuildServiceProvider();
        }).ToList();
        try
        {
            using var start = new Barrier(Nodes);
            await Task.WhenAll(nodes.Select(node => Task.Run(async () =>
            {
                await using var scope = node.CreateAsyncScope();
                var initializer = scope.ServiceProvider.GetRequiredService<DatabaseInitializer>();
                start.SignalAndWait(TimeSpan.FromSeconds(30));
                await initializer.InitializeAsync(CancellationToken.None);
            })));
        }
        finally
        {
            foreach (var node in nodes) await node.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Npgsql.NpgsqlConnection.ClearAllPools();
        }
    }
}
