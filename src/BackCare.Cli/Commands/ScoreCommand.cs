using System.CommandLine;
using System.Runtime.CompilerServices;
using System.Globalization;
using System.Text.Json;
using BackCare.Clinical.Common;
using BackCare.Clinical.Assessment;
using BackCare.Clinical.CarePlans;
using BackCare.Clinical.Evidence;
using BackCare.Interop.Fhir;

namespace BackCare.Cli.Commands;

/// <summary>
/// <c>backcare score INSTRUMENT --answers 1,0,2,...</c> or
/// <c>backcare score --questionnaire-response FILE [--observation]</c>.
/// </summary>
public static class ScoreCommand
{
    public static Command Build(CliConsole console)
    {
        var json = CommonOptions.Json();
        var instrumentArg = new Argument<string?>("instrument")
        {
            Description = "startback, gad7, gad2, phq9, phq2, peg, nrs or rmdq",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var answers = new Option<string?>("--answers", "-a") { Description = "Item answers in order, comma-separated (e.g. 1,0,2,3)" };
        var response = new Option<string?>("--questionnaire-response") { Description = "A FHIR R4 QuestionnaireResponse file (or - for stdin) to score from its item answers" };
        var observation = new Option<bool>("--observation") { Description = "Print the result as a FHIR R4 Observation" };
        var command = new JitOnlyCommand("score", "Score a questionnaire from its answers or from a FHIR QuestionnaireResponse", parse => parse.GetValue(observation))
        {
            instrumentArg, answers, response, observation, json,
        };
        command.SetAction(parse =>
        {
            var evidence = EmbeddedEvidence.Default;
            var instrumentId = parse.GetValue(instrumentArg);
            var responsePath = parse.GetValue(response);
            Parsed<(Instrument, ScoreOutput)> scored;
            if (responsePath is not null)
            {
                if (parse.GetValue(answers) is not null) return Usage.Fail(console, ValidationError.Conflict("--answers", "give either --answers or --questionnaire-response, not both"));
                var text = InputReader.Read(responsePath, console, "--questionnaire-response");
                scored = text.Error is { } unreadable ? unreadable : FromResponse(evidence, text.Value!, instrumentId);
            }
            else
            {
                scored = FromAnswers(evidence, instrumentId, parse.GetValue(answers));
            }

            if (scored.Error is { } refused) return Usage.Fail(console, refused);
            var (instrument, output) = scored.Value;

            if (parse.GetValue(observation))
            {
                if (!RuntimeFeature.IsDynamicCodeSupported) throw JitOnlyCommand.NotInNativeProcess();
                console.Out.WriteLine(FhirJson.Serialize(ObservationMapper.ToObservation(instrument, output.Score), pretty: true));
                return ExitCodes.Success;
            }

            if (parse.GetValue(json)) CliJson.Write(console.Out, ToJson(evidence, instrument, output));
            else WriteHuman(Terminal.For(console.Out), evidence, instrument, output);
            return ExitCodes.Success;
        });
        return command;
    }

    private sealed record ScoreOutput(InstrumentScore Score, double? StatedTotal, IReadOnlyList<string> Warnings);

    internal static Parsed<Instrument> FindInstrument(EvidenceBase evidence, string? id)
    {
        var allowed = string.Join(", ", evidence.Instruments.Select(i => i.Id));
        if (string.IsNullOrWhiteSpace(id)) return ValidationError.Required("instrument", $"is required; allowed: {allowed}");
        return evidence.Instrument(id.Trim()) is { } instrument ? instrument : ValidationError.Unknown("instrument", $"'{id}' is not known; allowed: {allowed}");
    }

    private static Parsed<(Instrument, ScoreOutput)> FromAnswers(EvidenceBase evidence, string? instrumentId, string? answers)
    {
        var found = FindInstrument(evidence, instrumentId);
        if (found.Error is { } unknown) return unknown;
        var instrument = found.Value!;
        var values = ParseAnswers(answers, instrument);
        if (values.Error is { } refused) return refused;
        var outcome = InstrumentScorer.Score(instrument, values.Value!);
        if (!outcome.IsValid) return outcome.Errors[0] with { Message = string.Join("; ", outcome.Errors.Select(e => e.Message)) };
        return (instrument, new ScoreOutput(outcome.Score!, null, []));
    }

    private static Parsed<int?[]> ParseAnswers(string? text, Instrument instrument)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return ValidationError.Required("--answers", $"is required: {instrument.Items.Length} comma-separated values for {instrument.Id}");
        }

        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new int?[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length == 0) continue;
            if (!int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
            {
                var allowed = i < instrument.Items.Length ? instrument.Items[i].AllowedDescription : "none (too many answers)";
                return ValidationError.Invalid($"answers[{i + 1}]", $"item {i + 1} is '{parts[i]}', not a whole number; allowed {allowed}");
            }

            values[i] = v;
        }

        return values;
    }

    private static Parsed<(Instrument, ScoreOutput)> FromResponse(EvidenceBase evidence, string text, string? instrumentId)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException ex)
        {
            return ValidationError.NotJson("--questionnaire-response", $"is not valid JSON ({ex.Message})");
        }

        using (document)
        {
            var read = QuestionnaireResponseReader.Read(evidence, document.RootElement, instrumentId);
            if (read.Response is null) return ValidationError.Invalid("questionnaire-response", string.Join("; ", read.Errors));
            var r = read.Response;
            var outcome = InstrumentScorer.Score(r.Instrument, r.Answers.AsSpan());
            if (!outcome.IsValid)
            {
                return ValidationError.Invalid("questionnaire-response", string.Join("; ", r.Warnings.Concat(outcome.Errors.Select(e => e.Message))));
            }

            var warnings = r.Warnings.ToList();
            if (r.StatedTotal is { } stated && Math.Abs(stated - outcome.Score!.Score) > 1e-9)
            {
                warnings.Add($"the response states a total of {stated.ToString(CultureInfo.InvariantCulture)}, but its answers add up to {outcome.Score.Score.ToString(CultureInfo.InvariantCulture)}; the recomputed total is used");
            }

            return (r.Instrument, new ScoreOutput(outcome.Score!, r.StatedTotal, warnings));
        }
    }

    private static Dictionary<string, object?> ToJson(EvidenceBase evidence, Instrument instrument, ScoreOutput output)
    {
        var s = output.Score;
        var json = new Dictionary<string, object?>
        {
            ["instrument"] = s.Instrument,
            ["score"] = s.Score,
            ["band"] = s.Band,
        };
        if (s.PsychosocialScore is not null) json["psychosocialScore"] = s.PsychosocialScore;
        if (s.SelfHarmRisk is not null) json["selfHarmRisk"] = s.SelfHarmRisk;
        json["maxScore"] = instrument.MaxScore;
        json["meaning"] = s.Meaning;
        json["answers"] = s.Answers;
        if (instrument.Loinc?.Total is { } loinc) json["loinc"] = loinc;
        if (s.SelfHarmRisk == true) json["crisisMessage"] = CrisisText(evidence);
        if (output.StatedTotal is not null) json["statedTotal"] = output.StatedTotal;
        json["warnings"] = output.Warnings;
        json["sources"] = s.Sources;
        return json;
    }

    internal static string CrisisText(EvidenceBase evidence) =>
        SafetyMessages.Fill(evidence, "crisis", SafetyContactWords.Generic(evidence.SafetyMessages));

    private static void WriteHuman(Terminal output, EvidenceBase evidence, Instrument instrument, ScoreOutput result)
    {
        var s = result.Score;
        if (s.SelfHarmRisk == true)
        {
            output.MarkupLine($"[bold red]IMPORTANT:[/] {Terminal.Escape(CrisisText(evidence))}");
            output.WriteLine();
        }

        var score = s.Score.ToString(instrument.Scoring == ScoringMethod.Mean ? "0.##" : "0", CultureInfo.InvariantCulture);
        output.MarkupLine($"[bold]{Terminal.Escape(instrument.Name)}[/]: {score} of {instrument.MaxScore}" + (s.Band is null ? "" : $" ({s.Band.Replace('_', ' ')})"));
        if (s.PsychosocialScore is { } sub) output.WriteLine($"Psychosocial subscale: {sub} of 5");
        if (s.Meaning is not null) output.WriteLine(s.Meaning);
        foreach (var warning in result.Warnings) output.MarkupLine($"[yellow]Note:[/] {Terminal.Escape(warning)}");
        output.WriteLine("Sources: " + evidence.Cite(s.Sources));
    }
}
