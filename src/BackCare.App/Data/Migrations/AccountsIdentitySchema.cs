using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations.Builders;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace BackCare.App.Data.Migrations;

// Hand-written (see InitialSchema.cs). Accounts move onto ASP.NET Core Identity: the users table gains
// Identity's columns (existing rows get a fresh security stamp; their PBKDF2 hashes are Identity's own format
// and keep working), Identity's per-user tables arrive, and every row that belongs to a person gets a foreign
// key to users with ON DELETE CASCADE. Orphans left by the old deletion path are removed first.
internal static class AccountsIdentitySchema
{
    private static readonly string[] OwnedTables = ["diary_entries", "assessments", "password_reset_tokens"];

    public static void Up(MigrationBuilder migrationBuilder, string randomStamp, Action<OperationBuilder<AddColumnOperation>> identity)
    {
        migrationBuilder.AddColumn<string>("user_name", "users", maxLength: 254, nullable: true);
        migrationBuilder.AddColumn<string>("normalized_user_name", "users", maxLength: 254, nullable: true);
        migrationBuilder.AddColumn<string>("normalized_email", "users", maxLength: 254, nullable: true);
        migrationBuilder.AddColumn<bool>("email_confirmed", "users", nullable: false, defaultValue: false);
        migrationBuilder.AddColumn<string>("security_stamp", "users", maxLength: 64, nullable: true);
        migrationBuilder.AddColumn<string>("concurrency_stamp", "users", maxLength: 64, nullable: true);
        migrationBuilder.AddColumn<bool>("two_factor_enabled", "users", nullable: false, defaultValue: false);
        migrationBuilder.AddColumn<bool>("lockout_enabled", "users", nullable: false, defaultValue: true);
        migrationBuilder.Sql($"""
            UPDATE users SET user_name = email, normalized_user_name = UPPER(email), normalized_email = UPPER(email),
                security_stamp = {randomStamp}, concurrency_stamp = {randomStamp}, lockout_enabled = TRUE
            """);
        migrationBuilder.CreateIndex("ix_users_normalized_email", "users", "normalized_email", unique: true);
        migrationBuilder.CreateIndex("ix_users_normalized_user_name", "users", "normalized_user_name", unique: true);

        migrationBuilder.CreateTable(
            name: "user_claims",
            columns: table => new
            {
                id = MigrationColumns.Identity<int>(table, identity),
                user_id = table.Column<Guid>(nullable: false),
                claim_type = table.Column<string>(maxLength: 256, nullable: true),
                claim_value = table.Column<string>(maxLength: 1024, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_user_claims", x => x.id);
                table.ForeignKey("fk_user_claims_users", x => x.user_id, "users", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_user_claims_user", "user_claims", "user_id");

        migrationBuilder.CreateTable(
            name: "user_logins",
            columns: table => new
            {
                login_provider = table.Column<string>(maxLength: 128, nullable: false),
                provider_key = table.Column<string>(maxLength: 128, nullable: false),
                provider_display_name = table.Column<string>(maxLength: 256, nullable: true),
                user_id = table.Column<Guid>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_user_logins", x => new { x.login_provider, x.provider_key });
                table.ForeignKey("fk_user_logins_users", x => x.user_id, "users", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_user_logins_user", "user_logins", "user_id");

        migrationBuilder.CreateTable(
            name: "user_tokens",
            columns: table => new
            {
                user_id = table.Column<Guid>(nullable: false),
                login_provider = table.Column<string>(maxLength: 128, nullable: false),
                name = table.Column<string>(maxLength: 128, nullable: false),
                value = table.Column<string>(maxLength: 2000, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_user_tokens", x => new { x.user_id, x.login_provider, x.name });
                table.ForeignKey("fk_user_tokens_users", x => x.user_id, "users", "id", onDelete: ReferentialAction.Cascade);
            });

        // Rows whose person was already deleted (the old path could leave them) cannot satisfy the new keys.
        foreach (var table in OwnedTables)
        {
            migrationBuilder.Sql($"DELETE FROM {table} WHERE user_id NOT IN (SELECT id FROM users)");
        }
    }

    /// <summary>PostgreSQL adds the foreign keys in place.</summary>
    public static void AddForeignKeys(MigrationBuilder migrationBuilder)
    {
        foreach (var table in OwnedTables)
        {
            migrationBuilder.AddForeignKey($"fk_{table}_users", table, "user_id", "users", principalColumn: "id", onDelete: ReferentialAction.Cascade);
        }
    }

    /// <summary>
    /// SQLite cannot add a foreign key to a table, and EF can only rebuild tables from a model snapshot (these
    /// migrations have none), so each table is rebuilt here: new table with the key, copy, drop, rename, indexes.
    /// </summary>
    public static void RebuildWithForeignKeys(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "diary_entries_new",
            columns: PatientAppSchema.DiaryColumns,
            constraints: table =>
            {
                table.PrimaryKey("pk_diary_entries", x => x.id);
                table.ForeignKey("fk_diary_entries_users", x => x.user_id, "users", "id", onDelete: ReferentialAction.Cascade);
            });
        Swap(migrationBuilder, "diary_entries", "id, user_id, date, pain, anxiety, sleep_hours, activity_minutes, medicines_taken, techniques, triggers, note, updated_at");
        migrationBuilder.CreateIndex("ix_diary_entries_user_date", "diary_entries", ["user_id", "date"], unique: true);

        migrationBuilder.CreateTable(
            name: "assessments_new",
            columns: PatientAppSchema.AssessmentColumns,
            constraints: table =>
            {
                table.PrimaryKey("pk_assessments", x => x.id);
                table.ForeignKey("fk_assessments_users", x => x.user_id, "users", "id", onDelete: ReferentialAction.Cascade);
            });
        Swap(migrationBuilder, "assessments", "id, user_id, started_at, completed_at, step, input_json, disposition");
        migrationBuilder.CreateIndex("ix_assessments_user", "assessments", ["user_id", "started_at"]);

        migrationBuilder.CreateTable(
            name: "password_reset_tokens_new",
            columns: PatientAppSchema.ResetTokenColumns,
            constraints: table =>
            {
                table.PrimaryKey("pk_password_reset_tokens", x => x.id);
                table.ForeignKey("fk_password_reset_tokens_users", x => x.user_id, "users", "id", onDelete: ReferentialAction.Cascade);
            });
        Swap(migrationBuilder, "password_reset_tokens", "id, user_id, token_hash, expires_at, used_at");
        migrationBuilder.CreateIndex("ix_password_reset_tokens_user", "password_reset_tokens", "user_id");
    }

    private static void Swap(MigrationBuilder migrationBuilder, string table, string columns)
    {
        migrationBuilder.Sql($"INSERT INTO {table}_new ({columns}) SELECT {columns} FROM {table}");
        migrationBuilder.DropTable(table);
        migrationBuilder.RenameTable($"{table}_new", newName: table);
    }

    public static void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var table in new[] { "user_tokens", "user_logins", "user_claims" }) migrationBuilder.DropTable(table);
        migrationBuilder.DropIndex("ix_users_normalized_email", "users");
        migrationBuilder.DropIndex("ix_users_normalized_user_name", "users");
        foreach (var column in new[] { "user_name", "normalized_user_name", "normalized_email", "email_confirmed", "security_stamp", "concurrency_stamp", "two_factor_enabled", "lockout_enabled" })
        {
            migrationBuilder.DropColumn(column, "users");
        }
    }
}

[DbContext(typeof(SqliteBackCareDbContext))]
[Migration("20261202000003_AccountsIdentity")]
public sealed class SqliteAccountsIdentity : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        AccountsIdentitySchema.Up(migrationBuilder, "lower(hex(randomblob(16)))", c => c.Annotation("Sqlite:Autoincrement", true));
        AccountsIdentitySchema.RebuildWithForeignKeys(migrationBuilder);
    }

    protected override void Down(MigrationBuilder migrationBuilder) => AccountsIdentitySchema.Down(migrationBuilder);
}

[DbContext(typeof(PostgresBackCareDbContext))]
[Migration("20261202000003_AccountsIdentity")]
public sealed class PostgresAccountsIdentity : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        AccountsIdentitySchema.Up(migrationBuilder, "replace(gen_random_uuid()::text, '-', '')",
            c => c.Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn));
        AccountsIdentitySchema.AddForeignKeys(migrationBuilder);
    }

    protected override void Down(MigrationBuilder migrationBuilder) => AccountsIdentitySchema.Down(migrationBuilder);
}
