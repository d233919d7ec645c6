using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BackCare.App.Data.Migrations;

// Hand-written (see InitialSchema.cs). Imported PHQ-9 responses became an input of the panel facts (an item 9 above zero
// raises the self-harm alert); every stored row is marked changed once so that it is recomputed with them.
internal static class PanelFactsImportedSchema
{
    public static void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("UPDATE panel_facts SET change_version = change_version + 1");

    public static void Down(MigrationBuilder migrationBuilder)
    {
        // Nothing to undo: a row recomputed once more is the same row.
    }
}

[DbContext(typeof(SqliteBackCareDbContext))]
[Migration("20261213000001_PanelFactsImported")]
public sealed class SqlitePanelFactsImported : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => PanelFactsImportedSchema.Up(migrationBuilder);

    protected override void Down(MigrationBuilder migrationBuilder) => PanelFactsImportedSchema.Down(migrationBuilder);
}

[DbContext(typeof(PostgresBackCareDbContext))]
[Migration("20261213000001_PanelFactsImported")]
public sealed class PostgresPanelFactsImported : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => PanelFactsImportedSchema.Up(migrationBuilder);

    protected override void Down(MigrationBuilder migrationBuilder) => PanelFactsImportedSchema.Down(migrationBuilder);
}
