using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations.Builders;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace BackCare.App.Data.Migrations;

// Migrations are written by hand: Microsoft.EntityFrameworkCore.Design cannot be restored here
// (the team package notes, dotnet-packages.md). The schema body is shared; each provider adds only its
// identity annotation. SchemaMatchesModelTests checks that migrated databases match the model.
internal static class InitialSchema
{
    public static void Up(MigrationBuilder migrationBuilder, Action<OperationBuilder<AddColumnOperation>> identity)
    {
        migrationBuilder.CreateTable(
            name: "audit_entries",
            columns: table => new
            {
                id = MigrationColumns.Identity<long>(table, identity),
                occurred_at = table.Column<DateTimeOffset>(nullable: false),
                actor = table.Column<string>(maxLength: 100, nullable: false),
                action = table.Column<string>(maxLength: 40, nullable: false),
                resource_type = table.Column<string>(maxLength: 60, nullable: false),
                resource_id = table.Column<string>(maxLength: 100, nullable: true),
            },
            constraints: table => table.PrimaryKey("pk_audit_entries", x => x.id));

        migrationBuilder.CreateIndex(
            name: "ix_audit_entries_resource",
            table: "audit_entries",
            columns: ["resource_type", "resource_id"]);
    }

    public static void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("audit_entries");
}

[DbContext(typeof(SqliteBackCareDbContext))]
[Migration("20261124000001_Initial")]
public sealed class SqliteInitial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        InitialSchema.Up(migrationBuilder, c => c.Annotation("Sqlite:Autoincrement", true));

    protected override void Down(MigrationBuilder migrationBuilder) => InitialSchema.Down(migrationBuilder);
}

[DbContext(typeof(PostgresBackCareDbContext))]
[Migration("20261124000001_Initial")]
public sealed class PostgresInitial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        InitialSchema.Up(migrationBuilder, c => c.Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn));

    protected override void Down(MigrationBuilder migrationBuilder) => InitialSchema.Down(migrationBuilder);
}
