using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BackCare.App.Data.Migrations;

// Hand-written (see InitialSchema.cs). The key that signs SMART identity tokens, shared by every node (ADR 0018),
// stored protected with the Data Protection key ring.
internal static class SmartSigningKeySchema
{
    public static void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateTable(
            name: "smart_signing_keys",
            columns: table => new
            {
                id = table.Column<string>(maxLength: 64, nullable: false),
                protected_key = table.Column<string>(nullable: false),
                created_at = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_smart_signing_keys", x => x.id));

    public static void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("smart_signing_keys");
}

[DbContext(typeof(SqliteBackCareDbContext))]
[Migration("20261212000001_SmartSigningKey")]
public sealed class SqliteSmartSigningKey : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => SmartSigningKeySchema.Up(migrationBuilder);

    protected override void Down(MigrationBuilder migrationBuilder) => SmartSigningKeySchema.Down(migrationBuilder);
}

[DbContext(typeof(PostgresBackCareDbContext))]
[Migration("20261212000001_SmartSigningKey")]
public sealed class PostgresSmartSigningKey : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => SmartSigningKeySchema.Up(migrationBuilder);

    protected override void Down(MigrationBuilder migrationBuilder) => SmartSigningKeySchema.Down(migrationBuilder);
}
