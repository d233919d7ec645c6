using BackCare.App.Data;
using BackCare.App.Smart;
using BackCare.Web.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using OpenIddict.Validation.AspNetCore;

namespace BackCare.Web.Smart;

/// <summary>
/// SMART App Launch 2.0 on OpenIddict (docs/adr/0018): authorization code with PKCE (required of every client),
/// refresh tokens, the scopes in <see cref="SmartScopes"/>. Tokens are Data Protection payloads (keys shared through the
/// database, ADR 0012) and every token is checked against its database entry, so a revoked authorization stops at once
/// on every node. The authorization endpoint is the consent page (Pages/Connect/Authorize).
/// </summary>
public static class SmartServer
{
    public const string AuthorizePath = "/connect/authorize";
    public const string TokenPath = "/connect/token";
    public const string RevokePath = "/connect/revoke";

    public static IServiceCollection AddSmartServer(this IServiceCollection services, bool allowHttp)
    {
        services.AddOpenIddict()
            .AddServer(options =>
            {
                options.SetAuthorizationEndpointUris(AuthorizePath).SetTokenEndpointUris(TokenPath).SetRevocationEndpointUris(RevokePath);
                options.AllowAuthorizationCodeFlow().AllowRefreshTokenFlow();
                options.RequireProofKeyForCodeExchange();
                options.RegisterScopes([.. SmartScopes.All]);
                options.SetAccessTokenLifetime(TimeSpan.FromHours(1));
                options.SetRefreshTokenLifetime(TimeSpan.FromDays(30));

                // Access and refresh tokens are Data Protection payloads (one key ring for all nodes). The identity token
                // is a JWT signed with the key every node reads from the database (SmartSigningKeys, below); the
                // encryption key is never used for a token BackCare issues (all are Data Protection payloads).
                options.UseDataProtection();
                options.AddEphemeralEncryptionKey();
                var aspNetCore = options.UseAspNetCore().EnableAuthorizationEndpointPassthrough();
                if (allowHttp) aspNetCore.DisableTransportSecurityRequirement();

                // SMART: the token response names the patient in context (launch/patient).
                options.AddEventHandler<OpenIddictServerEvents.ProcessSignInContext>(handler => handler.UseInlineHandler(context =>
                {
                    if (context.EndpointType == OpenIddictServerEndpointType.Token &&
                        context.Principal?.FindFirst(SmartScopes.PatientClaim)?.Value is { } patient)
                    {
                        context.Parameters[SmartScopes.PatientClaim] = patient;
                    }

                    return default;
                }).SetOrder(OpenIddictServerHandlers.AttachCustomSignInParameters.Descriptor.Order - 1));
            })
            .AddValidation(options =>
            {
                options.UseLocalServer();
                options.UseDataProtection();
                options.EnableTokenEntryValidation();
                options.EnableAuthorizationEntryValidation();
                options.UseAspNetCore();
            });
        services.AddOptions<OpenIddictServerOptions>().Configure<IServiceProvider>((options, provider) =>
        {
            // Read once per process, when OpenIddict first needs its options (after the database is migrated at start-up).
            using var scope = provider.CreateScope();
            var rsa = SmartSigningKeys.LoadOrCreate(scope.ServiceProvider.GetRequiredService<BackCareDbContext>(),
                provider.GetRequiredService<IDataProtectionProvider>(), provider.GetRequiredService<TimeProvider>());
            options.SigningCredentials.Add(new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = SmartSigningKeys.KeyId }, SecurityAlgorithms.RsaSha256));
        });
        return services;
    }

    /// <summary>/.well-known/smart-configuration (SMART App Launch 2.0 §2.1): public, JSON.</summary>
    public static void MapSmartConfiguration(this IEndpointRouteBuilder app)
    {
        app.MapGet("/.well-known/smart-configuration", (IOptions<HostingOptions> hosting) => Results.Json(Configuration(hosting.Value.BaseUrl)));
    }

    private static readonly string[] GrantTypes = ["authorization_code", "refresh_token"];
    private static readonly string[] ResponseTypes = ["code"];
    private static readonly string[] ChallengeMethods = ["S256"];
    private static readonly string[] ClientAuthentication = ["client_secret_basic", "client_secret_post", "none"];
    private static readonly string[] Capabilities =
    [
        "launch-standalone", "client-public", "client-confidential-symmetric", "context-standalone-patient",
        "permission-patient", "permission-user", "permission-offline", "sso-openid-connect",
    ];

    private static Dictionary<string, object> Configuration(string issuer) => new()
    {
        ["issuer"] = issuer + "/",
        ["authorization_endpoint"] = issuer + AuthorizePath,
        ["token_endpoint"] = issuer + TokenPath,
        ["revocation_endpoint"] = issuer + RevokePath,
        ["grant_types_supported"] = GrantTypes,
        ["response_types_supported"] = ResponseTypes,
        ["scopes_supported"] = SmartScopes.All,
        ["code_challenge_methods_supported"] = ChallengeMethods,
        ["token_endpoint_auth_methods_supported"] = ClientAuthentication,
        ["capabilities"] = Capabilities,
    };

    public static string ValidationScheme => OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme;
}
