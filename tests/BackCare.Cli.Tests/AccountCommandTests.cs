using BackCare.App;
using BackCare.App.Accounts;
using BackCare.App.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BackCare.Cli.Tests;

public sealed class AccountCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("backcare-cli-account-").FullName;

    private ServiceProvider Services() =>
        new ServiceCollection().AddLogging()
            .AddBackCareApp(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["BackCare:Storage:DataDirectory"] = _folder }).Build())
            .BuildServiceProvider();

    [Fact]
    public async Task Reset_token_from_the_CLI_lets_the_person_set_a_new_password_once()
    {
        await using (var services = Services())
        await using (var scope = services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(default);
            (await scope.ServiceProvider.GetRequiredService<AccountService>().RegisterAsync("forgot@example.com", "Forgetful", "old password 123", Roles.Patient, default)).Succeeded.ShouldBeTrue();
        }

        var result = await CliRunner.RunAsync("account", "reset-token", "--email", "forgot@example.com", "--data-dir", _folder, "--json");
        result.ExitCode.ShouldBe(0, result.Error);
        var token = result.Json.GetProperty("token").GetString()!;

        await using (var services = Services())
        await using (var scope = services.CreateAsyncScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
            (await accounts.ResetPasswordAsync("forgot@example.com", token, "new password 456", default)).Succeeded.ShouldBeTrue();
            (await accounts.SignInAsync("forgot@example.com", "new password 456", default)).Succeeded.ShouldBeTrue();
            (await accounts.ResetPasswordAsync("forgot@example.com", token, "another password 789", default)).Succeeded.ShouldBeFalse("a code works once");
        }
    }

    [Fact]
    public async Task Reset_token_for_an_unknown_email_exits_2()
    {
        var result = await CliRunner.RunAsync("account", "reset-token", "--email", "nobody@example.com", "--data-dir", _folder);
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("--email");
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
