using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace BackCare.Web.Infrastructure;

/// <summary>
/// Finds the app's own files wherever it is started from. ASP.NET Core takes the current folder as the content root;
/// started from elsewhere (a service manager, a script in another folder) the app would silently run without
/// appsettings.json, CSS and scripts. When the current folder does not hold appsettings.json, the folder of the app's
/// own assembly is used; when that has no wwwroot (a build rather than a publish), the static web assets manifest the
/// build writes beside the assembly maps the project's wwwroot.
/// </summary>
internal static class ContentRoot
{
    public static void Locate(WebApplicationBuilder builder)
    {
        var environment = builder.Environment;
        var appFolder = AppContext.BaseDirectory;
        if (!File.Exists(Path.Combine(environment.ContentRootPath, "appsettings.json"))
            && File.Exists(Path.Combine(appFolder, "appsettings.json")))
        {
            environment.ContentRootPath = appFolder;
            environment.ContentRootFileProvider = new PhysicalFileProvider(appFolder);
            var webRoot = Path.Combine(appFolder, "wwwroot");
            environment.WebRootPath = webRoot;
            environment.WebRootFileProvider = Directory.Exists(webRoot) ? new PhysicalFileProvider(webRoot) : new NullFileProvider();

            // The appsettings sources were set up against the old folder: point them at the app's folder (assigning a
            // source back into the list makes the configuration reload it).
            var sources = ((IConfigurationBuilder)builder.Configuration).Sources;
            for (var i = 0; i < sources.Count; i++)
            {
                if (sources[i] is JsonConfigurationSource { Path: { } path } json && path.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase))
                {
                    json.FileProvider = new PhysicalFileProvider(appFolder);
                    sources[i] = json;
                }
            }
        }

        if (!Directory.Exists(Path.Combine(environment.ContentRootPath, "wwwroot"))
            && File.Exists(Path.Combine(appFolder, $"{environment.ApplicationName}.staticwebassets.runtime.json")))
        {
            builder.WebHost.UseStaticWebAssets();
        }
    }

    /// <summary>The settings files that were found, for the start-up message.</summary>
    public static string SettingsFiles(IConfiguration configuration) =>
        string.Join(", ", ((IConfigurationRoot)configuration).Providers.OfType<JsonConfigurationProvider>()
            .Where(p => p.Source.FileProvider?.GetFileInfo(p.Source.Path ?? "").Exists == true)
            .Select(p => p.Source.Path)) is { Length: > 0 } files ? files : "none";
}
