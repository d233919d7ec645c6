using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BackCare.App.Data.Migrations;

// Hand-written (see InitialSchema.cs). The plan a person was shown, stored with the evidence-base version that
// produced it (issue 12; ADR 0011). Both keys cascade: deleting an account or an assessment deletes its plans.
internal static class PlanSnapshotsSchema
{
    public static void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "plan_snapshots",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                user_id = table.Column<Guid>(nullable: false),
                assessment_id = table.Column<Guid>(nullable: false),
                created_at = table.Column<DateTime>(nullable: false),
                as_of = table.Column<DateOnly>(nullable: false),
                reason = table.Column<string>(maxLength: 20, nullable: false),
                evidence_version = table.Column<string>(maxLength: 40, nullable: false),
                content_hash = table.Column<string>(maxLength: 64, nullable: false),
                snapshot_json = table.Column<string>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_plan_snapshots", x => x.id);
                table.ForeignKey("fk_plan_snapshots_users", x => x.user_id, "users", "id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("fk_plan_snapshots_assessments", x => x.assessment_id, "assessments", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_plan_snapshots_user", "plan_snapshots", ["user_id", "created_at"]);
        migrationBuilder.CreateIndex("ix_plan_snapshots_assessment", "plan_snapshots", ["assessment_id", "created_at"]);
    }

    public static void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("plan_snapshots");
}

[DbContext(typeof(SqliteBackCareDbContext))]
[Migration("20261203000001_PlanSnapshots")]
public sealed class SqlitePlanSnapshots : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => PlanSnapshotsSchema.Up(migrationBuilder);

    protected override void Down(MigrationBuilder migrationBuilder) => PlanSnapshotsSchema.Down(migrationBuilder);
}

[DbContext(typeof(PostgresBackCareDbContext))]
[Migration("20261203000001_PlanSnapshots")]
public sealed class PostgresPlanSnapshots : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => PlanSnapshotsSchema.Up(migrationBuilder);

    protected override void Down(MigrationBuilder migrationBuilder) => PlanSnapshotsSchema.Down(migrationBuilder);
}
