using BackCare.App.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BackCare.App;

public static class AppServiceCollectionExtensions
{
    /// <summary>Storage (SQLite by default, PostgreSQL by configuration), options and use cases.</summary>
    public static IServiceCollection AddBackCareApp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.Provider != "postgres" || !string.IsNullOrWhiteSpace(o.ConnectionString),
                "BackCare:Storage:ConnectionString is required when the provider is 'postgres'.")
            .ValidateOnStart();

        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        // The options are built once per process (they depend only on configuration), not once per request scope:
        // building them costs more than a small request's own work.
        if (storage.Provider == "postgres")
        {
            services.AddDbContext<BackCareDbContext, PostgresBackCareDbContext>((sp, o) =>
                o.UseNpgsql(sp.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString)
                    .AddInterceptors(DatabaseMetrics.Interceptor, Clinicians.PanelFactsChanges.Interceptor), optionsLifetime: ServiceLifetime.Singleton);
        }
        else
        {
            services.AddDbContext<BackCareDbContext, SqliteBackCareDbContext>((sp, o) =>
                o.UseSqlite(sp.GetRequiredService<IOptions<StorageOptions>>().Value.ResolveSqliteConnectionString())
                    .AddInterceptors(DatabaseMetrics.Interceptor, Clinicians.PanelFactsChanges.Interceptor), optionsLifetime: ServiceLifetime.Singleton);
        }

        services.AddBackCareClinical();
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<DatabaseInitializer>();
        services.AddScoped<Auditing.AuditLog>();
        services.AddSingleton<Auditing.PendingAuditReads>();
        services.AddScoped<Auditing.AuditReadsInFlight>();
        services.AddSingleton<Auditing.AuditWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<Auditing.AuditWriter>());
        services.AddScoped<Accounts.AccountService>();
        services.AddScoped<Accounts.StaffAccounts>();
        services.AddSingleton<Accounts.UnknownAccountAttempts>();
        services.AddScoped<Accounts.ResetCodeTokenProvider>();
        services.AddIdentityCore<Accounts.UserAccount>(options =>
            {
                // Lockout is enforced atomically by AccountService (and per device, see docs/security.md);
                // Identity's own counter guards the two-factor step with the same numbers.
                options.Lockout.MaxFailedAccessAttempts = Accounts.AccountService.MaxFailedSignIns;
                options.Lockout.DefaultLockoutTimeSpan = Accounts.AccountService.LockoutDuration;
                options.Lockout.AllowedForNewUsers = true;
                options.User.RequireUniqueEmail = true;
                options.User.AllowedUserNameCharacters = "";

                // No composition rules (NIST SP 800-63B): Accounts.Passwords.PasswordPolicy decides.
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 1;
                options.Password.RequiredLength = Accounts.Passwords.PasswordPolicy.MinLength;
                options.Tokens.PasswordResetTokenProvider = Accounts.ResetCodeTokenProvider.Name;
                options.Tokens.AuthenticatorTokenProvider = TokenOptions.DefaultAuthenticatorProvider;
            })
            .AddEntityFrameworkStores<BackCareDbContext>()
            .AddPasswordValidator<Accounts.Passwords.PasswordPolicy>()
            .AddTokenProvider<Accounts.ResetCodeTokenProvider>(Accounts.ResetCodeTokenProvider.Name)
            .AddTokenProvider<AuthenticatorTokenProvider<Accounts.UserAccount>>(TokenOptions.DefaultAuthenticatorProvider)
            .AddClaimsPrincipalFactory<Accounts.BackCareClaimsFactory>();
        services.AddSingleton<Assessments.CurrentPlans>();
        services.AddScoped<Assessments.AssessmentService>();
        services.AddScoped<Diary.DiaryService>();
        services.AddScoped<Exports.ExportService>();
        services.AddScoped<Sharing.PatientAccess>();
        services.AddScoped<Sharing.SharingService>();
        services.AddSingleton<Clinicians.PanelFactsBuilder>();
        services.AddSingleton<Clinicians.PanelFactsCache>();
        services.AddScoped<Clinicians.PanelFactsStore>();
        services.AddScoped<Clinicians.ClinicianPanel>();
        services.AddScoped<Clinicians.PatientSummaryService>();
        services.AddScoped<Demo.DemoPractice>();
        services.AddScoped<Fhir.PatientRecords>();
        services.AddScoped<Fhir.ImportedSelfHarm>();
        services.AddScoped<Fhir.IFhirPatientScope, Fhir.SharedRecordScope>();
        services.AddScoped<Fhir.FhirSearchService>();
        services.AddScoped<Fhir.FhirImportService>();

        // SMART on FHIR: OpenIddict's applications, authorizations and tokens in this database (docs/adr/0018). The web
        // host adds the server and validation; the CLI registers clients through the same stores.
        services.AddOpenIddict().AddCore(options => options.UseEntityFrameworkCore().UseDbContext<BackCareDbContext>());
        services.AddScoped<Smart.SmartClients>();
        return services;
    }
}
