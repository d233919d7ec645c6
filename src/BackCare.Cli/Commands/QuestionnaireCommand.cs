using System.CommandLine;
using BackCare.Clinical.Common;
using BackCare.Clinical.Evidence;
using BackCare.Interop.Fhir;

namespace BackCare.Cli.Commands;

/// <summary><c>backcare questionnaire INSTRUMENT</c>: the instrument as a FHIR R4 Questionnaire (JSON).</summary>
public static class QuestionnaireCommand
{
    public static Command Build(CliConsole console)
    {
        var instrument = new Argument<string>("instrument") { Description = "startback, gad7, gad2, phq9, phq2, peg, nrs or rmdq" };
        var command = new JitOnlyCommand("questionnaire", "Print an instrument as a FHIR R4 Questionnaire (JSON)") { instrument };
        command.SetAction(parse =>
        {
            var definition = ScoreCommand.FindInstrument(EmbeddedEvidence.Default, parse.GetValue(instrument));
            if (definition.Error is { } refused) return Usage.Fail(console, refused);
            console.Out.WriteLine(FhirJson.Serialize(QuestionnaireMapper.ToQuestionnaire(definition.Value!), pretty: true));
            return ExitCodes.Success;
        });
        return command;
    }
}
