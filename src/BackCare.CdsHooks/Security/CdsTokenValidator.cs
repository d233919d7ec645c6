using System.Collections.Frozen;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BackCare.CdsHooks.Security;

/// <summary>Who called, from a verified token: the replay check needs the id and its expiry.</summary>
public sealed record CdsCaller(string Issuer, string Jti, DateTime ExpiresAtUtc, string? Tenant);

/// <summary>
/// Verifies the bearer JWT of a CDS Hooks call as the spec and its security notes ask: asymmetric
/// algorithms only (never <c>none</c> or HMAC), <c>iss</c> one of the configured clients, keys from that
/// client's JWKS (or from a <c>jku</c> on that client's allow-list), <c>aud</c> exactly the URL called
/// (string or array), <c>exp</c> required with at most 60 s leeway and at most an hour ahead,
/// <c>iat</c> and <c>jti</c> required, <c>tenant</c> equal to the client's when one is configured.
/// The replay check (jti never seen before) follows in <see cref="CdsAuthentication"/>, against the database.
/// Returns null on any failure; the reason is logged as a category, never with the token.
/// </summary>
public sealed partial class CdsTokenValidator(CdsClientRegistry clients, TimeProvider time, ILogger<CdsTokenValidator> logger)
{
    public static readonly TimeSpan Leeway = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromHours(1);

    public static readonly FrozenSet<string> AsymmetricAlgorithms = new[]
    {
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };

    public async Task<CdsCaller?> ValidateAsync(string? authorization, string audience, CancellationToken cancellationToken)
    {
        if (clients.IsEmpty) return Fail("no client configured");
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return Fail("no bearer token");
        var raw = authorization[7..].Trim();
        if (raw.Length is 0 or > 16_384) return Fail("token size");

        JsonWebToken token;
        try
        {
            token = Handler.ReadJsonWebToken(raw);
        }
        catch (ArgumentException)
        {
            return Fail("unreadable token");
        }

        if (!AsymmetricAlgorithms.Contains(token.Alg)) return Fail("algorithm not allowed");
        if (!token.TryGetPayloadValue<string>("iss", out var issuer) || clients.Find(issuer) is not { } client) return Fail("unknown issuer");

        JwksSource source = client.Keys;
        if (token.TryGetHeaderValue<string>("jku", out var jku))
        {
            if (!client.Jku.TryGetValue(jku, out var allowed)) return Fail("jku not allowed");
            source = allowed;
        }

        // The token read above is the one validated (signature over its own header and payload bytes): it is not parsed twice.
        var result = await ValidateWithAsync(token, client, source, audience, refresh: false, cancellationToken);
        if (result is { IsValid: false, Exception: SecurityTokenSignatureKeyNotFoundException } && source.CanRefresh)
        {
            result = await ValidateWithAsync(token, client, source, audience, refresh: true, cancellationToken);
        }

        if (!result.IsValid) return Fail(result.Exception?.GetType().Name ?? "invalid");
        var valid = (JsonWebToken)result.SecurityToken;
        if (!valid.TryGetPayloadValue<string>("jti", out var jti) || string.IsNullOrWhiteSpace(jti) || jti.Length > 255) return Fail("jti missing");
        if (!valid.TryGetPayloadValue<long>("iat", out _)) return Fail("iat missing");
        string? tenant = valid.TryGetPayloadValue<string>("tenant", out var t) ? t : null;
        if (client.Tenant is not null && !string.Equals(client.Tenant, tenant, StringComparison.Ordinal)) return Fail("tenant");
        return new CdsCaller(client.Issuer, jti, valid.ValidTo, tenant);
    }

    private async Task<TokenValidationResult> ValidateWithAsync(JsonWebToken token, CdsClient client, JwksSource source, string audience, bool refresh, CancellationToken cancellationToken)
    {
        var keys = await source.KeysAsync(refresh, cancellationToken);
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = client.Issuer,
            ValidateIssuer = true,
            ValidateAudience = true,
            AudienceValidator = (audiences, _, _) => audiences.Any(a => string.Equals(a, audience, StringComparison.Ordinal)),
            IssuerSigningKeys = keys,
            TryAllIssuerSigningKeys = true,
            ValidAlgorithms = AsymmetricAlgorithms,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            RequireAudience = true,
            ValidateLifetime = true,
            ClockSkew = Leeway,
            LifetimeValidator = (notBefore, expires, _, _) =>
            {
                var now = time.GetUtcNow().UtcDateTime;
                if (expires is not { } exp) return false;
                if (now > exp.ToUniversalTime() + Leeway) return false;
                if (exp.ToUniversalTime() > now + MaxLifetime + Leeway) return false;
                return notBefore is not { } nbf || nbf.ToUniversalTime() <= now + Leeway;
            },
        };
        return await Handler.ValidateTokenAsync(token, parameters);
    }

    private CdsCaller? Fail(string reason)
    {
        LogRejected(logger, reason);
        return null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "CDS Hooks call refused: {Reason}")]
    private static partial void LogRejected(ILogger logger, string reason);
}
