using System.Collections.Immutable;
using Microsoft.IdentityModel.Tokens;

namespace BackCare.CdsHooks.Security;

/// <summary>
/// The public keys of one JWKS (a file or a URL). Only asymmetric signing keys (RSA, EC) are kept:
/// a symmetric ("oct") key in a client's JWKS is ignored, so HMAC can never verify. URL keys are
/// cached and fetched again after the cache time, or sooner (at most every 30 s) when a token names
/// a key id the cached set lacks.
/// </summary>
public sealed class JwksSource(string? path, Uri? url, IHttpClientFactory http, TimeProvider time, TimeSpan cacheFor) : IDisposable
{
    public const string HttpClientName = "cds-jwks";
    private static readonly TimeSpan MinRefresh = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim _lock = new(1, 1);
    private ImmutableArray<SecurityKey> _keys = [];
    private DateTimeOffset _loadedAt = DateTimeOffset.MinValue;

    public bool CanRefresh => url is not null;

    public void Dispose() => _lock.Dispose();

    public async ValueTask<ImmutableArray<SecurityKey>> KeysAsync(bool refresh, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var stale = _keys.IsEmpty || (url is not null && now - _loadedAt > cacheFor) || (refresh && url is not null && now - _loadedAt > MinRefresh);
        if (!stale) return _keys;
        await _lock.WaitAsync(cancellationToken);
        try
        {
            now = time.GetUtcNow();
            stale = _keys.IsEmpty || (url is not null && now - _loadedAt > cacheFor) || (refresh && url is not null && now - _loadedAt > MinRefresh);
            if (!stale) return _keys;
            string json;
            if (path is not null)
            {
                json = await File.ReadAllTextAsync(path, cancellationToken);
            }
            else
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                json = await http.CreateClient(HttpClientName).GetStringAsync(url, timeout.Token);
            }

            _keys = Parse(json);
            _loadedAt = now;
            return _keys;
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or OperationCanceledException or ArgumentException or UnauthorizedAccessException)
        {
            // Keep what we had (possibly nothing: then every token from this source fails, closed).
            _loadedAt = now;
            return _keys;
        }
        finally
        {
            _lock.Release();
        }
    }

    public static ImmutableArray<SecurityKey> Parse(string json)
    {
        var set = new JsonWebKeySet(json);
        return [.. set.Keys
            .Where(k => k.Kty is JsonWebAlgorithmsKeyTypes.RSA or JsonWebAlgorithmsKeyTypes.EllipticCurve)
            .Where(k => string.IsNullOrEmpty(k.Use) || k.Use == "sig")
            .Where(k => !k.HasPrivateKey)
            .Cast<SecurityKey>()];
    }
}
