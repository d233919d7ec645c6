using BackCare.App;
using BackCare.App.Data;
using BackCare.App.Accounts;
using BackCare.CdsHooks;
using System.Net;
using BackCare.Web.Infrastructure;
using BackCare.Web.Fhir;
using BackCare.Web.Smart;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;

// `--demo` is reserved for seeding demo accounts (patient web app issue); strip it before
// configuration reads the arguments, since it takes no value.
var demo = args.Contains("--demo");
var builder = WebApplication.CreateBuilder(args.Where(a => a != "--demo").ToArray());
ContentRoot.Locate(builder);

// Framework categories that log raw paths and query strings (which can hold the calendar token or a reset code)
// stay at Warning whatever the configuration says; the app's own request line logs the route template instead.
foreach (var category in RequestLog.PathLoggingCategories) builder.Logging.AddFilter(category, LogLevel.Warning);

var hosting = builder.Configuration.GetSection(HostingOptions.Section).Get<HostingOptions>() ?? new HostingOptions();
var httpsOnly = !builder.Environment.IsDevelopment() && !hosting.AllowHttp;
builder.Services.AddOptions<HostingOptions>()
    .BindConfiguration(HostingOptions.Section)
    .Validate(o => HostingOptions.IsValidBaseUrl(o.PublicBaseUrl), "BackCare:Hosting:PublicBaseUrl must be an absolute http(s) URL without query, such as https://backcare.example.org.")
    .ValidateOnStart();
builder.Services.Configure<ForwardedHeadersOptions>(options =>
{
    options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
    foreach (var proxy in hosting.KnownProxies) options.KnownProxies.Add(IPAddress.Parse(proxy));
    foreach (var network in hosting.KnownNetworks) options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
});
builder.Services.AddHsts(options =>
{
    options.MaxAge = TimeSpan.FromDays(365);
    options.IncludeSubDomains = false;
});
builder.Services.AddHttpsRedirection(options =>
{
    options.HttpsPort = hosting.HttpsPort;
    options.RedirectStatusCode = StatusCodes.Status308PermanentRedirect;
});
builder.Services.AddAntiforgery(options =>
    options.Cookie.SecurePolicy = httpsOnly ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest);

builder.Services.AddBackCareApp(builder.Configuration);
builder.Services.AddBackCareCdsHooks(builder.Configuration);
builder.Services.AddOptions<SafetyContactsOptions>()
    .BindConfiguration(SafetyContactsOptions.Section)
    .ValidateDataAnnotations()
    .ValidateOnStart();
builder.Services.AddSingleton(services => LicensedWording.Load(services.GetRequiredService<IConfiguration>(),
    services.GetRequiredService<BackCare.Clinical.Evidence.EvidenceBase>(), services.GetRequiredService<IWebHostEnvironment>().ContentRootPath));
builder.Services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
new IdentityBuilder(typeof(UserAccount), builder.Services).AddSignInManager<BackCareSignInManager>();
builder.Services.AddScoped(sp => (BackCareSignInManager)sp.GetRequiredService<SignInManager<UserAccount>>());
builder.Services.ConfigureApplicationCookie(options =>
{
    options.LoginPath = "/Account/Login";
    options.LogoutPath = "/Account/Logout";
    options.AccessDeniedPath = "/Account/AccessDenied";
    options.Cookie.Name = "backcare";
    options.Cookie.HttpOnly = true;
    options.Cookie.SameSite = SameSiteMode.Lax;
    options.Cookie.SecurePolicy = httpsOnly ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
    options.ExpireTimeSpan = TimeSpan.FromDays(14);
    options.SlidingExpiration = true;

    // The security stamp is checked on every request (not Identity's default 30 minutes): docs/security.md.
    options.Events.OnValidatePrincipal = SessionValidation.ValidateAsync;
});
builder.Services.Configure<CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme, options =>
{
    options.Cookie.Name = "backcare_2fa";
    options.Cookie.SecurePolicy = httpsOnly ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
    options.ExpireTimeSpan = TimeSpan.FromMinutes(5);
});
builder.Services.AddSingleton<KnownDevices>();
builder.Services.AddSmartServer(allowHttp: !httpsOnly);
builder.Services.AddAccountRateLimits(builder.Configuration);
builder.Services.AddAuthorizationBuilder()
    .AddPolicy(Policies.Patient, p => p.RequireRole(Roles.Patient))
    .AddPolicy(Policies.Clinician, p => p.RequireRole(Roles.Clinician))
    .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin));
builder.Services.AddLocalization(options => options.ResourcesPath = "Resources");
builder.Services.AddRazorPages(options =>
{
    foreach (var folder in Policies.PatientFolders)
    {
        options.Conventions.AuthorizeFolder(folder, Policies.Patient);
    }

    options.Conventions.AuthorizeFolder("/Clinician", Policies.Clinician);
    options.Conventions.AuthorizeFolder("/Admin", Policies.Admin);
    options.Conventions.AuthorizePage("/Account/Delete", Policies.Patient);
    options.Conventions.AuthorizePage("/Account/Export", Policies.Patient);
    options.Conventions.AuthorizePage("/Account/Import", Policies.Patient);
    options.Conventions.AuthorizePage("/Account/Apps");
    options.Conventions.AuthorizePage("/Guides/Done", Policies.Patient);
    options.Conventions.AuthorizePage("/Account/TwoFactor");
    options.Conventions.AuthorizePage("/Account/ChangePassword");
}).AddMvcOptions(EmptyFormStringsStayEmpty.Apply);
builder.Services.AddOptions<Microsoft.AspNetCore.Mvc.MvcOptions>()
    .Configure<Microsoft.Extensions.Localization.IStringLocalizer<BackCare.Web.SharedResource>>(EmptyFormStringsStayEmpty.Messages);
builder.Services.AddBackCareOperations(builder.Configuration);
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<UnexpectedErrorHandler>();

var app = builder.Build();
StartupMessages.ContentRoot(app.Logger, app.Environment.ContentRootPath, ContentRoot.SettingsFiles(app.Configuration));
if (!httpsOnly && !app.Environment.IsDevelopment()) StartupMessages.PlainHttp(app.Logger);

// Read the licensed questionnaire wording now, so a wrong file stops start-up rather than the first assessment.
app.Services.GetRequiredService<LicensedWording>();

await using (var scope = app.Services.CreateAsyncScope())
{
    var initializer = scope.ServiceProvider.GetRequiredService<DatabaseInitializer>();
    await initializer.InitializeAsync(app.Lifetime.ApplicationStopping);
    StartupMessages.DatabaseReady(app.Logger, initializer.Describe());
}

if (demo)
{
    await using var scope = app.Services.CreateAsyncScope();
    var seeded = await DemoData.SeedAsync(scope.ServiceProvider, app.Lifetime.ApplicationStopping);
    StartupMessages.DemoAccounts(app.Logger, seeded.PatientEmail, seeded.ClinicianEmail, seeded.AdminEmail, DemoData.Password);
}

app.UseForwardedHeaders();
app.UseExceptionHandler();
app.UseSecurityHeaders();
if (httpsOnly)
{
    app.UseHsts();
    // Health probes from a load balancer (and a metrics scraper) usually speak plain HTTP to the node: answer them, do not redirect.
    var metrics = Operations.Metrics(app.Configuration);
    app.UseWhen(context => !Operations.IsProbe(context, metrics), branch => branch.UseHttpsRedirection());
}

// CDS Hooks calls (signed JWT, no cookies, no health records read) branch off here, before the pages' middleware.
app.UseCdsHooksServices();
app.UseAuditBeforeResponse();
app.UseStaticFiles(new StaticFileOptions
{
    // Styles and scripts are revalidated (ETag) rather than stored blindly; everything else is no-store (SecurityHeaders).
    OnPrepareResponse = file => file.Context.Response.Headers.CacheControl = "no-cache",
});
app.UseRouting();
app.UseRequestLog();
app.UseAccountRateLimits();
app.UseAuthentication();
app.UseTwoFactorRequiredByRole();
app.UseAuthorization();
app.MapBackCareOperations();
app.MapCalendar();
app.MapCdsHooksRulePages();
app.MapFhir();
app.MapSmartConfiguration();
app.MapRazorPages();

app.Lifetime.ApplicationStarted.Register(() =>
    StartupMessages.Listening(app.Logger, string.Join(", ", app.Urls)));

await app.RunAsync();

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
