using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BackCare.CdsHooks.Tests;

/// <summary>A client's signing key (made fresh by the test run) and its public JWKS.</summary>
public sealed class TestKey
{
    private TestKey(string alg, SecurityKey privateKey, string publicJwk)
    {
        Alg = alg;
        PrivateKey = privateKey;
        PublicJwk = publicJwk;
    }

    public string Alg { get; }

    public SecurityKey PrivateKey { get; }

    public string PublicJwk { get; }

    public string Kid => PrivateKey.KeyId;

    public string Jwks => $"{{\"keys\":[{PublicJwk}]}}";

    public static TestKey Ec(string alg, ECCurve curve, string crv, string kid)
    {
        var ecdsa = ECDsa.Create(curve);
        var p = ecdsa.ExportParameters(false);
        var jwk = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["kty"] = "EC", ["crv"] = crv, ["x"] = Base64UrlEncoder.Encode(p.Q.X), ["y"] = Base64UrlEncoder.Encode(p.Q.Y), ["kid"] = kid, ["use"] = "sig", ["alg"] = alg,
        });
        return new TestKey(alg, new ECDsaSecurityKey(ecdsa) { KeyId = kid }, jwk);
    }

    public static TestKey Rsa(string alg, string kid)
    {
        var rsa = RSA.Create(2048);
        var p = rsa.ExportParameters(false);
        var jwk = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["kty"] = "RSA", ["n"] = Base64UrlEncoder.Encode(p.Modulus), ["e"] = Base64UrlEncoder.Encode(p.Exponent), ["kid"] = kid, ["use"] = "sig", ["alg"] = alg,
        });
        return new TestKey(alg, new RsaSecurityKey(rsa) { KeyId = kid }, jwk);
    }
}

/// <summary>Builds the JWTs a CDS client sends, and the forged ones an attacker would.</summary>
public static class Tokens
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    public static string Sign(TestKey key, string issuer, object audience, DateTimeOffset? expires = null, string? jti = null, string? tenant = null,
        string? jku = null, DateTimeOffset? issuedAt = null, bool includeJti = true, bool includeIat = true)
    {
        var now = TimeProvider.System.GetUtcNow();
        var claims = new Dictionary<string, object> { ["aud"] = audience };
        if (includeJti) claims["jti"] = jti ?? Guid.NewGuid().ToString("N");
        if (includeIat) claims["iat"] = (issuedAt ?? now).ToUnixTimeSeconds();
        claims["exp"] = (expires ?? now.AddMinutes(5)).ToUnixTimeSeconds();
        if (tenant is not null) claims["tenant"] = tenant;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Claims = claims,
            SigningCredentials = new SigningCredentials(key.PrivateKey, key.Alg),
        };
        if (jku is not null) descriptor.AdditionalHeaderClaims = new Dictionary<string, object> { ["jku"] = jku };
        return Handler.CreateToken(descriptor);
    }

    /// <summary>An unsigned token (alg none).</summary>
    public static string None(string issuer, string audience) =>
        $"{B64("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{B64(Payload(issuer, audience))}.";

    /// <summary>An HS256 token keyed with the client's public JWKS text (the classic algorithm-confusion forgery).</summary>
    public static string Hmac(string issuer, string audience, string secret, string kid)
    {
        var head = B64($"{{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"{kid}\"}}");
        var body = B64(Payload(issuer, audience));
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(head + "." + body));
        return $"{head}.{body}.{Base64UrlEncoder.Encode(signature)}";
    }

    private static string Payload(string issuer, string audience)
    {
        var now = TimeProvider.System.GetUtcNow();
        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["iss"] = issuer, ["aud"] = audience, ["iat"] = now.ToUnixTimeSeconds(), ["exp"] = now.AddMinutes(5).ToUnixTimeSeconds(), ["jti"] = Guid.NewGuid().ToString("N"),
        });
    }

    private static string B64(string text) => Base64UrlEncoder.Encode(text);
}
