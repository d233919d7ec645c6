using Microsoft.Extensions.Configuration;
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

    [Fact]
    public async Task Overrides_reports_stored_feedback_per_rule_most_overridden_first()
    {
        var sample = Path.Combine(BackCare.Clinical.Tests.RepoPaths.Root, "tests", "fixtures", "rxnorm-sample");
        (await CliRunner.RunAsync("terminology", "import", sample, "--data-dir", _folder)).ExitCode.ShouldBe(0); // creates the schema
        var database = Path.Combine(_folder, "backcare.db");
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Pooling=False"))
        {
            await connection.OpenAsync();
            var n = 0;
            foreach (var (rule, outcome, code) in new (string?, string, string?)[]
            {
                ("opioid-benzo", "overridden", "patient-declined"), ("opioid-benzo", "overridden", "patient-declined"),
                ("opioid-benzo", "overridden", null), ("opioid-benzo", "accepted", null),
                ("beers-benzo", "accepted", null), ("beers-benzo", "accepted", null), (null, "overridden", "other"),
            })
            {
                await using var insert = connection.CreateCommand();
                insert.CommandText = "INSERT INTO cds_feedback (issuer, card_uuid, outcome, outcome_timestamp, service_id, rule_id, accepted_suggestions, override_system, override_code, received_at) " +
                    "VALUES ('https://ehr.example.org', $card, $outcome, '2026-12-04T10:00:00Z', 'backcare-order-sign', $rule, 0, NULL, $code, '2026-12-04 10:00:01')";
                insert.Parameters.AddWithValue("$card", "card-" + n++);
                insert.Parameters.AddWithValue("$outcome", outcome);
                insert.Parameters.AddWithValue("$rule", (object?)rule ?? DBNull.Value);
                insert.Parameters.AddWithValue("$code", (object?)code ?? DBNull.Value);
                await insert.ExecuteNonQueryAsync();
            }
        }

        var report = await CliRunner.RunAsync("cds", "overrides", "--data-dir", _folder, "--json");
        report.ExitCode.ShouldBe(0, report.Error);
        var rules = report.Json.GetProperty("rules").EnumerateArray().ToArray();
        rules.Select(r => r.GetProperty("rule").GetString()).ShouldBe(["(unknown card)", "opioid-benzo", "beers-benzo"]);
        rules[1].GetProperty("overridden").GetInt32().ShouldBe(3);
        rules[1].GetProperty("accepted").GetInt32().ShouldBe(1);
        rules[1].GetProperty("overrideRate").GetDouble().ShouldBe(0.75);
        rules[1].GetProperty("overrideReasons").GetProperty("patient-declined").GetInt32().ShouldBe(2);
        rules[1].GetProperty("overrideReasons").GetProperty("(no reason given)").GetInt32().ShouldBe(1);
        rules[2].GetProperty("overrideRate").GetDouble().ShouldBe(0);

        var human = await CliRunner.RunAsync("cds", "overrides", "--data-dir", _folder);
        human.ExitCode.ShouldBe(0, human.Error);
        human.Out.ShouldContain("opioid-benzo: 3 overridden, 1 accepted (75");
        human.Out.ShouldContain("patient-declined 2");
    }

    [Fact]
    public async Task Overrides_creates_nothing_where_there_is_no_database_and_refuses_a_file_that_is_not_one()
    {
        var empty = Path.Combine(_folder, "no-database-here");
        var none = await CliRunner.RunAsync("cds", "overrides", "--data-dir", empty);
        none.ExitCode.ShouldBe(0, none.Error);
        none.Out.ShouldBe("No CDS Hooks feedback stored yet." + Environment.NewLine);
        none.Error.ShouldContain("no BackCare database at " + Path.Combine(empty, "backcare.db"));
        Directory.Exists(empty).ShouldBeFalse();

        await File.WriteAllTextAsync(Path.Combine(_folder, "backcare.db"), new string('x', 200));
        var garbage = await CliRunner.RunAsync("cds", "overrides", "--data-dir", _folder, "--json");
        garbage.ExitCode.ShouldBe(ExitCodes.BadInput);
        garbage.Error.ShouldStartWith("error: --data-dir: cannot read the database ");
        garbage.Out.ShouldBeEmpty();
        (await File.ReadAllTextAsync(Path.Combine(_folder, "backcare.db"))).ShouldBe(new string('x', 200));
    }

    [Theory]
    [InlineData("sqlite", false)]
    [InlineData("", false)] // an empty setting is the default, as the web host takes it
    [InlineData("postgres", true)]
    public void Overrides_go_to_the_companion_only_on_PostgreSQL(string provider, bool companion)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["BackCare:Storage:Provider"] = provider }).Build();
        var storage = OperatorServices.Storage(configuration);
        storage.Error.ShouldBeNull();
        Commands.CdsCommands.OverridesNeedTheCompanion(storage).ShouldBe(companion);
    }

    [Theory]
    [InlineData("Postgres")]
    [InlineData("pg")]
    [InlineData(" sqlite")]
    public void An_unknown_storage_provider_is_refused_not_read_as_SQLite(string provider)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["BackCare:Storage:Provider"] = provider }).Build();
        var storage = OperatorServices.Storage(configuration);
        storage.Value.ShouldBeNull();
        storage.Error!.Field.ShouldBe("BackCare:Storage:Provider");
        storage.Error.Message.ShouldContain("allowed: sqlite, postgres");
        Commands.CdsCommands.OverridesNeedTheCompanion(storage).ShouldBeFalse();
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
