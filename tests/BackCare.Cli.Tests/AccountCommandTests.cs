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

    [Theory]
    [InlineData("clinician")]
    [InlineData("admin")]
    public async Task Create_makes_a_staff_account_whose_set_up_code_sets_the_password_once(string role)
    {
        var result = await CliRunner.RunAsync("account", "create", "--role", role, "--email", $"{role}@example.org", "--name", "Dr Staff", "--data-dir", _folder, "--json");
        result.ExitCode.ShouldBe(0, result.Error);
        result.Json.GetProperty("role").GetString().ShouldBe(role);
        result.Json.GetProperty("name").GetString().ShouldBe("Dr Staff");
        var code = result.Json.GetProperty("setupCode").GetString()!;

        await using var services = Services();
        await using var scope = services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
        var user = (await accounts.ResetPasswordAsync($"{role}@example.org", code, "staff chosen password", default)).Value!;
        user.Role.ShouldBe(role);
        Roles.RequiresTwoFactor(user.Role).ShouldBeTrue();
        (await accounts.SignInAsync($"{role}@example.org", "staff chosen password", default)).Succeeded.ShouldBeTrue();
        (await accounts.ResetPasswordAsync($"{role}@example.org", code, "another password 789", default)).Succeeded.ShouldBeFalse("a set-up code works once");
    }

    [Theory]
    [InlineData("patient", "a@example.org", "--role")]
    [InlineData("clinician", "not an email", "--email")]
    public async Task Create_refuses_a_patient_role_or_a_bad_email_with_exit_2(string role, string email, string field)
    {
        var result = await CliRunner.RunAsync("account", "create", "--role", role, "--email", email, "--data-dir", _folder);
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain(field);
    }

    [Fact]
    public async Task Create_twice_with_one_email_exits_2_and_keeps_the_first_account()
    {
        (await CliRunner.RunAsync("account", "create", "--role", "clinician", "--email", "twice@example.org", "--data-dir", _folder)).ExitCode.ShouldBe(0);
        var again = await CliRunner.RunAsync("account", "create", "--role", "admin", "--email", "twice@example.org", "--data-dir", _folder);
        again.ExitCode.ShouldBe(2);
        again.Error.ShouldContain("already exists");
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
