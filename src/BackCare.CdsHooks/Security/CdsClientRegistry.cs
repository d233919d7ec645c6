using System.Collections.Frozen;
using Microsoft.Extensions.Options;

namespace BackCare.CdsHooks.Security;

/// <summary>A trusted CDS client: its issuer, its keys, the JWKS URLs its tokens may name in <c>jku</c>, its tenant.</summary>
public sealed record CdsClient(string Issuer, string? Tenant, JwksSource Keys, FrozenDictionary<string, JwksSource> Jku);

/// <summary>The configured clients by issuer. Misconfigured entries (no issuer, or no keys) are left out: they trust nobody.</summary>
public sealed class CdsClientRegistry
{
    private readonly FrozenDictionary<string, CdsClient> _clients;

    public CdsClientRegistry(IOptions<CdsHooksOptions> options, IHttpClientFactory http, TimeProvider time)
    {
        var cache = TimeSpan.FromMinutes(Math.Clamp(options.Value.JwksCacheMinutes, 1, 1440));
        var clients = new Dictionary<string, CdsClient>(StringComparer.Ordinal);
        foreach (var c in options.Value.Clients)
        {
            if (string.IsNullOrWhiteSpace(c.Issuer)) continue;
            JwksSource? keys = null;
            if (!string.IsNullOrWhiteSpace(c.JwksPath)) keys = new JwksSource(c.JwksPath, null, http, time, cache);
            else if (Uri.TryCreate(c.JwksUrl, UriKind.Absolute, out var url) && url.Scheme is "https" or "http") keys = new JwksSource(null, url, http, time, cache);
            if (keys is null) continue;
            var jku = new Dictionary<string, JwksSource>(StringComparer.Ordinal);
            foreach (var allowed in c.AllowedJku)
            {
                if (Uri.TryCreate(allowed, UriKind.Absolute, out var u) && u.Scheme is "https" or "http") jku[allowed] = new JwksSource(null, u, http, time, cache);
            }

            clients[c.Issuer] = new CdsClient(c.Issuer, string.IsNullOrWhiteSpace(c.Tenant) ? null : c.Tenant, keys, jku.ToFrozenDictionary(StringComparer.Ordinal));
        }

        _clients = clients.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public bool IsEmpty => _clients.Count == 0;

    public CdsClient? Find(string issuer) => _clients.GetValueOrDefault(issuer);
}
