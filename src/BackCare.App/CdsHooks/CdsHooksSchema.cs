using BackCare.App.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BackCare.App.CdsHooks;

// Hand-written (see Data/Migrations/InitialSchema.cs). The CDS Hooks tables are reached with plain SQL
// (CdsHooksStore), so they add nothing to the EF model: the replay cache of JWT ids (shared by every node),
// card feedback, and the RxNorm product-to-ingredient map an operator imports.
internal static class CdsHooksSchema
{
    public static void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "cds_jwt_ids",
            columns: table => new
            {
                issuer = table.Column<string>(maxLength: 500, nullable: false),
                jti = table.Column<string>(maxLength: 255, nullable: false),
                expires_at = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_cds_jwt_ids", x => new { x.issuer, x.jti }));
        migrationBuilder.CreateIndex("ix_cds_jwt_ids_expires_at", "cds_jwt_ids", "expires_at");

        migrationBuilder.CreateTable(
            name: "cds_feedback",
            columns: table => new
            {
                issuer = table.Column<string>(maxLength: 500, nullable: false),
                card_uuid = table.Column<string>(maxLength: 64, nullable: false),
                outcome = table.Column<string>(maxLength: 20, nullable: false),
                outcome_timestamp = table.Column<string>(maxLength: 40, nullable: false),
                service_id = table.Column<string>(maxLength: 64, nullable: false),
                rule_id = table.Column<string>(maxLength: 100, nullable: true),
                accepted_suggestions = table.Column<int>(nullable: false),
                override_system = table.Column<string>(maxLength: 300, nullable: true),
                override_code = table.Column<string>(maxLength: 100, nullable: true),
                received_at = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_cds_feedback", x => new { x.issuer, x.card_uuid, x.outcome, x.outcome_timestamp }));
        migrationBuilder.CreateIndex("ix_cds_feedback_rule", "cds_feedback", "rule_id");

        migrationBuilder.CreateTable(
            name: "rxnorm_ingredients",
            columns: table => new
            {
                product_rxcui = table.Column<string>(maxLength: 20, nullable: false),
                ingredient_rxcui = table.Column<string>(maxLength: 20, nullable: false),
                ingredient_name = table.Column<string>(maxLength: 500, nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_rxnorm_ingredients", x => new { x.product_rxcui, x.ingredient_rxcui }));
    }

    public static void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("rxnorm_ingredients");
        migrationBuilder.DropTable("cds_feedback");
        migrationBuilder.DropTable("cds_jwt_ids");
    }
}

[DbContext(typeof(SqliteBackCareDbContext))]
[Migration("20261202100015_CdsHooks")]
public sealed class SqliteCdsHooks : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => CdsHooksSchema.Up(migrationBuilder);

    protected override void Down(MigrationBuilder migrationBuilder) => CdsHooksSchema.Down(migrationBuilder);
}

[DbContext(typeof(PostgresBackCareDbContext))]
[Migration("20261202100015_CdsHooks")]
public sealed class PostgresCdsHooks : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => CdsHooksSchema.Up(migrationBuilder);

    protected override void Down(MigrationBuilder migrationBuilder) => CdsHooksSchema.Down(migrationBuilder);
}
