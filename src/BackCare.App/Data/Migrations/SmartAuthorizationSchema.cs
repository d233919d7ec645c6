using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BackCare.App.Data.Migrations;

// Hand-written (see InitialSchema.cs). OpenIddict's four tables for SMART on FHIR (issue 17; docs/adr/0018), with
// OpenIddict's own table, column, key and index names (modelBuilder.UseOpenIddict()), so the stores find them.
// Every key cascades (an app's removal takes its authorizations and tokens). Strings are unbounded text on both providers (OpenIddict's length limits are checked by OpenIddict itself).
internal static class SmartAuthorizationSchema
{
    public static void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "OpenIddictApplications",
            columns: table => new
            {
                Id = table.Column<string>(nullable: false),
                ApplicationType = table.Column<string>(nullable: true),
                ClientId = table.Column<string>(nullable: true),
                ClientSecret = table.Column<string>(nullable: true),
                ClientType = table.Column<string>(nullable: true),
                ConcurrencyToken = table.Column<string>(nullable: true),
                ConsentType = table.Column<string>(nullable: true),
                DisplayName = table.Column<string>(nullable: true),
                DisplayNames = table.Column<string>(nullable: true),
                JsonWebKeySet = table.Column<string>(nullable: true),
                Permissions = table.Column<string>(nullable: true),
                PostLogoutRedirectUris = table.Column<string>(nullable: true),
                Properties = table.Column<string>(nullable: true),
                RedirectUris = table.Column<string>(nullable: true),
                Requirements = table.Column<string>(nullable: true),
                Settings = table.Column<string>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_OpenIddictApplications", x => x.Id));
        migrationBuilder.CreateIndex("IX_OpenIddictApplications_ClientId", "OpenIddictApplications", "ClientId", unique: true);

        migrationBuilder.CreateTable(
            name: "OpenIddictScopes",
            columns: table => new
            {
                Id = table.Column<string>(nullable: false),
                ConcurrencyToken = table.Column<string>(nullable: true),
                Description = table.Column<string>(nullable: true),
                Descriptions = table.Column<string>(nullable: true),
                DisplayName = table.Column<string>(nullable: true),
                DisplayNames = table.Column<string>(nullable: true),
                Name = table.Column<string>(nullable: true),
                Properties = table.Column<string>(nullable: true),
                Resources = table.Column<string>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_OpenIddictScopes", x => x.Id));
        migrationBuilder.CreateIndex("IX_OpenIddictScopes_Name", "OpenIddictScopes", "Name", unique: true);

        migrationBuilder.CreateTable(
            name: "OpenIddictAuthorizations",
            columns: table => new
            {
                Id = table.Column<string>(nullable: false),
                ApplicationId = table.Column<string>(nullable: true),
                ConcurrencyToken = table.Column<string>(nullable: true),
                CreationDate = table.Column<DateTime>(nullable: true),
                Properties = table.Column<string>(nullable: true),
                Scopes = table.Column<string>(nullable: true),
                Status = table.Column<string>(nullable: true),
                Subject = table.Column<string>(nullable: true),
                Type = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_OpenIddictAuthorizations", x => x.Id);
                table.ForeignKey("FK_OpenIddictAuthorizations_OpenIddictApplications_ApplicationId", x => x.ApplicationId, "OpenIddictApplications", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_OpenIddictAuthorizations_ApplicationId_Status_Subject_Type", "OpenIddictAuthorizations", ["ApplicationId", "Status", "Subject", "Type"]);

        migrationBuilder.CreateTable(
            name: "OpenIddictTokens",
            columns: table => new
            {
                Id = table.Column<string>(nullable: false),
                ApplicationId = table.Column<string>(nullable: true),
                AuthorizationId = table.Column<string>(nullable: true),
                ConcurrencyToken = table.Column<string>(nullable: true),
                CreationDate = table.Column<DateTime>(nullable: true),
                ExpirationDate = table.Column<DateTime>(nullable: true),
                Payload = table.Column<string>(nullable: true),
                Properties = table.Column<string>(nullable: true),
                RedemptionDate = table.Column<DateTime>(nullable: true),
                ReferenceId = table.Column<string>(nullable: true),
                Status = table.Column<string>(nullable: true),
                Subject = table.Column<string>(nullable: true),
                Type = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_OpenIddictTokens", x => x.Id);
                table.ForeignKey("FK_OpenIddictTokens_OpenIddictApplications_ApplicationId", x => x.ApplicationId, "OpenIddictApplications", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_OpenIddictTokens_OpenIddictAuthorizations_AuthorizationId", x => x.AuthorizationId, "OpenIddictAuthorizations", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_OpenIddictTokens_ApplicationId_Status_Subject_Type", "OpenIddictTokens", ["ApplicationId", "Status", "Subject", "Type"]);
        migrationBuilder.CreateIndex("IX_OpenIddictTokens_AuthorizationId", "OpenIddictTokens", "AuthorizationId");
        migrationBuilder.CreateIndex("IX_OpenIddictTokens_ReferenceId", "OpenIddictTokens", "ReferenceId", unique: true);
    }

    public static void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("OpenIddictTokens");
        migrationBuilder.DropTable("OpenIddictAuthorizations");
        migrationBuilder.DropTable("OpenIddictScopes");
        migrationBuilder.DropTable("OpenIddictApplications");
    }
}

[DbContext(typeof(SqliteBackCareDbContext))]
[Migration("20261211000002_SmartAuthorization")]
public sealed class SqliteSmartAuthorization : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => SmartAuthorizationSchema.Up(migrationBuilder);

    protected override void Down(MigrationBuilder migrationBuilder) => SmartAuthorizationSchema.Down(migrationBuilder);
}

[DbContext(typeof(PostgresBackCareDbContext))]
[Migration("20261211000002_SmartAuthorization")]
public sealed class PostgresSmartAuthorization : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => SmartAuthorizationSchema.Up(migrationBuilder);

    protected override void Down(MigrationBuilder migrationBuilder) => SmartAuthorizationSchema.Down(migrationBuilder);
}
