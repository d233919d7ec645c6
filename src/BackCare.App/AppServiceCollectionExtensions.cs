using BackCare.App.Data;
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
        if (storage.Provider == "postgres")
        {
            services.AddDbContext<BackCareDbContext, PostgresBackCareDbContext>((sp, o) =>
                o.UseNpgsql(sp.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString));
        }
        else
        {
            services.AddDbContext<BackCareDbContext, SqliteBackCareDbContext>((sp, o) =>
                o.UseSqlite(sp.GetRequiredService<IOptions<StorageOptions>>().Value.ResolveSqliteConnectionString()));
        }

        services.AddSingleton(TimeProvider.System);
        services.AddScoped<DatabaseInitializer>();
        services.AddScoped<Auditing.AuditLog>();
        services.AddSingleton<Auditing.PendingAuditReads>();
        services.AddScoped<Auditing.AuditReadsInFlight>();
        services.AddSingleton<Auditing.AuditWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<Auditing.AuditWriter>());
        services.AddScoped<Accounts.AccountService>();
        services.AddScoped<Assessments.AssessmentService>();
        services.AddScoped<Diary.DiaryService>();
        services.AddScoped<Exports.ExportService>();
        return services;
    }
}
