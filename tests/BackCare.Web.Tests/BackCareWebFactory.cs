using BackCare.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BackCare.Web.Tests;

/// <summary>
/// The real host on a real database: SQLite in a folder of the test's choosing, or, when the suite runs on
/// PostgreSQL (BACKCARE_TEST_PROVIDER=postgres, see TestStorage), a fresh PostgreSQL database of its own, dropped
/// with the factory. A test that names a provider in its settings gets that provider either way.
/// </summary>
public sealed class BackCareWebFactory : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly string? _ownPostgres;
    private int _dropped;

    public BackCareWebFactory(string dataDirectory, IReadOnlyDictionary<string, string>? settings = null)
    {
        DataDirectory = dataDirectory;
        var all = new Dictionary<string, string>(settings ?? new Dictionary<string, string>());
        if (TestStorage.OnPostgres && !all.ContainsKey("BackCare:Storage:Provider"))
        {
            _ownPostgres = TestStorage.CreatePostgresDatabase("backcare_web");
            all["BackCare:Storage:Provider"] = "postgres";
            all["BackCare:Storage:ConnectionString"] = _ownPostgres;
        }

        _settings = all;
    }

    public string DataDirectory { get; }

    /// <summary>Settings for a test about SQLite itself (its file, its triggers): SQLite whatever the suite runs on.</summary>
    public static IReadOnlyDictionary<string, string> SqliteOnly { get; } = new Dictionary<string, string> { ["BackCare:Storage:Provider"] = "sqlite" };

    /// <summary>The provider this host stores in.</summary>
    public string Provider => _settings.GetValueOrDefault("BackCare:Storage:Provider", "sqlite");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("BackCare:Storage:Provider", "sqlite");
        builder.UseSetting("BackCare:Storage:DataDirectory", DataDirectory);
        // The test server speaks plain http://localhost; HttpsTests turn this off to see the HTTPS-only behaviour.
        builder.UseSetting("BackCare:Hosting:AllowHttp", "true");

        // Every test session comes from the same address; the limit tests set their own numbers.
        builder.UseSetting("BackCare:RateLimits:PerIpPerMinute", "100000");
        builder.UseSetting("BackCare:RateLimits:PerAccountPerMinute", "100000");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        DropOwnDatabase();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) DropOwnDatabase();
    }

    private void DropOwnDatabase()
    {
        if (_ownPostgres is not null && Interlocked.Exchange(ref _dropped, 1) == 0) TestStorage.DropPostgresDatabase(_ownPostgres);
    }

    /// <summary>A client that keeps cookies and does not follow redirects, so tests can see them.</summary>
    public WebSession Session() => new(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
}

/// <summary>One host and database per test class (xUnit class fixture).</summary>
public sealed class WebFixture : IAsyncLifetime
{
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "backcare-web-" + Guid.NewGuid().ToString("N"));

    public BackCareWebFactory Factory { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Factory = new BackCareWebFactory(Folder);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
    }
}
