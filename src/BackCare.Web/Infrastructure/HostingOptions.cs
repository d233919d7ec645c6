namespace BackCare.Web.Infrastructure;

/// <summary>
/// Section "BackCare:Hosting": how the app is reached. Outside Development the app insists on HTTPS (HSTS, redirect,
/// Secure cookies) unless <see cref="AllowHttp"/> is set for a loopback-only run; behind a TLS-terminating proxy the
/// proxy's X-Forwarded-Proto/-For are believed only from <see cref="KnownProxies"/> and <see cref="KnownNetworks"/>
/// (loopback is always known). Links that leave the app (the calendar subscription) use <see cref="PublicBaseUrl"/>,
/// never the request's Host header.
/// </summary>
public sealed class HostingOptions
{
    public const string Section = "BackCare:Hosting";

    /// <summary>The address people use to reach the app, such as https://backcare.example.org (no trailing path).</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";

    /// <summary>Serve plain HTTP outside Development (no HSTS, no redirect, cookies follow the request): for a loopback test only.</summary>
    public bool AllowHttp { get; set; }

    /// <summary>Port that HTTP requests are redirected to (443 behind a proxy).</summary>
    public int HttpsPort { get; set; } = 443;

    /// <summary>IP addresses of reverse proxies whose X-Forwarded-* headers are trusted.</summary>
    public IList<string> KnownProxies { get; } = [];

    /// <summary>Networks (CIDR, such as 10.0.0.0/8) of reverse proxies whose X-Forwarded-* headers are trusted.</summary>
    public IList<string> KnownNetworks { get; } = [];

    /// <summary>The public base URL without a trailing slash.</summary>
    public string BaseUrl => PublicBaseUrl.TrimEnd('/');

    public static bool IsValidBaseUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment);
}
