using System.Data.Common;
using BackCare.App.Data;
using Microsoft.EntityFrameworkCore;

namespace BackCare.App.Tests.Data;

/// <summary>
/// Migrations are hand-written, so these tests prove that applying them yields exactly the tables
/// and columns the EF model expects, on both providers.
/// </summary>
public sealed class SchemaMatchesModelTests
{
    [Fact]
    public async Task Sqlite_migrations_create_every_table_and_column_of_the_model()
    {
        using var folder = new TempFolder();
        await using var db = TestDatabases.NewSqlite(folder.Path);
        await db.Database.MigrateAsync();

        var actual = await ReadColumnsAsync(db, "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table'");
        AssertModelColumnsExist(db, actual);
        (await db.Database.GetPendingMigrationsAsync()).ShouldBeEmpty();
    }

    [Fact]
    [Trait("Storage", "Postgres")]
    public async Task Postgres_migrations_create_every_table_and_column_of_the_model()
    {
        var (db, _) = await TestDatabases.NewPostgresAsync();
        await using (db)
        {
            await db.Database.MigrateAsync();
            var actual = await ReadColumnsAsync(db,
                "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'");
            AssertModelColumnsExist(db, actual);
            (await db.Database.GetPendingMigrationsAsync()).ShouldBeEmpty();
            await db.Database.EnsureDeletedAsync();
        }
    }

    private static void AssertModelColumnsExist(BackCareDbContext db, HashSet<(string Table, string Column)> actual)
    {
        var expected = db.Model.GetEntityTypes()
            .SelectMany(e => e.GetProperties().Select(p => (Table: e.GetTableName()!, Column: p.GetColumnName())))
            .ToList();
        expected.ShouldNotBeEmpty();
        foreach (var column in expected)
        {
            actual.ShouldContain(column, $"the migrated schema lacks {column.Table}.{column.Column}");
        }

        var modelTables = expected.Select(c => c.Table).ToHashSet();
        var extra = actual.Where(c => modelTables.Contains(c.Table) && !expected.Contains(c)).ToList();
        extra.ShouldBeEmpty("the migrated schema has columns the model does not know");
    }

    private static async Task<HashSet<(string, string)>> ReadColumnsAsync(BackCareDbContext db, string sql)
    {
        var result = new HashSet<(string, string)>();
        DbConnection connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            result.Add((reader.GetString(0), reader.GetString(1)));
        }

        await connection.CloseAsync();
        return result;
    }
}
