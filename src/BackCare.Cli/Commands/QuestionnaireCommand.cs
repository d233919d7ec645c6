using System.CommandLine;
using System.Runtime.CompilerServices;
using BackCare.Clinical.Assessment;
using BackCare.Clinical.Common;
using BackCare.Clinical.Evidence;
using BackCare.Interop.Fhir;

namespace BackCare.Cli.Commands;

/// <summary>
/// <c>backcare questionnaire INSTRUMENT</c>: the instrument as a FHIR R4 Questionnaire (JSON);
/// <c>backcare questionnaire --out-dir DIR [INSTRUMENT]</c>: one file per instrument (all of them when none is named).
/// </summary>
public static class QuestionnaireCommand
{
    /// <summary>
    /// Where <c>backcare</c> finds the Questionnaires its build wrote: a native publish writes them with the companion
    /// (ADR 0019: the Firely SDK cannot run natively), a Release build with itself (the SDK takes about half a second to
    /// start). The text depends only on the evidence base compiled into the same build. Without the file (a Debug build,
    /// the tests, a tool package) the Questionnaire is serialised afresh.
    /// </summary>
    private static string PrewrittenPath(Instrument instrument) => Path.Combine(AppContext.BaseDirectory, "questionnaires", instrument.Id + ".json");

    public static Command Build(CliConsole console)
    {
        var instrument = new Argument<string?>("instrument")
        {
            Description = "startback, gad7, gad2, phq9, phq2, peg, nrs or rmdq (with --out-dir: all when omitted)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var outDir = new Option<string?>("--out-dir") { Description = "Write INSTRUMENT.json into this folder (every instrument when none is named) instead of printing" };
        var command = new JitOnlyCommand(
            "questionnaire", "Print an instrument as a FHIR R4 Questionnaire (JSON)",
            parse => parse.GetValue(outDir) is not null || NeedsFirely(parse.GetValue(instrument)))
        {
            instrument, outDir,
        };
        command.SetAction(parse =>
        {
            var evidence = EmbeddedEvidence.Default;
            var id = parse.GetValue(instrument);
            if (parse.GetValue(outDir) is { } folder)
            {
                return WriteFiles(console, evidence, id, folder);
            }

            var definition = ScoreCommand.FindInstrument(evidence, id);
            if (definition.Error is { } refused) return Usage.Fail(console, refused);
            // Natively only an instrument with its file gets here (NeedsFirely sends the others to the companion).
            console.Out.WriteLine(Prewritten(definition.Value!) ?? Json(definition.Value!));
            return ExitCodes.Success;
        });
        return command;
    }

    private static string? Prewritten(Instrument instrument)
    {
        try
        {
            return File.ReadAllText(PrewrittenPath(instrument)).TrimEnd('\n');
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException
            || (ex is IOException or UnauthorizedAccessException && !JitOnlyCommand.InNativeProcess))
        {
            // Missing: serialise afresh. Unreadable: the same in a JIT build; natively (no Firely SDK) it is an error.
            return null;
        }
    }

    private static string Json(Instrument instrument)
    {
        if (!RuntimeFeature.IsDynamicCodeSupported) throw JitOnlyCommand.NotInNativeProcess();
        return FhirJson.Serialize(QuestionnaireMapper.ToQuestionnaire(instrument), pretty: true);
    }

    /// <summary>A known instrument without a pre-written file (an unknown or missing id is refused natively).</summary>
    private static bool NeedsFirely(string? id) =>
        !string.IsNullOrWhiteSpace(id) && EmbeddedEvidence.Default.Instrument(id.Trim()) is { } known && !File.Exists(PrewrittenPath(known));

    private static int WriteFiles(CliConsole console, EvidenceBase evidence, string? id, string folder)
    {
        Instrument[] instruments;
        if (id is null) instruments = [.. evidence.Instruments];
        else
        {
            var definition = ScoreCommand.FindInstrument(evidence, id);
            if (definition.Error is { } refused) return Usage.Fail(console, refused);
            instruments = [definition.Value!];
        }

        try
        {
            var target = Path.GetFullPath(folder);
            Directory.CreateDirectory(target);
            foreach (var each in instruments)
            {
                var path = Path.Combine(target, each.Id + ".json");
                File.WriteAllText(path, Json(each) + "\n");
                console.Out.WriteLine(path);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return Usage.Fail(console, ValidationError.Invalid("--out-dir", $"cannot write to '{folder}': {ex.Message}"));
        }

        return ExitCodes.Success;
    }
}
