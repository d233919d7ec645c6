using System.CommandLine;
using BackCare.Clinical.Common;
using BackCare.Clinical.Evidence;
using BackCare.Clinical.Evidence.Loading;
using BackCare.Clinical.Medications;

namespace BackCare.Cli.Commands;

/// <summary><c>backcare meds check --input FILE|-</c> and <c>backcare meds lookup NAME</c>.</summary>
public static class MedsCommands
{
    public static Command Build(CliConsole console)
    {
        var command = new Command("meds", "Medication safety: check a list against a person, or look up a name");
        command.Subcommands.Add(Check(console));
        command.Subcommands.Add(Lookup(console));
        return command;
    }

    private static Command Check(CliConsole console)
    {
        var json = CommonOptions.Json();
        var input = CommonOptions.Input();
        var command = new Command("check", "Check a medication list: {\"age\", \"pregnant\", \"alcohol\", \"conditions\", \"medications\", ...}") { input, json };
        command.SetAction(parse =>
        {
            var text = InputReader.Read(parse.GetValue(input), console);
            if (text.Error is { } unreadable) return Usage.Fail(console, unreadable);
            var (parsed, errors) = MedicationInputJson.Parse(text.Value!);
            if (parsed is null) return Usage.Fail(console, errors);
            var checker = MedicationChecker.Default;
            var invalid = checker.Validate(parsed);
            if (!invalid.IsEmpty) return Usage.Fail(console, invalid[0]);
            var result = checker.Check(parsed);
            if (parse.GetValue(json)) CliJson.Write(console.Out, ToJson(result));
            else WriteHuman(Terminal.For(console.Out), EmbeddedEvidence.Default, result);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Lookup(CliConsole console)
    {
        var json = CommonOptions.Json();
        var name = new Argument<string>("name") { Description = "A medicine as typed: name, brand, strength, RxNorm code (e.g. \"valium 5 mg\")" };
        var command = new Command("lookup", "Recognise a medicine name or code") { name, json };
        command.SetAction(parse =>
        {
            var text = parse.GetValue(name) ?? "";
            if (string.IsNullOrWhiteSpace(text)) return Usage.Fail(console, ValidationError.Required("name", "must not be empty"));
            var recognized = MedicationRecognizer.Default.Recognize(text);
            var evidence = EmbeddedEvidence.Default;
            var view = Entry(new CheckedMedication(recognized, null,
                recognized.Ingredient is { } id ? evidence.DrugById(id)!.RxNorm?.Code : null,
                [.. recognized.Ingredients.SelectMany(i => evidence.DrugById(i)!.AllClasses).Distinct()]));
            if (parse.GetValue(json))
            {
                CliJson.Write(console.Out, view);
            }
            else
            {
                var output = Terminal.For(console.Out);
                if (recognized.IsRecognized)
                {
                    output.WriteLine($"{text} -> {string.Join(" + ", recognized.Ingredients)} ({EnumNames.ToSnake(recognized.Match)}, confidence {recognized.Confidence:0.00})");
                    if (recognized.DidYouMean is not null) output.WriteLine($"Did you mean {recognized.DidYouMean}?");
                }
                else
                {
                    output.WriteLine($"Not recognised: {text}" + (recognized.DidYouMean is null ? "" : $" (did you mean {recognized.DidYouMean}?)"));
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Dictionary<string, object?> Entry(CheckedMedication m) => new()
    {
        ["input"] = m.Recognized.Input,
        ["ingredient"] = m.Recognized.Ingredient,
        ["ingredients"] = m.Recognized.Ingredients,
        ["rxnorm"] = m.RxNorm,
        ["classes"] = m.Classes,
        ["match"] = EnumNames.ToSnake(m.Recognized.Match),
        ["confidence"] = m.Recognized.Confidence,
        ["didYouMean"] = m.Recognized.DidYouMean,
        ["durationWeeks"] = m.DurationWeeks,
    };

    internal static object ToJson(MedicationCheckResult result) => new
    {
        medications = result.Medications.Select(Entry),
        findings = result.Findings.Select(f => new
        {
            kind = EnumNames.ToSnake(f.Kind),
            severity = EnumNames.ToSnake(f.Severity),
            drugs = f.Drugs,
            summary = f.Summary,
            detail = f.Detail,
            advice = f.Advice,
            sources = f.Sources,
            rule = f.Rule,
        }),
    };

    private static void WriteHuman(Terminal output, EvidenceBase evidence, MedicationCheckResult result)
    {
        var table = new TextTable("you entered", "recognised as", "how");
        foreach (var m in result.Medications)
        {
            var r = m.Recognized;
            table.AddRow(r.Input,
                r.IsRecognized ? string.Join(" + ", r.Ingredients.Select(i => evidence.DrugById(i)!.Name)) : "not recognised",
                EnumNames.ToSnake(r.Match) + (r.DidYouMean is null ? "" : $" (did you mean {r.DidYouMean}?)"));
        }

        output.Write(table);
        if (result.Findings.Length == 0)
        {
            output.WriteLine("No safety findings for this list. This check is information, not a prescription review.");
            return;
        }

        foreach (var f in result.Findings)
        {
            var colour = f.Severity switch { Severity.Critical => "red", Severity.Major => "yellow", _ => "default" };
            output.WriteLine();
            output.MarkupLine($"[bold {colour}]{EnumNames.ToSnake(f.Severity).ToUpperInvariant()}[/] [bold]{Terminal.Escape(EnumNames.ToSnake(f.Kind).Replace('_', ' '))}[/]" +
                (f.Drugs.IsEmpty ? "" : $": {Terminal.Escape(string.Join(", ", f.Drugs))}"));
            output.WriteLine(f.Summary);
            output.MarkupLine($"[bold]What to do:[/] {Terminal.Escape(f.Advice)}");
            output.MarkupLine($"[grey]{Terminal.Escape(f.Detail)} Sources: {Terminal.Escape(evidence.Cite(f.Sources))} (rule {Terminal.Escape(f.Rule)})[/]");
        }
    }
}
