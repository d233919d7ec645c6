using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations.Builders;

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
            columns: ResetTokenColumns,
            constraints: table => table.PrimaryKey("pk_password_reset_tokens", x => x.id));
        migrationBuilder.CreateIndex("ix_password_reset_tokens_user", "password_reset_tokens", "user_id");

        migrationBuilder.CreateTable(
            name: "assessments",
            columns: AssessmentColumns,
            constraints: table => table.PrimaryKey("pk_assessments", x => x.id));
        migrationBuilder.CreateIndex("ix_assessments_user", "assessments", ["user_id", "started_at"]);

        migrationBuilder.CreateTable(
            name: "diary_entries",
            columns: DiaryColumns,
            constraints: table => table.PrimaryKey("pk_diary_entries", x => x.id));
        migrationBuilder.CreateIndex("ix_diary_entries_user_date", "diary_entries", ["user_id", "date"], unique: true);
    }

    internal static ResetTokenTable ResetTokenColumns(ColumnsBuilder table) => new(
        table.Column<Guid>(nullable: false),
        table.Column<Guid>(nullable: false),
        table.Column<string>(maxLength: 64, nullable: false),
        table.Column<DateTime>(nullable: false),
        table.Column<DateTime>(nullable: true));

    internal static AssessmentTable AssessmentColumns(ColumnsBuilder table) => new(
        table.Column<Guid>(nullable: false),
        table.Column<Guid>(nullable: false),
        table.Column<DateTime>(nullable: false),
        table.Column<DateTime>(nullable: true),
        table.Column<string>(maxLength: 30, nullable: false),
        table.Column<string>(nullable: false),
        table.Column<string>(maxLength: 20, nullable: true));

    internal static DiaryTable DiaryColumns(ColumnsBuilder table) => new(
        table.Column<Guid>(nullable: false),
        table.Column<Guid>(nullable: false),
        table.Column<DateOnly>(nullable: false),
        table.Column<int>(nullable: true),
        table.Column<int>(nullable: true),
        table.Column<double>(nullable: true),
        table.Column<int>(nullable: true),
        table.Column<string>(maxLength: 500, nullable: true),
        table.Column<string>(maxLength: 500, nullable: true),
        table.Column<string>(maxLength: 500, nullable: true),
        table.Column<string>(maxLength: 2000, nullable: true),
        table.Column<DateTime>(nullable: false));

    public static void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var table in new[] { "diary_entries", "assessments", "password_reset_tokens", "users" }) migrationBuilder.DropTable(table);
    }
}

#pragma warning disable IDE1006, SA1300 // column names are the table's, as EF reads them from the properties
internal sealed class ResetTokenTable(OperationBuilder<AddColumnOperation> id, OperationBuilder<AddColumnOperation> user_id, OperationBuilder<AddColumnOperation> token_hash,
    OperationBuilder<AddColumnOperation> expires_at, OperationBuilder<AddColumnOperation> used_at)
{
    public OperationBuilder<AddColumnOperation> id { get; } = id;
    public OperationBuilder<AddColumnOperation> user_id { get; } = user_id;
    public OperationBuilder<AddColumnOperation> token_hash { get; } = token_hash;
    public OperationBuilder<AddColumnOperation> expires_at { get; } = expires_at;
    public OperationBuilder<AddColumnOperation> used_at { get; } = used_at;
}

internal sealed class AssessmentTable(OperationBuilder<AddColumnOperation> id, OperationBuilder<AddColumnOperation> user_id, OperationBuilder<AddColumnOperation> started_at,
    OperationBuilder<AddColumnOperation> completed_at, OperationBuilder<AddColumnOperation> step, OperationBuilder<AddColumnOperation> input_json,
    OperationBuilder<AddColumnOperation> disposition)
{
    public OperationBuilder<AddColumnOperation> id { get; } = id;
    public OperationBuilder<AddColumnOperation> user_id { get; } = user_id;
    public OperationBuilder<AddColumnOperation> started_at { get; } = started_at;
    public OperationBuilder<AddColumnOperation> completed_at { get; } = completed_at;
    public OperationBuilder<AddColumnOperation> step { get; } = step;
    public OperationBuilder<AddColumnOperation> input_json { get; } = input_json;
    public OperationBuilder<AddColumnOperation> disposition { get; } = disposition;
}

internal sealed class DiaryTable(OperationBuilder<AddColumnOperation> id, OperationBuilder<AddColumnOperation> user_id, OperationBuilder<AddColumnOperation> date,
    OperationBuilder<AddColumnOperation> pain, OperationBuilder<AddColumnOperation> anxiety, OperationBuilder<AddColumnOperation> sleep_hours,
    OperationBuilder<AddColumnOperation> activity_minutes, OperationBuilder<AddColumnOperation> medicines_taken, OperationBuilder<AddColumnOperation> techniques,
    OperationBuilder<AddColumnOperation> triggers, OperationBuilder<AddColumnOperation> note, OperationBuilder<AddColumnOperation> updated_at)
{
    public OperationBuilder<AddColumnOperation> id { get; } = id;
    public OperationBuilder<AddColumnOperation> user_id { get; } = user_id;
    public OperationBuilder<AddColumnOperation> date { get; } = date;
    public OperationBuilder<AddColumnOperation> pain { get; } = pain;
    public OperationBuilder<AddColumnOperation> anxiety { get; } = anxiety;
    public OperationBuilder<AddColumnOperation> sleep_hours { get; } = sleep_hours;
    public OperationBuilder<AddColumnOperation> activity_minutes { get; } = activity_minutes;
    public OperationBuilder<AddColumnOperation> medicines_taken { get; } = medicines_taken;
    public OperationBuilder<AddColumnOperation> techniques { get; } = techniques;
    public OperationBuilder<AddColumnOperation> triggers { get; } = triggers;
    public OperationBuilder<AddColumnOperation> note { get; } = note;
    public OperationBuilder<AddColumnOperation> updated_at { get; } = updated_at;
}
#pragma warning restore IDE1006, SA1300

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
