using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using BackCare.TestSupport;
using Microsoft.Playwright;

namespace BackCare.Web.BrowserTests;

/// <summary>
/// Starts the real host (Kestrel, real SQLite in a temporary folder, with demo data) on a free loopback
/// port, and Debian's Chromium through Playwright (its own browser download cannot work here). With
/// BACKCARE_TEST_PROVIDER=postgres (the PostgreSQL pass of ./test.sh) the host stores in a fresh PostgreSQL database.
/// </summary>
public sealed class AppServer : IAsyncLifetime
{
    private Process? _process;
    private readonly string _data = Path.Combine(Path.GetTempPath(), "backcare-browser-" + Guid.NewGuid().ToString("N"));
    private string? _postgres;

    public string BaseUrl { get; private set; } = "";

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public static string Artifacts => Path.Combine(Root(), "artifacts", "screenshots");

    public async Task InitializeAsync()
    {
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        var web = Path.Combine(AppContext.BaseDirectory, "BackCare.Web.dll");
        // Made-up Roland-Morris statements, so the optional questions (shown only with licensed wording) are
        // part of the flows and the accessibility checks. BackCare never ships the real wording.
        Directory.CreateDirectory(_data);
        var wording = Path.Combine(_data, "rmdq-test-wording.txt");
        await File.WriteAllLinesAsync(wording, Enumerable.Range(1, 24).Select(n => $"Made-up test statement {n} about an everyday activity"));
        var start = new ProcessStartInfo("dotnet", [web, "--urls", BaseUrl, "--demo", "--BackCare:Storage:DataDirectory", _data,
            "--BackCare:LicensedWording:rmdq:File", wording, "--BackCare:LicensedWording:rmdq:Notice", "Test wording for the browser tests only.",
            "--BackCare:Hosting:AllowHttp", "true", "--BackCare:Hosting:PublicBaseUrl", BaseUrl, "--BackCare:RateLimits:PerIpPerMinute", "1000"])
        {
            WorkingDirectory = Path.Combine(Root(), "src", "BackCare.Web"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        if (TestStorage.OnPostgres)
        {
            _postgres = TestStorage.CreatePostgresDatabase("backcare_browser");
            foreach (var arg in new[] { "--BackCare:Storage:Provider", "postgres", "--BackCare:Storage:ConnectionString", _postgres }) start.ArgumentList.Add(arg);
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Remember(e.Data);
        _process.ErrorDataReceived += (_, e) => Remember(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        // Up to two minutes: on a busy shared machine the demo seeding alone can take longer than 30 s.
        using var http = new HttpClient();
        var healthy = false;
        for (var i = 0; i < 600 && !healthy; i++)
        {
            try
            {
                // Ready, not only alive: the database is reachable and migrated (issue 14's readiness check).
                healthy = (await http.GetAsync(new Uri(BaseUrl + "/healthz/ready"))).StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
            }

            if (_process.HasExited) throw new InvalidOperationException("the web host exited during start-up");
            if (!healthy) await Task.Delay(200);
        }

        if (!healthy) throw new InvalidOperationException("the web host did not answer /healthz/ready within two minutes");

        // The first request to each page compiles it and warms the identity and database paths; on a fresh PostgreSQL
        // database right after a long suite that took over 30 s once, which is Playwright's default step timeout. A test
        // measures behaviour, not the host's first-request cost, so the host is warmed before any browser step.
        foreach (var path in new[] { "/", "/Account/Register", "/Account/Login" })
        {
            (await http.GetAsync(new Uri(BaseUrl + path))).EnsureSuccessStatusCode();
        }

        Directory.CreateDirectory(Artifacts);
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("BACKCARE_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        if (_postgres is not null) TestStorage.DropPostgresDatabase(_postgres);
        if (Directory.Exists(_data)) Directory.Delete(_data, recursive: true);
    }

    public async Task<IPage> NewPageAsync(bool phone = false, bool dark = false, bool javaScript = true)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            JavaScriptEnabled = javaScript,
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1280, Height = 900 },
            ColorScheme = dark ? ColorScheme.Dark : ColorScheme.Light,
            AcceptDownloads = true,
            BaseURL = BaseUrl,
        });
        // A step waits up to a minute (Playwright's default is 30 s): on a small, busy CI machine a registration's
        // password hashing and first page compile once took longer. Behaviour is asserted, never speed.
        context.SetDefaultTimeout(60_000);
        return await context.NewPageAsync();
    }

    private static readonly System.Collections.Concurrent.ConcurrentQueue<string> ServerLines = new();

    /// <summary>The web host's last 60 lines of output, for a failure message (a step that timed out says what the server logged).</summary>
    public static string RecentServerOutput() => string.Join('\n', ServerLines);

    private static void Remember(string? line)
    {
        if (line is null) return;
        ServerLines.Enqueue(line);
        while (ServerLines.Count > 60) ServerLines.TryDequeue(out _);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "BackCare.slnx"))) dir = dir.Parent;
        return dir.FullName;
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserGroup : ICollectionFixture<AppServer>
{
    public const string Name = "browser";
}
