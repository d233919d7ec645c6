using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BackCare.App.Data.Migrations;

// Hand-written (see InitialSchema.cs). Accounts, password-reset tokens, assessments and the diary.
internal static class PatientAppSchema
{
    public static void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "users",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                email = table.Column<string>(maxLength: 254, nullable: false),
                display_name = table.Column<string>(maxLength: 100, nullable: false),
                password_hash = table.Column<string>(maxLength: 200, nullable: false),
                role = table.Column<string>(maxLength: 20, nullable: false),
                created_at = table.Column<DateTime>(nullable: false),
                failed_sign_ins = table.Column<int>(nullable: false),
                locked_until = table.Column<DateTime>(nullable: true),
                calendar_token = table.Column<string>(maxLength: 64, nullable: false),
                reminder_time = table.Column<string>(maxLength: 5, nullable: true),
            },
            constraints: table => table.PrimaryKey("pk_users", x => x.id));
        migrationBuilder.CreateIndex("ix_users_email", "users", "email", unique: true);
        migrationBuilder.CreateIndex("ix_users_calendar_token", "users", "calendar_token", unique: true);

        migrationBuilder.CreateTable(
            name: "password_reset_tokens",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                user_id = table.Column<Guid>(nullable: false),
                token_hash = table.Column<string>(maxLength: 64, nullable: false),
                expires_at = table.Column<DateTime>(nullable: false),
                used_at = table.Column<DateTime>(nullable: true),
            },
            constraints: table => table.PrimaryKey("pk_password_reset_tokens", x => x.id));
        migrationBuilder.CreateIndex("ix_password_reset_tokens_user", "password_reset_tokens", "user_id");

        migrationBuilder.CreateTable(
            name: "assessments",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                user_id = table.Column<Guid>(nullable: false),
                started_at = table.Column<DateTime>(nullable: false),
                completed_at = table.Column<DateTime>(nullable: true),
                step = table.Column<string>(maxLength: 30, nullable: false),
                input_json = table.Column<string>(nullable: false),
                disposition = table.Column<string>(maxLength: 20, nullable: true),
            },
            constraints: table => table.PrimaryKey("pk_assessments", x => x.id));
        migrationBuilder.CreateIndex("ix_assessments_user", "assessments", ["user_id", "started_at"]);

        migrationBuilder.CreateTable(
            name: "diary_entries",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                user_id = table.Column<Guid>(nullable: false),
                date = table.Column<DateOnly>(nullable: false),
                pain = table.Column<int>(nullable: true),
                anxiety = table.Column<int>(nullable: true),
                sleep_hours = table.Column<double>(nullable: true),
                activity_minutes = table.Column<int>(nullable: true),
                medicines_taken = table.Column<string>(maxLength: 500, nullable: true),
                techniques = table.Column<string>(maxLength: 500, nullable: true),
                triggers = table.Column<string>(maxLength: 500, nullable: true),
                note = table.Column<string>(maxLength: 2000, nullable: true),
                updated_at = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_diary_entries", x => x.id));
        migrationBuilder.CreateIndex("ix_diary_entries_user_date", "diary_entries", ["user_id", "date"], unique: true);
    }

    public static void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var table in new[] { "diary_entries", "assessments", "password_reset_tokens", "users" }) migrationBuilder.DropTable(table);
    }
}

[DbContext(typeof(SqliteBackCareDbContext))]
[Migration("20261124000002_PatientApp")]
public sealed class SqlitePatientApp : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => PatientAppSchema.Up(migrationBuilder);

    protected override void Down(MigrationBuilder migrationBuilder) => PatientAppSchema.Down(migrationBuilder);
}

[DbContext(typeof(PostgresBackCareDbContext))]
[Migration("20261124000002_PatientApp")]
public sealed class PostgresPatientApp : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => PatientAppSchema.Up(migrationBuilder);

    protected override void Down(MigrationBuilder migrationBuilder) => PatientAppSchema.Down(migrationBuilder);
}
