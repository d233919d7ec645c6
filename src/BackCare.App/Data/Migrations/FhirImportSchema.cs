using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BackCare.App.Data.Migrations;

// Hand-written (see InitialSchema.cs). What a FHIR import brought in (issue 17): questionnaire answers (re-scored when
// read) and medicines. Both cascade with the account.
internal static class FhirImportSchema
{
    public static void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "imported_responses",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                user_id = table.Column<Guid>(nullable: false),
                instrument_id = table.Column<string>(maxLength: 20, nullable: false),
                answers_json = table.Column<string>(maxLength: 400, nullable: false),
                authored_at = table.Column<DateTime>(nullable: false),
                imported_at = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_imported_responses", x => x.id);
                table.ForeignKey("fk_imported_responses_users", x => x.user_id, "users", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_imported_responses_user", "imported_responses", ["user_id", "authored_at"]);

        migrationBuilder.CreateTable(
            name: "imported_medications",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                user_id = table.Column<Guid>(nullable: false),
                text = table.Column<string>(maxLength: 200, nullable: false),
                imported_at = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_imported_medications", x => x.id);
                table.ForeignKey("fk_imported_medications_users", x => x.user_id, "users", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_imported_medications_user", "imported_medications", ["user_id"]);
    }

    public static void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("imported_medications");
        migrationBuilder.DropTable("imported_responses");
    }
}

[DbContext(typeof(SqliteBackCareDbContext))]
[Migration("20261211000001_FhirImport")]
public sealed class SqliteFhirImport : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => FhirImportSchema.Up(migrationBuilder);

    protected override void Down(MigrationBuilder migrationBuilder) => FhirImportSchema.Down(migrationBuilder);
}

[DbContext(typeof(PostgresBackCareDbContext))]
[Migration("20261211000001_FhirImport")]
public sealed class PostgresFhirImport : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => FhirImportSchema.Up(migrationBuilder);

    protected override void Down(MigrationBuilder migrationBuilder) => FhirImportSchema.Down(migrationBuilder);
}
