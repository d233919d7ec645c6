using BackCare.Clinical.Evidence;

namespace BackCare.Cli.Tests;

/// <summary>
/// <c>questionnaire --out-dir</c>, and the files a native publish writes with it. Against the native program
/// (<c>BACKCARE_CLI</c>) <c>--out-dir</c> runs in the JIT companion and <c>questionnaire ID</c> prints the pre-written file,
/// so the comparison below checks that the published files are what the Firely SDK writes.
/// </summary>
public sealed class QuestionnaireCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "backcare-questionnaires-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Out_dir_writes_every_instrument_as_printed()
    {
        var written = await CliRunner.RunAsync("questionnaire", "--out-dir", _folder);
        written.ExitCode.ShouldBe(0, written.Error);
        var ids = EmbeddedEvidence.Default.Instruments.Select(i => i.Id).Order(StringComparer.Ordinal).ToArray();
        Directory.GetFiles(_folder).Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).ShouldBe(ids);
        written.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(ids.Length);

        foreach (var id in ids)
        {
            var printed = await CliRunner.RunAsync("questionnaire", id);
            printed.ExitCode.ShouldBe(0, printed.Error);
            printed.Json.GetProperty("id").GetString().ShouldBe(id);
            (await File.ReadAllTextAsync(Path.Combine(_folder, id + ".json"))).ReplaceLineEndings("\n").ShouldBe(printed.Out.ReplaceLineEndings("\n"), id);
        }
    }

    [Fact]
    public async Task Out_dir_with_an_instrument_writes_that_one()
    {
        var written = await CliRunner.RunAsync("questionnaire", "GAD7", "--out-dir", _folder);
        written.ExitCode.ShouldBe(0, written.Error);
        Directory.GetFiles(_folder).Select(Path.GetFileName).ShouldBe(["gad7.json"]);
    }

    [Theory]
    [InlineData("no-such-instrument", "--out-dir")]
    [InlineData("no-such-instrument")]
    [InlineData(null)]
    public async Task An_unknown_or_missing_instrument_is_refused_and_nothing_is_written(string? id, string? outDir = null)
    {
        string[] args = ["questionnaire", .. id is null ? [] : new[] { id }, .. outDir is null ? [] : new[] { outDir, _folder }];
        var result = await CliRunner.RunAsync(args);
        result.ExitCode.ShouldBe(ExitCodes.BadInput);
        result.Error.ShouldStartWith("error: instrument: ");
        result.Error.ShouldContain("allowed: ");
        result.Out.ShouldBeEmpty();
        Directory.Exists(_folder).ShouldBeFalse();
    }

    [Fact]
    public async Task An_out_dir_that_cannot_be_a_folder_is_bad_input()
    {
        var file = Path.Combine(Path.GetTempPath(), "backcare-not-a-folder-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(file, "keep");
        try
        {
            var result = await CliRunner.RunAsync("questionnaire", "--out-dir", file);
            result.ExitCode.ShouldBe(ExitCodes.BadInput, result.Error);
            result.Error.ShouldStartWith("error: --out-dir: cannot write to ");
            (await File.ReadAllTextAsync(file)).ShouldBe("keep");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_native_publish_carries_one_questionnaire_per_instrument()
    {
        if (CliRunner.InProcess) return; // Only a published program has them (test.sh runs this suite against one).
        var folder = Path.Combine(Path.GetDirectoryName(CliRunner.BinaryPath)!, "questionnaires");
        Directory.GetFiles(folder, "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)
            .ShouldBe(EmbeddedEvidence.Default.Instruments.Select(i => i.Id).Order(StringComparer.Ordinal));
    }
}
