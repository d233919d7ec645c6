using BackCare.App;
using BackCare.App.Data;
using BackCare.App.Accounts;
using BackCare.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

// `--demo` is reserved for seeding demo accounts (patient web app issue); strip it before
// configuration reads the arguments, since it takes no value.
var demo = args.Contains("--demo");
var builder = WebApplication.CreateBuilder(args.Where(a => a != "--demo").ToArray());

builder.Services.AddBackCareApp(builder.Configuration);
builder.Services.AddOptions<SafetyContactsOptions>()
    .BindConfiguration(SafetyContactsOptions.Section)
    .ValidateDataAnnotations()
    .ValidateOnStart();
builder.Services.AddSingleton(services => LicensedWording.Load(services.GetRequiredService<IConfiguration>(),
    BackCare.Clinical.Evidence.EmbeddedEvidence.Default, services.GetRequiredService<IWebHostEnvironment>().ContentRootPath));
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
    options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
    options.ExpireTimeSpan = TimeSpan.FromDays(14);
    options.SlidingExpiration = true;

    // The security stamp is checked on every request (not Identity's default 30 minutes): docs/security.md.
    options.Events.OnValidatePrincipal = SessionValidation.ValidateAsync;
});
builder.Services.Configure<CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme, options =>
{
    options.Cookie.Name = "backcare_2fa";
    options.ExpireTimeSpan = TimeSpan.FromMinutes(5);
});
builder.Services.AddSingleton<KnownDevices>();
builder.Services.AddAccountRateLimits(builder.Configuration);
builder.Services.AddAuthorizationBuilder()
    .AddPolicy(Policies.Patient, p => p.RequireRole(Roles.Patient));
builder.Services.AddLocalization(options => options.ResourcesPath = "Resources");
builder.Services.AddRazorPages(options =>
{
    foreach (var folder in Policies.PatientFolders)
    {
        options.Conventions.AuthorizeFolder(folder, Policies.Patient);
    }

    options.Conventions.AuthorizePage("/Account/Delete", Policies.Patient);
    options.Conventions.AuthorizePage("/Account/Export", Policies.Patient);
    options.Conventions.AuthorizePage("/Guides/Done", Policies.Patient);
    options.Conventions.AuthorizePage("/Account/TwoFactor");
    options.Conventions.AuthorizePage("/Account/ChangePassword");
}).AddMvcOptions(EmptyFormStringsStayEmpty.Apply);
builder.Services.AddOptions<Microsoft.AspNetCore.Mvc.MvcOptions>()
    .Configure<Microsoft.Extensions.Localization.IStringLocalizer<BackCare.Web.SharedResource>>(EmptyFormStringsStayEmpty.Messages);
builder.Services.AddHealthChecks().AddDbContextCheck<BackCareDbContext>("database");
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<UnexpectedErrorHandler>();

var app = builder.Build();

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
    StartupMessages.DemoAccounts(app.Logger, seeded.PatientEmail, seeded.ClinicianEmail, DemoData.Password);
}

app.UseExceptionHandler();
app.UseSecurityHeaders();
if (!app.Environment.IsDevelopment())
{
    app.UseHsts();
}

app.UseStaticFiles();
app.UseRouting();
app.UseAccountRateLimits();
app.UseAuthentication();
app.UseTwoFactorRequiredByRole();
app.UseAuthorization();
app.MapHealthChecks("/healthz");
app.MapCalendar();
app.MapRazorPages();

app.Lifetime.ApplicationStarted.Register(() =>
    StartupMessages.Listening(app.Logger, string.Join(", ", app.Urls)));

await app.RunAsync();

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
