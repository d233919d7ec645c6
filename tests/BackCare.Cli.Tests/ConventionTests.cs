namespace BackCare.Cli.Tests;

public sealed class ConventionTests
{
    [Fact]
    public async Task Help_lists_the_commands()
    {
        var result = await CliRunner.RunAsync("--help");
        result.ExitCode.ShouldBe(0);
        result.Out.ShouldContain("version");
    }

    [Fact]
    public async Task Version_json_prints_one_document_with_the_version()
    {
        var result = await CliRunner.RunAsync("version", "--json");
        result.ExitCode.ShouldBe(0);
        result.Json.GetProperty("version").GetString().ShouldBe(Commands.VersionCommand.Version);
        result.Json.GetProperty("version").GetString()!.ShouldMatch(@"^\d+\.\d+\.\d+");
        result.Error.ShouldBeEmpty();
    }

    [Fact]
    public async Task Unknown_command_is_bad_input_with_exit_2_and_one_line_naming_it()
    {
        var result = await CliRunner.RunAsync("frobnicate");
        result.ExitCode.ShouldBe(2);
        result.Error.Trim().ShouldContain("frobnicate");
        result.Error.Trim().Split('\n').Length.ShouldBe(1);
        result.Out.ShouldBeEmpty();
    }
}
