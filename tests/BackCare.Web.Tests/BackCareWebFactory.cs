using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BackCare.Web.Tests;

/// <summary>The real host on a real SQLite database in a folder of the test's choosing.</summary>
public sealed class BackCareWebFactory(string dataDirectory, IReadOnlyDictionary<string, string>? settings = null) : WebApplicationFactory<Program>
{
    public string DataDirectory { get; } = dataDirectory;

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
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }
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
