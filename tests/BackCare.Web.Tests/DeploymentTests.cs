using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using BackCare.App.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BackCare.Web.Tests;

/// <summary>
/// Issue 13 §4: behind a TLS-terminating proxy, caching of health data, what the logs may hold, the content root,
/// CSV cells, the calendar feed and the public base URL.
/// </summary>
public sealed partial class DeploymentTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "backcare-web-" + Guid.NewGuid().ToString("N"));

    /// <summary>A host outside Development with HTTPS enforced, seeing requests as if from <c>remote</c>.</summary>
    private WebApplicationFactory<Program> HttpsHost(string remote, params (string Key, string Value)[] settings)
    {
        var factory = new BackCareWebFactory(_folder, settings.Append(("BackCare:Hosting:AllowHttp", "false")).ToDictionary(s => s.Item1, s => s.Item2));
        return factory.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
            services.AddSingleton<IStartupFilter>(new RemoteAddress(IPAddress.Parse(remote)))));
    }

    private static HttpRequestMessage Get(string url, bool forwardedHttps)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, UriKind.Relative));
        request.Headers.Host = "backcare.example.org";
        if (forwardedHttps)
        {
            request.Headers.Add("X-Forwarded-Proto", "https");
            request.Headers.Add("X-Forwarded-For", "198.51.100.7");
        }

        return request;
    }

    [Fact]
    public async Task Behind_a_known_proxy_that_terminated_TLS_the_app_sends_HSTS_and_Secure_cookies_and_does_not_redirect()
    {
        await using var host = HttpsHost("127.0.0.1");
        using var client = host.CreateClient(new() { AllowAutoRedirect = false });
        using var response = await client.SendAsync(Get("/Account/Login", forwardedHttps: true));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.GetValues("Strict-Transport-Security").Single().ShouldContain("max-age=");
        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        cookies.ShouldNotBeEmpty();
        cookies.ShouldAllBe(c => c.Contains("secure", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Plain_HTTP_is_redirected_to_HTTPS_outside_Development()
    {
        await using var host = HttpsHost("127.0.0.1");
        using var client = host.CreateClient(new() { AllowAutoRedirect = false });
        using var response = await client.SendAsync(Get("/Account/Login?returnUrl=%2FDiary", forwardedHttps: false));
        response.StatusCode.ShouldBe(HttpStatusCode.PermanentRedirect);
        response.Headers.Location!.ToString().ShouldBe("https://backcare.example.org/Account/Login?returnUrl=%2FDiary");
    }

    [Fact]
    public async Task Forwarded_headers_from_an_unknown_address_are_ignored()
    {
        await using var host = HttpsHost("203.0.113.9");
        using var client = host.CreateClient(new() { AllowAutoRedirect = false });
        using var response = await client.SendAsync(Get("/Account/Login", forwardedHttps: true));
        response.StatusCode.ShouldBe(HttpStatusCode.PermanentRedirect, "only a configured proxy may say the request was HTTPS");
    }

    [Fact]
    public async Task Forwarded_headers_from_a_configured_proxy_network_are_believed()
    {
        await using var host = HttpsHost("10.1.2.3", ("BackCare:Hosting:KnownNetworks:0", "10.0.0.0/8"));
        using var client = host.CreateClient(new() { AllowAutoRedirect = false });
        using var response = await client.SendAsync(Get("/Account/Login", forwardedHttps: true));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.Contains("Strict-Transport-Security").ShouldBeTrue();
    }

    [Fact]
    public async Task A_plain_HTTP_health_probe_is_answered_not_redirected()
    {
        await using var host = HttpsHost("127.0.0.1");
        using var client = host.CreateClient(new() { AllowAutoRedirect = false });
        using var probe = await client.SendAsync(Get("/healthz", forwardedHttps: false));
        probe.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var page = await client.SendAsync(Get("/Account/Login", forwardedHttps: false));
        page.StatusCode.ShouldBe(HttpStatusCode.PermanentRedirect, "pages still move to HTTPS");
    }

    [Fact]
    public async Task The_sign_in_cookie_is_Secure_outside_Development()
    {
        await using var host = HttpsHost("127.0.0.1");
        var web = new WebSession(host.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri("https://localhost") }));
        var (_, html) = await web.GetAsync("/Account/Register");
        var token = Token().Match(html).Groups[1].Value;
        using var content = new FormUrlEncodedContent([new("DisplayName", "Secure"), new("Email", "secure@example.com"), new("Password", "correct horse battery"), new("__RequestVerificationToken", token)]);
        using var registered = await web.Client.PostAsync(new Uri("/Account/Register", UriKind.Relative), content);
        registered.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        // Registration does not sign in by itself (accounts on Identity); the sign-in sets the cookie.
        var (_, login) = await web.GetAsync("/Account/Login");
        using var credentials = new FormUrlEncodedContent([new("Email", "secure@example.com"), new("Password", "correct horse battery"), new("__RequestVerificationToken", Token().Match(login).Groups[1].Value)]);
        using var response = await web.Client.PostAsync(new Uri("/Account/Login", UriKind.Relative), credentials);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var signIn = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("backcare=", StringComparison.Ordinal));
        signIn.ShouldContain("secure", Case.Insensitive);
        signIn.ShouldContain("httponly", Case.Insensitive);
    }

    [Fact]
    public async Task Every_response_with_health_data_says_no_store()
    {
        await using var factory = new BackCareWebFactory(_folder);
        var web = factory.Session();
        await web.RegisterAsync("nostore@example.com");
        await web.PostFormAsync("/Diary", ("Pain", "4"), ("Note", "private"));
        await web.PostFormAsync("/Reminders", ("Time", "08:00"));
        var feed = Regex.Match((await web.GetAsync("/Reminders")).Html, "/calendar/[0-9a-f]+\\.ics").Value;
        using (var anonymous = factory.CreateClient())
        using (var calendar = await anonymous.GetAsync(new Uri(feed, UriKind.Relative)))
        {
            (calendar.Headers.CacheControl?.NoStore ?? false).ShouldBeTrue("the calendar feed, fetched without a cookie");
        }

        string[] urls =
        [
            "/Account/Export?handler=Csv", "/Account/Export?handler=Fhir", "/Account/Export?handler=Pdf", "/Reminders?handler=Download", feed,
            "/Diary", "/Progress", "/Plan", "/Assessment", "/Medicines", "/Reminders", "/Account/Export",
        ];
        foreach (var url in urls)
        {
            using var response = await web.Client.GetAsync(new Uri(url, UriKind.Relative));
            response.StatusCode.ShouldBeOneOf([HttpStatusCode.OK, HttpStatusCode.Redirect], url);
            (response.Headers.CacheControl?.NoStore ?? false).ShouldBeTrue($"{url} says Cache-Control: {response.Headers.CacheControl}");
        }

        using var css = await web.Client.GetAsync(new Uri("/css/site.css", UriKind.Relative));
        css.StatusCode.ShouldBe(HttpStatusCode.OK);
        (css.Headers.CacheControl?.NoStore ?? false).ShouldBeFalse("static files are not health data");
    }

    [Fact]
    public async Task The_calendar_feed_hides_the_user_id_and_links_use_the_public_base_URL_not_the_Host_header()
    {
        await using var factory = new BackCareWebFactory(_folder, new Dictionary<string, string> { ["BackCare:Hosting:PublicBaseUrl"] = "https://backcare.example.org/" });
        var web = factory.Session();
        await web.RegisterAsync("feed@example.com");
        await web.PostFormAsync("/Reminders", ("Time", "08:00"));
        using var page = new HttpRequestMessage(HttpMethod.Get, new Uri("/Reminders", UriKind.Relative));
        page.Headers.Host = "evil.example";
        var html = await (await web.Client.SendAsync(page)).Content.ReadAsStringAsync();
        html.ShouldNotContain("evil.example");
        var link = Regex.Match(html, "https://backcare\\.example\\.org/calendar/([0-9a-f]+)\\.ics");
        link.Success.ShouldBeTrue("the subscription link is on the configured public address");

        Guid userId;
        using (var scope = factory.Services.CreateScope())
        {
            userId = (await scope.ServiceProvider.GetRequiredService<BackCareDbContext>().Users.SingleAsync(u => u.Email == "feed@example.com")).Id;
        }

        foreach (var url in new[] { $"/calendar/{link.Groups[1].Value}.ics", "/Reminders?handler=Download" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, UriKind.Relative));
            request.Headers.Host = "evil.example";
            var ics = await (await web.Client.SendAsync(request)).Content.ReadAsStringAsync();
            ics.ShouldContain("UID:checkin-");
            ics.ShouldContain("URL:https://backcare.example.org/Diary");
            ics.ShouldNotContain("evil.example");
            ics.ShouldNotContain(userId.ToString("N"), Case.Insensitive);
            ics.ShouldNotContain(userId.ToString("D"), Case.Insensitive);
        }
    }

    [Fact]
    public async Task CSV_export_neutralises_cells_a_spreadsheet_would_run_as_formulas()
    {
        await using var factory = new BackCareWebFactory(_folder);
        var web = factory.Session();
        await web.RegisterAsync("csv@example.com");
        await web.PostFormAsync("/Diary", ("Pain", "4"), ("Note", "=HYPERLINK(\"http://evil.example\",\"click\")"), ("Triggers", "+1 stairs"), ("MedicinesTaken", "@SUM(A1)"), ("Techniques", "-2+3"));
        var csv = await web.Client.GetStringAsync(new Uri("/Account/Export?handler=Csv", UriKind.Relative));
        csv.ShouldContain("'=HYPERLINK(");
        csv.ShouldContain("'+1 stairs");
        csv.ShouldContain("'@SUM(A1)");
        csv.ShouldContain("'-2+3");
        foreach (var cell in csv.Split('\n').Skip(1).SelectMany(line => line.Split(',')))
        {
            cell.TrimStart('"').ShouldNotMatch("^[=+@-]");
        }
    }

    [Fact]
    public async Task Logs_never_hold_the_calendar_token_or_a_query_string_even_at_Information()
    {
        var logs = new CapturedLogs();
        await using var factory = new BackCareWebFactory(_folder, new Dictionary<string, string>
        {
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Information",
            ["Logging:LogLevel:BackCare.Web.Requests"] = "Debug",
        });
        await using var logged = factory.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs)));
        var web = new WebSession(logged.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true }));
        await web.RegisterAsync("logs@example.com");
        await web.PostFormAsync("/Reminders", ("Time", "08:00"));
        var token = Regex.Match((await web.GetAsync("/Reminders")).Html, "/calendar/([0-9a-f]+)\\.ics").Groups[1].Value;
        token.ShouldNotBeEmpty();
        (await web.GetAsync($"/calendar/{token}.ics")).Status.ShouldBe(HttpStatusCode.OK);
        await web.GetAsync("/Account/ResetPassword?code=SECRETRESETCODE42&email=logs%40example.com");

        logs.Messages.ShouldNotBeEmpty();
        logs.Messages.ShouldNotContain(m => m.Contains(token, StringComparison.OrdinalIgnoreCase));
        logs.Messages.ShouldNotContain(m => m.Contains("SECRETRESETCODE42", StringComparison.Ordinal));
        logs.Messages.ShouldContain(m => m.Contains("/calendar/{token}.ics", StringComparison.Ordinal), "the request line names the route, not the path");
    }

    [Fact]
    public async Task With_the_shipped_settings_requests_write_nothing_to_the_log()
    {
        var logs = new CapturedLogs();
        await using var factory = new BackCareWebFactory(_folder);
        await using var logged = factory.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs)));
        var web = new WebSession(logged.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true }));
        await web.RegisterAsync("quiet@example.com");
        var before = logs.Messages.Count;
        for (var i = 0; i < 30; i++)
        {
            await web.GetAsync("/Diary");
            await web.GetAsync("/Progress");
            await web.GetAsync("/css/site.css");
        }

        logs.Messages.Skip(before).ShouldBeEmpty("90 ordinary requests log nothing at the default levels");
    }

    [Fact]
    [Trait("Storage", "Sqlite")]
    public async Task Started_from_another_folder_the_built_app_finds_its_settings_styles_and_scripts()
    {
        var elsewhere = Directory.CreateDirectory(Path.Combine(_folder, "elsewhere")).FullName;
        await using var app = await BuiltWebApp.StartAsync(elsewhere, Path.Combine(_folder, "data"));
        using var http = new HttpClient();
        foreach (var file in new[] { "/css/site.css", "/js/pacer.js", "/js/session.js" })
        {
            using var response = await http.GetAsync(new Uri(app.BaseUrl + file));
            response.StatusCode.ShouldBe(HttpStatusCode.OK, file);
            (await response.Content.ReadAsStringAsync()).Length.ShouldBeGreaterThan(100, file);
        }

        var html = await http.GetStringAsync(new Uri(app.BaseUrl + "/"));
        html.ShouldContain("/css/site.css");
        app.Output.ShouldContain(line => line.Contains("settings files: appsettings.json", StringComparison.Ordinal), string.Join('\n', app.Output));
        app.Output.ShouldContain(line => line.Contains("Content root " + Path.GetDirectoryName(BuiltWebApp.WebDll), StringComparison.Ordinal), string.Join('\n', app.Output));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Makes every request look as if it came from one address (the test server has none of its own).</summary>
    private sealed class RemoteAddress(IPAddress address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, following) =>
            {
                context.Connection.RemoteIpAddress = address;
                return following(context);
            });
            next(app);
        };
    }
}

/// <summary>Keeps every log message the host writes at its configured levels.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _messages = new();

    public IReadOnlyCollection<string> Messages => _messages;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _messages);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> messages) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            messages.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
