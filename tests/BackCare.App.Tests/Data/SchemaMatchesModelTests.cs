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
        AssertForeignKeysCascade(db, await ReadForeignKeysAsync(db,
            "SELECT m.name, p.\"from\", p.\"table\", p.on_delete FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) p WHERE m.type = 'table'"));
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
            AssertForeignKeysCascade(db, await ReadForeignKeysAsync(db, """
                SELECT kcu.table_name, kcu.column_name, ccu.table_name, rc.delete_rule
                FROM information_schema.referential_constraints rc
                JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = rc.constraint_name AND kcu.constraint_schema = rc.constraint_schema
                JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = rc.constraint_name AND ccu.constraint_schema = rc.constraint_schema
                WHERE rc.constraint_schema = 'public'
                """));
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

    /// <summary>Every foreign key of the model exists in the database, from the same column to the same table, with ON DELETE CASCADE (issue 13).</summary>
    private static void AssertForeignKeysCascade(BackCareDbContext db, HashSet<(string Table, string Column, string Principal, string OnDelete)> actual)
    {
        var expected = db.Model.GetEntityTypes().SelectMany(e => e.GetForeignKeys())
            .Select(fk => (Table: fk.DeclaringEntityType.GetTableName()!, Column: fk.Properties.Single().GetColumnName(), Principal: fk.PrincipalEntityType.GetTableName()!, fk.DeleteBehavior))
            .ToList();
        foreach (var owned in new[] { "diary_entries", "assessments", "password_reset_tokens", "user_tokens", "user_claims", "user_logins" }) expected.ShouldContain(fk => fk.Table == owned, owned);
        foreach (var fk in expected)
        {
            fk.DeleteBehavior.ShouldBe(Microsoft.EntityFrameworkCore.DeleteBehavior.Cascade, $"{fk.Table}.{fk.Column}");
            actual.ShouldContain((fk.Table, fk.Column, fk.Principal, "CASCADE"), $"the migrated schema lacks {fk.Table}.{fk.Column} -> {fk.Principal} ON DELETE CASCADE");
        }

        actual.Count.ShouldBe(expected.Count, "the migrated schema has foreign keys the model does not know");
    }

    private static async Task<HashSet<(string, string, string, string)>> ReadForeignKeysAsync(BackCareDbContext db, string sql)
    {
        var result = new HashSet<(string, string, string, string)>();
        DbConnection connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            result.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3).ToUpperInvariant()));
        }

        await connection.CloseAsync();
        return result;
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
