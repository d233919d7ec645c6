namespace BackCare.Cli.Tests;

/// <summary>
/// ADR 0019: which commands the natively compiled backcare hands to its JIT companion. Running them natively fails
/// ("Model building is not supported when publishing with NativeAOT", the Firely SDK's type initialiser); running the
/// others in the companion would throw away the native start.
/// </summary>
public sealed class JitOnlyCommandTests
{
    [Theory]
    [InlineData(true, "account", "create", "--role", "clinician", "--email", "a@example.org")]
    [InlineData(true, "account", "reset-token", "--email", "a@example.org")]
    [InlineData(true, "account", "--help")]
    [InlineData(false, "backup", "--to", "x.db")]
    [InlineData(false, "restore", "--from", "x.db")]
    [InlineData(false, "cds", "overrides")]
    [InlineData(true, "smart", "client", "add", "--name", "x")]
    [InlineData(true, "terminology", "import", "dir")]
    [InlineData(true, "fhir", "validate", "-")]
    [InlineData(true, "questionnaire", "gad7")] // no questionnaires/ beside this test program (a native publish writes them)
    [InlineData(true, "questionnaire", "--out-dir", "q")]
    [InlineData(false, "questionnaire", "no-such-instrument")]
    [InlineData(false, "questionnaire")]
    [InlineData(true, "score", "gad7", "--answers", "1,1,1,1,1,1,1", "--observation")]
    [InlineData(false, "score", "gad7", "--answers", "1,1,1,1,1,1,1", "--json")]
    [InlineData(false, "score", "phq9", "--questionnaire-response", "-")]
    [InlineData(false, "cds", "keygen", "--alg", "ES256")]
    [InlineData(false, "cds", "token", "--key", "k.json")]
    [InlineData(false, "meds", "check", "--input", "-")]
    [InlineData(false, "triage", "--input", "-")]
    [InlineData(false, "plan", "--input", "-")]
    [InlineData(false, "progress", "--input", "-")]
    [InlineData(false, "evidence", "validate", "--data", "data")]
    [InlineData(false, "check-article", "--input", "-")]
    [InlineData(false, "version", "--json")]
    public void Only_commands_whose_libraries_generate_code_go_to_the_companion(bool expected, params string[] args)
    {
        var parse = CliApp.Build(new CliConsole(TextReader.Null, TextWriter.Null, TextWriter.Null)).Parse(args);
        JitOnlyCommand.IsNeededFor(parse).ShouldBe(expected, string.Join(' ', args));
    }

    [Fact]
    public async Task A_missing_companion_is_an_internal_error_that_says_how_to_publish_it()
    {
        File.Exists(JitOnlyCommand.CompanionPath).ShouldBeFalse();
        using var error = new StringWriter();
        var code = await JitOnlyCommand.ForwardAsync(["account", "--help"], new CliConsole(TextReader.Null, TextWriter.Null, error));
        code.ShouldBe(ExitCodes.InternalError);
        error.ToString().ShouldContain("storage");
        error.ToString().ShouldContain("README");
    }
}
