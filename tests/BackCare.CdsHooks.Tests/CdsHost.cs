using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BackCare.CdsHooks.Prefetch;
using BackCare.CdsHooks.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using BackCare.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace BackCare.CdsHooks.Tests;

/// <summary>
/// The real web host on a real SQLite database, trusting three test clients (ES384, RS384 with a tenant,
/// and the CDS Hooks sandbox's ES256), each with keys made for this run. The EHR's FHIR server and a
/// JWKS URL are played by in-process handlers, so nothing leaves the machine.
/// </summary>
public sealed class CdsHost : IAsyncLifetime
{
    public const string Base = "http://localhost";
    public const string Ehr = "https://ehr.example.org";
    public const string Partner = "https://partner.example.org";
    public const string Sandbox = "https://sandbox.cds-hooks.org";
    public const string Tenant = "clinic-7";
    public const string JkuUrl = "https://ehr.example.org/jku-keys.json";

    public static readonly TestKey Es384 = TestKey.Ec("ES384", ECCurve.NamedCurves.nistP384, "P-384", "ehr-es384");
    public static readonly TestKey Rs384 = TestKey.Rsa("RS384", "partner-rs384");
    public static readonly TestKey Es256 = TestKey.Ec("ES256", ECCurve.NamedCurves.nistP256, "P-256", "sandbox-es256");
    public static readonly TestKey JkuKey = TestKey.Ec("ES384", ECCurve.NamedCurves.nistP384, "P-384", "ehr-jku");

    private readonly ConcurrentDictionary<string, string> _postgres = new(StringComparer.Ordinal);

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "backcare-cds-" + Guid.NewGuid().ToString("N"));

    public FakeFhirServer Fhir { get; } = new();

    public WebApplicationFactory<Program> Factory { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(Folder);
        File.WriteAllText(Path.Combine(Folder, "ehr.jwks"), Es384.Jwks);
        File.WriteAllText(Path.Combine(Folder, "partner.jwks"), Rs384.Jwks);
        File.WriteAllText(Path.Combine(Folder, "sandbox.jwks"), Es256.Jwks);
        Factory = Create(new Dictionary<string, string>
        {
            ["BackCare:CdsHooks:Clients:0:Issuer"] = Ehr,
            ["BackCare:CdsHooks:Clients:0:JwksPath"] = Path.Combine(Folder, "ehr.jwks"),
            ["BackCare:CdsHooks:Clients:0:AllowedJku:0"] = JkuUrl,
            ["BackCare:CdsHooks:Clients:1:Issuer"] = Partner,
            ["BackCare:CdsHooks:Clients:1:JwksPath"] = Path.Combine(Folder, "partner.jwks"),
            ["BackCare:CdsHooks:Clients:1:Tenant"] = Tenant,
            ["BackCare:CdsHooks:Clients:2:Issuer"] = Sandbox,
            ["BackCare:CdsHooks:Clients:2:JwksPath"] = Path.Combine(Folder, "sandbox.jwks"),
            ["BackCare:CdsHooks:FhirTimeoutMilliseconds"] = "500",
        }, "db");
        Client = Factory.CreateClient();
        return Task.CompletedTask;
    }

    /// <summary>
    /// A host on the named database: SQLite in this run's folder, or (BACKCARE_TEST_PROVIDER=postgres) a PostgreSQL
    /// database of this run, so two hosts given the same name are two nodes sharing one database.
    /// </summary>
    public WebApplicationFactory<Program> Create(Dictionary<string, string> settings, string database) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("BackCare:Storage:Provider", TestStorage.Provider);
            builder.UseSetting("BackCare:Storage:DataDirectory", Path.Combine(Folder, database));
            if (TestStorage.OnPostgres) builder.UseSetting("BackCare:Storage:ConnectionString", _postgres.GetOrAdd(database, _ => TestStorage.CreatePostgresDatabase("backcare_cds")));
            builder.UseSetting("BackCare:Hosting:AllowHttp", "true");
            builder.UseSetting("BackCare:Hosting:PublicBaseUrl", Base);
            foreach (var (key, value) in settings) builder.UseSetting(key, value);
            builder.ConfigureTestServices(services =>
            {
                services.AddHttpClient(FhirFetcher.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => Fhir);
                services.AddHttpClient(JwksSource.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => new JwksServer());
            });
        });

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var connectionString in _postgres.Values) TestStorage.DropPostgresDatabase(connectionString);
        if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
    }

    public static string Token(string path, TestKey? key = null, string? issuer = null, string? tenant = null) =>
        Tokens.Sign(key ?? Es384, issuer ?? Ehr, Base + path, tenant: tenant);

    public async Task<HttpResponseMessage> PostAsync(string path, string json, string? token = "auto", HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        token = token == "auto" ? Token(path) : token;
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await (client ?? Client).SendAsync(request);
    }

    public async Task<HttpResponseMessage> GetAsync(string path, string? token = "auto", HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        token = token == "auto" ? Token(path) : token;
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await (client ?? Client).SendAsync(request);
    }

    /// <summary>Posts a hook request and returns the cards (asserting 200).</summary>
    public async Task<JsonElement[]> CardsAsync(string service, string json, string? because = null)
    {
        using var response = await PostAsync("/cds-services/" + service, json);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, because + " " + body);
        using var doc = JsonDocument.Parse(body);
        return [.. doc.RootElement.GetProperty("cards").EnumerateArray().Select(c => c.Clone())];
    }

    private sealed class JwksServer : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(request.RequestUri!.AbsoluteUri == JkuUrl
                ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(JkuKey.Jwks) }
                : new HttpResponseMessage(HttpStatusCode.NotFound));
    }
}

/// <summary>An EHR FHIR server in process: answers from a table, can fail the first N calls, records what it was asked.</summary>
public sealed class FakeFhirServer : HttpMessageHandler
{
    public ConcurrentDictionary<string, string> Resources { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<(string Url, string? Authorization)> Calls { get; } = new();

    public int FailFirst { get; set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Calls.Enqueue((request.RequestUri!.PathAndQuery, request.Headers.Authorization?.ToString()));
        if (FailFirst > 0)
        {
            FailFirst--;
            return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        }

        var segments = request.RequestUri!.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var start = Array.FindIndex(segments, s => s.Length > 0 && char.IsAsciiLetterUpper(s[0]));
        var path = start < 0 ? "" : string.Join('/', segments[start..]);
        var type = path.Split('/')[0];
        if (Resources.TryGetValue(path, out var json) || Resources.TryGetValue(type, out json))
        {
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/fhir+json") };
        }

        await Task.Yield();
        return new HttpResponseMessage(HttpStatusCode.NotFound);
    }
}
