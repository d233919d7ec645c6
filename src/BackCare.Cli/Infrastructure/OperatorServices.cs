using BackCare.App;
using BackCare.App.CdsHooks;
using BackCare.App.Data;
using System.Runtime.CompilerServices;
using BackCare.Clinical.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BackCare.Cli;

/// <summary>
/// The storage an operator command works on: the web host's <c>BackCare:Storage</c> settings from the environment,
/// with <c>--data-dir</c> overriding the SQLite folder. One place for account, backup, CDS and terminology commands.
/// </summary>
public static class OperatorServices
{
    public static IConfiguration Configuration(string? dataDirectory)
    {
        var settings = new Dictionary<string, string?>();
        if (dataDirectory is not null) settings["BackCare:Storage:DataDirectory"] = dataDirectory;
        return new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(settings).Build();
    }

    /// <summary>
    /// The storage settings alone, for commands that open the SQLite file themselves (backup, restore, the override
    /// report): bound by the configuration binder's source generator, so the native program reads them too. A provider
    /// other than sqlite or postgres is refused, as the web host's options validation refuses it; an empty one is the
    /// default, sqlite, as the web host takes it.
    /// </summary>
    public static Parsed<StorageOptions> Storage(string? dataDirectory) => Storage(Configuration(dataDirectory));

    internal static Parsed<StorageOptions> Storage(IConfiguration configuration)
    {
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        if (string.IsNullOrEmpty(storage.Provider)) storage.Provider = "sqlite";
        return storage.Provider is "sqlite" or "postgres"
            ? storage
            : ValidationError.Unknown("BackCare:Storage:Provider", $"is '{storage.Provider}'; allowed: sqlite, postgres");
    }

    /// <summary>The setting that gave the SQLite file's path, which errors about the file name.</summary>
    public static string SqliteSetting(StorageOptions storage, string? dataDirectory) =>
        !string.IsNullOrWhiteSpace(storage.ConnectionString) ? "BackCare:Storage:ConnectionString"
        : dataDirectory is not null ? "--data-dir" : "BackCare:Storage:DataDirectory";

    public static ServiceProvider Build(string? dataDirectory)
    {
        if (!RuntimeFeature.IsDynamicCodeSupported) throw JitOnlyCommand.NotInNativeProcess();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddBackCareApp(Configuration(dataDirectory));
        services.AddScoped<CdsHooksStore>();
        return services.BuildServiceProvider();
    }
}
