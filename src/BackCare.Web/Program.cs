using BackCare.App;
using BackCare.App.Data;
using BackCare.Web.Infrastructure;

// `--demo` is reserved for seeding demo accounts (patient web app issue); strip it before
// configuration reads the arguments, since it takes no value.
var demo = args.Contains("--demo");
var builder = WebApplication.CreateBuilder(args.Where(a => a != "--demo").ToArray());

builder.Services.AddBackCareApp(builder.Configuration);
builder.Services.AddOptions<SafetyContactsOptions>()
    .BindConfiguration(SafetyContactsOptions.Section)
    .ValidateDataAnnotations()
    .ValidateOnStart();
builder.Services.AddRazorPages();
builder.Services.AddHealthChecks().AddDbContextCheck<BackCareDbContext>("database");
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<UnexpectedErrorHandler>();

var app = builder.Build();

await using (var scope = app.Services.CreateAsyncScope())
{
    var initializer = scope.ServiceProvider.GetRequiredService<DatabaseInitializer>();
    await initializer.InitializeAsync(app.Lifetime.ApplicationStopping);
    StartupMessages.DatabaseReady(app.Logger, initializer.Describe());
}

if (demo)
{
    StartupMessages.DemoNotYetAvailable(app.Logger);
}

app.UseExceptionHandler();
app.UseSecurityHeaders();
if (!app.Environment.IsDevelopment())
{
    app.UseHsts();
}

app.UseStaticFiles();
app.UseRouting();
app.MapHealthChecks("/healthz");
app.MapRazorPages();

app.Lifetime.ApplicationStarted.Register(() =>
    StartupMessages.Listening(app.Logger, string.Join(", ", app.Urls)));

await app.RunAsync();

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
