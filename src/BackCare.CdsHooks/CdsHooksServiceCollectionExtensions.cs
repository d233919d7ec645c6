using BackCare.App.CdsHooks;
using BackCare.CdsHooks.Cards;
using BackCare.CdsHooks.Prefetch;
using BackCare.CdsHooks.Security;
using BackCare.Clinical.Evidence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BackCare.CdsHooks;

public static class CdsHooksServiceCollectionExtensions
{
    /// <summary>The CDS Hooks services (needs AddBackCareApp for storage and the clinical engines).</summary>
    public static IServiceCollection AddBackCareCdsHooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(sp => CdsPublicBaseUrl.From(sp.GetRequiredService<IConfiguration>()));
        services.AddOptions<CdsHooksOptions>().Bind(configuration.GetSection(CdsHooksOptions.Section));
        services.AddHttpClient(JwksSource.HttpClientName);
        services.AddHttpClient(FhirFetcher.HttpClientName);
        services.AddSingleton<CdsClientRegistry>();
        services.AddSingleton<CdsTokenValidator>();
        services.AddSingleton(sp => CardCatalog.Load(sp.GetRequiredService<EvidenceBase>()));
        services.AddSingleton(sp => new CardIds(sp.GetRequiredService<CardCatalog>().RuleIds));
        services.AddSingleton<CardBuilder>();
        services.AddSingleton<RxNormMapCache>();
        services.AddSingleton<MedicationResolver>();
        services.AddSingleton<FhirFetcher>();
        services.AddScoped<CdsHooksStore>();
        services.AddSingleton<JwtIdRecorder>();
        services.AddSingleton<JwtIdWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<JwtIdWriter>());
        services.AddHostedService<JwtIdJanitor>();
        return services;
    }
}

/// <summary>
/// The address EHRs call BackCare at (<c>BackCare:Hosting:PublicBaseUrl</c>, no trailing slash): a token's <c>aud</c>
/// must be this plus the path called, and cards link to rule pages under it. Read once, not on every call.
/// </summary>
public sealed record CdsPublicBaseUrl(string Value)
{
    public static CdsPublicBaseUrl From(IConfiguration configuration) =>
        new((configuration["BackCare:Hosting:PublicBaseUrl"] ?? "http://localhost:5080").TrimEnd('/'));
}

/// <summary>Deletes replay-cache rows of expired tokens once a minute (any node may do it; the delete is idempotent).</summary>
public sealed class JwtIdJanitor(IServiceScopeFactory scopes, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<CdsHooksStore>().PurgeExpiredJwtIdsAsync(time.GetUtcNow().UtcDateTime, stoppingToken);
            }
#pragma warning disable CA1031 // A failed purge is retried next minute; the table only grows a little meanwhile.
            catch (Exception) when (!stoppingToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
            }
        }
    }
}
