using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BackCare.App.Data.Migrations;

// Hand-written (see InitialSchema.cs). The clinician panel (issue 16; ADR 0013): each patient's precomputed panel facts,
// and alerts marked reviewed. Both cascade with the accounts.
internal static class ClinicianPanelSchema
{
    public static void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "panel_facts",
            columns: table => new
            {
                patient_id = table.Column<Guid>(nullable: false),
                change_version = table.Column<long>(nullable: false),
                computed_version = table.Column<long>(nullable: false),
                facts_json = table.Column<string>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_panel_facts", x => x.patient_id);
                table.ForeignKey("fk_panel_facts_users", x => x.patient_id, "users", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "alert_reviews",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                patient_id = table.Column<Guid>(nullable: false),
                reviewer_id = table.Column<Guid>(nullable: false),
                kind = table.Column<string>(maxLength: 30, nullable: false),
                signature = table.Column<string>(maxLength: 400, nullable: false),
                reviewed_at = table.Column<DateTime>(nullable: false),
                note = table.Column<string>(maxLength: 500, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_alert_reviews", x => x.id);
                table.ForeignKey("fk_alert_reviews_patients", x => x.patient_id, "users", "id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("fk_alert_reviews_reviewers", x => x.reviewer_id, "users", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_alert_reviews_patient", "alert_reviews", ["patient_id", "reviewed_at"]);
    }

    public static void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("alert_reviews");
        migrationBuilder.DropTable("panel_facts");
    }
}

[DbContext(typeof(SqliteBackCareDbContext))]
[Migration("20261210000002_ClinicianPanel")]
public sealed class SqliteClinicianPanel : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => ClinicianPanelSchema.Up(migrationBuilder);

    protected override void Down(MigrationBuilder migrationBuilder) => ClinicianPanelSchema.Down(migrationBuilder);
}

[DbContext(typeof(PostgresBackCareDbContext))]
[Migration("20261210000002_ClinicianPanel")]
public sealed class PostgresClinicianPanel : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => ClinicianPanelSchema.Up(migrationBuilder);

    protected override void Down(MigrationBuilder migrationBuilder) => ClinicianPanelSchema.Down(migrationBuilder);
}
