using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations.Builders;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace BackCare.App.Data.Migrations;

// Hand-written (docs/adr/0012). The data-protection key ring moves from each process's home folder into the
// database, so a cookie or antiforgery token issued by one web node is read by every other (issue 14).
internal static class DataProtectionKeysSchema
{
    public static void Up(MigrationBuilder migrationBuilder, Action<OperationBuilder<AddColumnOperation>> identity) =>
        migrationBuilder.CreateTable(
            name: "data_protection_keys",
            columns: table => new
            {
                id = MigrationColumns.Identity<int>(table, identity),
                friendly_name = table.Column<string>(nullable: true),
                xml = table.Column<string>(nullable: true),
            },
            constraints: table => table.PrimaryKey("pk_data_protection_keys", x => x.id));

    public static void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("data_protection_keys");
}

[DbContext(typeof(SqliteBackCareDbContext))]
[Migration("20261202100000_DataProtectionKeys")]
public sealed class SqliteDataProtectionKeys : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        DataProtectionKeysSchema.Up(migrationBuilder, c => c.Annotation("Sqlite:Autoincrement", true));

    protected override void Down(MigrationBuilder migrationBuilder) => DataProtectionKeysSchema.Down(migrationBuilder);
}

[DbContext(typeof(PostgresBackCareDbContext))]
[Migration("20261202100000_DataProtectionKeys")]
public sealed class PostgresDataProtectionKeys : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        DataProtectionKeysSchema.Up(migrationBuilder, c => c.Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn));

    protected override void Down(MigrationBuilder migrationBuilder) => DataProtectionKeysSchema.Down(migrationBuilder);
}
