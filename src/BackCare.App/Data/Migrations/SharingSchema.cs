using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BackCare.App.Data.Migrations;

// Hand-written (see InitialSchema.cs). Share codes and consents (issue 16; ADR 0013). Both cascade with the accounts:
// deleting a patient deletes their codes and consents, deleting a clinician account ends its consents.
internal static class SharingSchema
{
    public static void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "share_codes",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                patient_id = table.Column<Guid>(nullable: false),
                code_hash = table.Column<string>(maxLength: 64, nullable: false),
                scope = table.Column<string>(maxLength: 20, nullable: false),
                created_at = table.Column<DateTime>(nullable: false),
                expires_at = table.Column<DateTime>(nullable: false),
                used_at = table.Column<DateTime>(nullable: true),
                used_by = table.Column<Guid>(nullable: true),
                cancelled_at = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_share_codes", x => x.id);
                table.ForeignKey("fk_share_codes_users", x => x.patient_id, "users", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_share_codes_code_hash", "share_codes", "code_hash", unique: true);
        migrationBuilder.CreateIndex("ix_share_codes_patient", "share_codes", "patient_id");

        migrationBuilder.CreateTable(
            name: "care_shares",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                patient_id = table.Column<Guid>(nullable: false),
                clinician_id = table.Column<Guid>(nullable: false),
                scope = table.Column<string>(maxLength: 20, nullable: false),
                consented_at = table.Column<DateTime>(nullable: false),
                granted_at = table.Column<DateTime>(nullable: false),
                revoked_at = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_care_shares", x => x.id);
                table.ForeignKey("fk_care_shares_patients", x => x.patient_id, "users", "id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("fk_care_shares_clinicians", x => x.clinician_id, "users", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_care_shares_clinician", "care_shares", ["clinician_id", "patient_id"]);
        migrationBuilder.CreateIndex("ix_care_shares_patient", "care_shares", "patient_id");
    }

    public static void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("care_shares");
        migrationBuilder.DropTable("share_codes");
    }
}

[DbContext(typeof(SqliteBackCareDbContext))]
[Migration("20261210000001_Sharing")]
public sealed class SqliteSharing : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => SharingSchema.Up(migrationBuilder);

    protected override void Down(MigrationBuilder migrationBuilder) => SharingSchema.Down(migrationBuilder);
}

[DbContext(typeof(PostgresBackCareDbContext))]
[Migration("20261210000001_Sharing")]
public sealed class PostgresSharing : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => SharingSchema.Up(migrationBuilder);

    protected override void Down(MigrationBuilder migrationBuilder) => SharingSchema.Down(migrationBuilder);
}
