using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BackCare.Web.Tests;

/// <summary>The real host on a real SQLite database in a folder of the test's choosing.</summary>
public sealed class BackCareWebFactory(string dataDirectory) : WebApplicationFactory<Program>
{
    public string DataDirectory { get; } = dataDirectory;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("BackCare:Storage:Provider", "sqlite");
        builder.UseSetting("BackCare:Storage:DataDirectory", DataDirectory);
    }
}
