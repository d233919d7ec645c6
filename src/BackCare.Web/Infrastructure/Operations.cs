using BackCare.App.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;

namespace BackCare.Web.Infrastructure;

/// <summary>Section "BackCare:Metrics": the Prometheus endpoint, off unless turned on (docs/deploy.md).</summary>
public sealed class MetricsOptions
{
    public const string Section = "BackCare:Metrics";

    public bool Enabled { get; set; }

    /// <summary>Where Prometheus scrapes; plain HTTP is answered there as on /healthz.</summary>
    public string Path { get; set; } = "/metrics";
}

/// <summary>
/// What several stateless nodes behind a proxy need (issue 14, docs/deploy.md): the data-protection key ring in the
/// database, liveness (<c>/healthz</c>) apart from readiness (<c>/healthz/ready</c>), and optional metrics.
/// </summary>
public static class Operations
{
    public const string ReadyTag = "ready";

    /// <summary>Paths answered over plain HTTP too (probes and scrapers speak HTTP to the node).</summary>
    public static bool IsProbe(HttpContext context, MetricsOptions metrics) =>
        context.Request.Path.StartsWithSegments("/healthz") || (metrics.Enabled && context.Request.Path.StartsWithSegments(metrics.Path));

    public static MetricsOptions Metrics(IConfiguration configuration) =>
        configuration.GetSection(MetricsOptions.Section).Get<MetricsOptions>() ?? new MetricsOptions();

    public static IServiceCollection AddBackCareOperations(this IServiceCollection services, IConfiguration configuration)
    {
        // One key ring for every node: same application name whatever folder a node runs from, keys in the database.
        services.AddDataProtection()
            .SetApplicationName("BackCare")
            .PersistKeysToDbContext<BackCareDbContext>();

        services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: [ReadyTag]);

        var metrics = Metrics(configuration);
        if (metrics.Enabled)
        {
            services.AddOpenTelemetry().WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddMeter(DatabaseMetrics.MeterName)
                .AddMeter("System.Runtime")
                .AddPrometheusExporter());
        }

        return services;
    }

    public static WebApplication MapBackCareOperations(this WebApplication app)
    {
        // Liveness: the process answers. Readiness: the database is reachable and fully migrated.
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = check => !check.Tags.Contains(ReadyTag) });
        app.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });

        var metrics = Metrics(app.Configuration);
        if (metrics.Enabled) app.MapPrometheusScrapingEndpoint(metrics.Path);
        return app;
    }
}

/// <summary>Ready when the database answers and no migration is pending (a node started before an upgrade is not).</summary>
public sealed class DatabaseReadyCheck(BackCareDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            if (!await db.Database.CanConnectAsync(cancellationToken)) return HealthCheckResult.Unhealthy("the database does not answer");
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
            return pending == 0 ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy($"{pending} migration(s) not applied");
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("the database does not answer");
        }
    }
}
