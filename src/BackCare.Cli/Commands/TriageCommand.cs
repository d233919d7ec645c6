using System.CommandLine;
using BackCare.Clinical.Evidence;
using BackCare.Clinical.Evidence.Loading;
using BackCare.Clinical.Triage;

namespace BackCare.Cli.Commands;

/// <summary><c>backcare triage --input FILE|-</c>: red-flag triage. An emergency is printed first, plainly.</summary>
public static class TriageCommand
{
    public static Command Build(CliConsole console)
    {
        var json = CommonOptions.Json();
        var input = CommonOptions.Input();
        var command = new Command("triage", "Red-flag triage: {\"age\", \"durationDays\", \"findings\": [...]} to a disposition") { input, json };
        command.SetAction(parse =>
        {
            var evidence = EmbeddedEvidence.Default;
            var text = InputReader.Read(parse.GetValue(input), console);
            if (text.Error is { } unreadable) return Usage.Fail(console, unreadable);
            var (parsed, errors) = TriageInputJson.Parse(text.Value!);
            if (parsed is null) return Usage.Fail(console, errors);
            var outcome = TriageEngine.Evaluate(evidence, parsed);
            if (outcome.Result is null) return Usage.Fail(console, outcome.Errors[0]);
            var result = outcome.Result;
            if (parse.GetValue(json)) CliJson.Write(console.Out, ToJson(evidence, result));
            else WriteHuman(Terminal.For(console.Out), evidence, result);
            return ExitCodes.Success;
        });
        return command;
    }

    internal static Dictionary<string, object?> ToJson(EvidenceBase evidence, TriageResult result)
    {
        var json = new Dictionary<string, object?>
        {
            ["disposition"] = EnumNames.ToSnake(result.Disposition),
            ["flags"] = result.Flags.Select(f => new
            {
                code = f.Code,
                condition = f.Condition,
                urgency = EnumNames.ToSnake(f.Urgency),
                reason = f.Reason,
                sources = f.Sources,
                rule = f.Rule,
                findings = f.Findings,
            }),
            ["message"] = result.Message,
            ["crisis"] = result.Crisis,
        };
        if (result.Crisis) json["crisisMessage"] = ScoreCommand.CrisisText(evidence);
        json["sources"] = result.Sources;
        return json;
    }

    private static void WriteHuman(Terminal output, EvidenceBase evidence, TriageResult result)
    {
        var headline = result.Disposition switch
        {
            Disposition.Emergency => "[bold white on red] EMERGENCY [/]",
            Disposition.Urgent => "[bold black on yellow] URGENT: TODAY [/]",
            Disposition.Soon => "[bold]SEE A CLINICIAN WITHIN ABOUT TWO WEEKS[/]",
            Disposition.Routine => "[bold]BOOK A ROUTINE APPOINTMENT[/]",
            _ => "[bold]SELF-CARE, WITH SAFETY-NETTING[/]",
        };
        output.MarkupLine(headline);
        output.WriteLine(result.Message);
        if (result.Crisis)
        {
            output.WriteLine();
            output.MarkupLine($"[bold red]IMPORTANT:[/] {Terminal.Escape(ScoreCommand.CrisisText(evidence))}");
        }

        if (result.Flags.Length == 0) return;
        output.WriteLine();
        var table = new TextTable("urgency", "finding", "why", "sources");
        foreach (var flag in result.Flags)
        {
            var label = evidence.Finding(flag.Code)?.Label ?? flag.Code;
            table.AddRow(
                EnumNames.ToSnake(flag.Urgency),
                label,
                flag.Reason,
                evidence.Cite(flag.Sources));
        }

        output.Write(table);
    }
}
