using System.Net;
using System.Text.RegularExpressions;
using BackCare.App.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace BackCare.Web.Tests.Accounts;

/// <summary>A host of its own (own database, own limits) for one test; disposed with the test.</summary>
public sealed class OwnHost : IAsyncDisposable
{
    public OwnHost(IReadOnlyDictionary<string, string>? settings = null, Action<IServiceCollection>? services = null)
    {
        var factory = new BackCareWebFactory(Folder, settings);
        Factory = services is null ? factory : factory.WithWebHostBuilder(b => b.ConfigureTestServices(services));
        Inner = factory;
    }

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "backcare-web-" + Guid.NewGuid().ToString("N"));

    public Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> Factory { get; }

    private BackCareWebFactory Inner { get; }

    public WebSession Session() => new(Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Inner.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
    }
}

/// <summary>Identity's PBKDF2 hasher, counting the work it is asked to do (real hashes and decoys alike).</summary>
public sealed class CountingHasher : IPasswordHasher<UserAccount>
{
    private readonly PasswordHasher<UserAccount> _inner = new();
    private int _hashes;
    private int _verifies;
    private int _realVerifies;

    public int Hashes => _hashes;

    public int Verifies => _verifies;

    /// <summary>Checks against a real account's hash (not the decoy for unknown emails).</summary>
    public int RealVerifies => _realVerifies;

    public string HashPassword(UserAccount user, string password)
    {
        Interlocked.Increment(ref _hashes);
        return _inner.HashPassword(user, password);
    }

    public PasswordVerificationResult VerifyHashedPassword(UserAccount user, string hashedPassword, string providedPassword)
    {
        Interlocked.Increment(ref _verifies);
        if (user.Id != Guid.Empty) Interlocked.Increment(ref _realVerifies);
        return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }

    public void Reset() => (_hashes, _verifies, _realVerifies) = (0, 0, 0);
}

public static partial class AccountSteps
{
    /// <summary>The session cookie as a browser would have saved it, to replay later from another client.</summary>
    public static async Task<string> SavedCookieAsync(WebSession web)
    {
        var response = await web.Client.GetAsync(new Uri("/Diary", UriKind.Relative));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var header = response.RequestMessage!.Headers.TryGetValues("Cookie", out var values) ? string.Join("; ", values) : "";
        header.ShouldContain("backcare=");
        return header;
    }

    public static HttpRequestMessage WithCookie(HttpMethod method, string url, string cookie, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative)) { Content = content };
        request.Headers.Add("Cookie", cookie);
        return request;
    }

    /// <summary>The current RFC 6238 code for a base32 key, as an authenticator app shows it (<see cref="BackCare.TestSupport.Totp"/>).</summary>
    public static string Totp(string base32Key, DateTimeOffset now) => BackCare.TestSupport.Totp.Code(base32Key, now);

    public static string AuthenticatorKey(string html) => SecretInLink().Match(html).Groups[1].Value;

    [GeneratedRegex("secret=([A-Z2-7]+)")]
    private static partial Regex SecretInLink();
}
