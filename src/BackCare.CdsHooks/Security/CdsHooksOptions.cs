namespace BackCare.CdsHooks.Security;

/// <summary>
/// <c>BackCare:CdsHooks</c>. Each client (an EHR) is trusted by its <c>iss</c> and the keys it signs with:
/// <c>BackCare:CdsHooks:Clients:N:Issuer</c>, <c>…:JwksPath</c> (a JWKS file) or <c>…:JwksUrl</c>
/// (fetched, cached, refreshed), optional <c>…:Tenant</c> and <c>…:AllowedJku:N</c> (JWKS URLs a token's
/// <c>jku</c> header may name). No client configured: every call is refused (401).
/// </summary>
public sealed class CdsHooksOptions
{
    public const string Section = "BackCare:CdsHooks";

    public List<CdsClientOptions> Clients { get; init; } = [];

    /// <summary>Time allowed for one call to the EHR's FHIR server.</summary>
    public int FhirTimeoutMilliseconds { get; init; } = 3000;

    /// <summary>Further attempts after a FHIR call times out or fails with 5xx (bounded).</summary>
    public int FhirRetries { get; init; } = 2;

    /// <summary>How long keys fetched from a JWKS URL are used before they are fetched again.</summary>
    public int JwksCacheMinutes { get; init; } = 10;
}

public sealed class CdsClientOptions
{
    public string? Issuer { get; init; }

    public string? JwksPath { get; init; }

    public string? JwksUrl { get; init; }

    public string? Tenant { get; init; }

    public List<string> AllowedJku { get; init; } = [];
}
