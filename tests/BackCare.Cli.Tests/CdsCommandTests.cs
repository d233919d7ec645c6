using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BackCare.Cli.Tests;

/// <summary><c>backcare cds keygen|token|overrides</c> and <c>backcare terminology import</c>.</summary>
public sealed class CdsCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("backcare-cli-cds-").FullName;

    [Theory]
    [InlineData("ES384")]
    [InlineData("RS384")]
    [InlineData("ES256")]
    public async Task Keygen_and_token_make_a_JWT_that_the_public_JWKS_verifies(string alg)
    {
        var keys = await CliRunner.RunAsync("cds", "keygen", "--alg", alg, "--out", _folder, "--json");
        keys.ExitCode.ShouldBe(0, keys.Error);
        var jwksPath = keys.Json.GetProperty("jwks").GetString()!;
        var privatePath = keys.Json.GetProperty("privateKey").GetString()!;
        File.ReadAllText(jwksPath).ShouldNotContain("\"d\"");

        const string aud = "https://backcare.example.org/cds-services/backcare-order-sign";
        var token = await CliRunner.RunAsync("cds", "token", "--key", privatePath, "--iss", "https://ehr.example.org", "--aud", aud, "--tenant", "t1", "--json");
        token.ExitCode.ShouldBe(0, token.Error);
        var jwt = token.Json.GetProperty("token").GetString()!;
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            ValidIssuer = "https://ehr.example.org",
            ValidAudience = aud,
            IssuerSigningKeys = new JsonWebKeySet(File.ReadAllText(jwksPath)).GetSigningKeys(),
        });
        result.IsValid.ShouldBeTrue(result.Exception?.Message);
        var parsed = (JsonWebToken)result.SecurityToken;
        parsed.Alg.ShouldBe(alg);
        parsed.GetPayloadValue<string>("tenant").ShouldBe("t1");
        parsed.Id.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task Keygen_refuses_a_symmetric_algorithm()
    {
        var result = await CliRunner.RunAsync("cds", "keygen", "--alg", "HS256", "--out", _folder);
        result.ExitCode.ShouldBe(2);
    }

    [Theory]
    [InlineData(null, 384)]
    [InlineData("2048", 256)]
    [InlineData("4096", 512)]
    public async Task Keygen_makes_an_RSA_key_of_the_size_asked_for(string? bits, int modulusBytes)
    {
        string[] args = bits is null ? ["cds", "keygen", "--alg", "RS384", "--out", _folder, "--json"] : ["cds", "keygen", "--alg", "RS384", "--rsa-bits", bits, "--out", _folder, "--json"];
        var keys = await CliRunner.RunAsync(args);
        keys.ExitCode.ShouldBe(0, keys.Error);
        var key = new JsonWebKeySet(File.ReadAllText(keys.Json.GetProperty("jwks").GetString()!)).Keys.ShouldHaveSingleItem();
        Base64UrlEncoder.DecodeBytes(key.N).Length.ShouldBe(modulusBytes);
    }

    [Theory]
    [InlineData("RS384", "1024", "--rsa-bits: is 1024; allowed: 2048, 3072, 4096")]
    [InlineData("ES256", "2048", "--rsa-bits: applies to RSA keys only, not ES256")]
    [InlineData("ES384", "3072", "--rsa-bits: applies to RSA keys only, not ES384")]
    [InlineData("ES256", "1024", "--rsa-bits: applies to RSA keys only, not ES256")]
    public async Task Keygen_refuses_a_key_size_it_cannot_use(string alg, string bits, string error)
    {
        var result = await CliRunner.RunAsync("cds", "keygen", "--alg", alg, "--rsa-bits", bits, "--out", _folder);
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain(error);
        File.Exists(Path.Combine(_folder, "private.jwk.json")).ShouldBeFalse();
    }

    [Fact]
    public async Task Terminology_import_reads_the_RRF_sample_and_overrides_report_is_empty_without_feedback()
    {
        var sample = Path.Combine(BackCare.Clinical.Tests.RepoPaths.Root, "tests", "fixtures", "rxnorm-sample");
        var import = await CliRunner.RunAsync("terminology", "import", sample, "--data-dir", _folder, "--json");
        import.ExitCode.ShouldBe(0, import.Error);
        import.Json.GetProperty("products").GetInt32().ShouldBe(4);
        import.Json.GetProperty("relationships").GetInt32().ShouldBe(5);

        var overrides = await CliRunner.RunAsync("cds", "overrides", "--data-dir", _folder, "--json");
        overrides.ExitCode.ShouldBe(0, overrides.Error);
        overrides.Json.GetProperty("rules").GetArrayLength().ShouldBe(0);

        var missing = await CliRunner.RunAsync("terminology", "import", Path.Combine(_folder, "nothing-here"));
        missing.ExitCode.ShouldBe(2);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
