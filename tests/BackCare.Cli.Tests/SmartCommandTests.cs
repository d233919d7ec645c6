namespace BackCare.Cli.Tests;

/// <summary><c>backcare smart client add</c>: an operator registers public and confidential SMART apps.</summary>
public sealed class SmartCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("backcare-cli-smart-").FullName;

    [Fact]
    public async Task Public_and_confidential_clients_are_registered_once_and_only_a_confidential_one_gets_a_secret()
    {
        var open = await CliRunner.RunAsync("smart", "client", "add", "--client-id", "diary-app", "--name", "Diary App", "--redirect-uri", "https://app.example.org/callback", "--data-dir", _folder, "--json");
        open.ExitCode.ShouldBe(0, open.Error);
        open.Json.GetProperty("client_type").GetString().ShouldBe("public");
        open.Json.GetProperty("client_secret").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);

        var server = await CliRunner.RunAsync("smart", "client", "add", "--client-id", "ehr", "--name", "Clinic EHR", "--redirect-uri", "https://ehr.example.org/cb", "--confidential", "--data-dir", _folder, "--json");
        server.ExitCode.ShouldBe(0, server.Error);
        server.Json.GetProperty("client_secret").GetString()!.Length.ShouldBeGreaterThanOrEqualTo(32);

        var again = await CliRunner.RunAsync("smart", "client", "add", "--client-id", "diary-app", "--name", "Again", "--redirect-uri", "https://app.example.org/callback", "--data-dir", _folder);
        again.ExitCode.ShouldBe(2);
        again.Error.ShouldContain("already registered");
    }

    [Theory]
    [InlineData("http://app.example.org/callback", "must be an absolute https URI")]
    [InlineData("not a uri", "is not an absolute URI")]
    public async Task A_redirect_uri_that_is_not_https_or_not_absolute_is_refused(string uri, string message)
    {
        var result = await CliRunner.RunAsync("smart", "client", "add", "--client-id", "x", "--name", "X", "--redirect-uri", uri, "--data-dir", _folder);
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain(message);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
