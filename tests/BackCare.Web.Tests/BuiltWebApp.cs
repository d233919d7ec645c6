using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace BackCare.Web.Tests;

/// <summary>
/// The built web app (src/BackCare.Web/bin/&lt;configuration&gt;/net10.0/BackCare.Web.dll) as a real process on a free
/// loopback port, started from a folder of the test's choosing, with its console output kept.
/// </summary>
public sealed class BuiltWebApp : IAsyncDisposable
{
    private readonly Process _process;

    private BuiltWebApp(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public ConcurrentQueue<string> Output { get; } = new();

    public static string WebDll
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (!File.Exists(Path.Combine(dir!.FullName, "BackCare.slnx"))) dir = dir.Parent;
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
            return Path.Combine(dir.FullName, "src", "BackCare.Web", "bin", configuration, "net10.0", "BackCare.Web.dll");
        }
    }

    /// <summary>Starts the app with <paramref name="workingDirectory"/> as its current folder and waits for /healthz.</summary>
    public static async Task<BuiltWebApp> StartAsync(string workingDirectory, string dataDirectory, int? port = null)
    {
        File.Exists(WebDll).ShouldBeTrue($"the web app is built at {WebDll}");
        var baseUrl = $"http://127.0.0.1:{port ?? FreePort()}";
        var start = new ProcessStartInfo("dotnet", [WebDll, "--urls", baseUrl, "--BackCare:Storage:DataDirectory", dataDirectory,
            "--BackCare:Hosting:AllowHttp", "true", "--BackCare:Hosting:PublicBaseUrl", baseUrl])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var app = new BuiltWebApp(Process.Start(start)!, baseUrl);
        app._process.OutputDataReceived += (_, e) => { if (e.Data is not null) app.Output.Enqueue(e.Data); };
        app._process.ErrorDataReceived += (_, e) => { if (e.Data is not null) app.Output.Enqueue(e.Data); };
        app._process.BeginOutputReadLine();
        app._process.BeginErrorReadLine();
        using var http = new HttpClient();
        for (var i = 0; i < 300; i++)
        {
            try
            {
                if ((await http.GetAsync(new Uri(baseUrl + "/healthz"))).StatusCode == HttpStatusCode.OK) return app;
            }
            catch (HttpRequestException)
            {
            }

            if (app._process.HasExited) throw new InvalidOperationException("the web app exited during start-up: " + string.Join('\n', app.Output));
            await Task.Delay(200);
        }

        throw new TimeoutException("the web app did not answer /healthz in 60 s: " + string.Join('\n', app.Output));
    }

    /// <summary>kill -9: no shutdown hooks, no flushing; what was not committed is gone.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
