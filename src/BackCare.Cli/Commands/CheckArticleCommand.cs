using System.CommandLine;
using BackCare.App.ArticleCheck;
using BackCare.Clinical.ArticleCheck;
using BackCare.Clinical.Evidence;
using BackCare.Clinical.Evidence.Loading;

namespace BackCare.Cli.Commands;

/// <summary>
/// <c>backcare check-article --input FILE|- [--json]</c>: checks an article (plain text, Markdown or HTML) against the
/// evidence base: each claim's verdict with its evidence and rule, what the article left out, and the medication check
/// on the medicines it names.
/// </summary>
public static class CheckArticleCommand
{
    public static Command Build(CliConsole console)
    {
        var json = CommonOptions.Json();
        var input = CommonOptions.Input();
        var command = new Command("check-article", "Check a health article (text, Markdown or HTML) against the evidence base") { input, json };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(input);
            var text = InputReader.Read(path, console);
            if (text.Error is { } unreadable) return Usage.Fail(console, unreadable);
            var (result, error) = ArticleCheckService.Default.Check(text.Value, path is null or "-" ? null : path);
            if (result is null) return Usage.Fail(console, error! with { Field = "--input" });
            var evidence = EmbeddedEvidence.Default;
            if (parse.GetValue(json)) CliJson.Write(console.Out, ToJson(evidence, result));
            else WriteHuman(Terminal.For(console.Out), evidence, result);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The public JSON shape (issue 18): extend, never rename. A dose quoted in a sentence is masked (<see cref="DoseMask"/>).</summary>
    internal static Dictionary<string, object?> ToJson(EvidenceBase evidence, ArticleCheckResult result)
    {
        var json = new Dictionary<string, object?>
        {
            ["title"] = DoseMask.Mask(result.Title),
            ["claims"] = result.Claims.Select(c => new Dictionary<string, object?>
            {
                ["text"] = DoseMask.Mask(c.Sentence.Text),
                ["start"] = c.Sentence.Start,
                ["end"] = c.Sentence.End,
                ["subject"] = new { kind = EnumNames.ToSnake(c.Frame.Subject.Kind), id = c.Frame.Subject.Id },
                ["outcome"] = c.Frame.Outcome is { } o ? EnumNames.ToSnake(o) : null,
                ["direction"] = c.Frame.Direction is { } d ? EnumNames.ToSnake(d) : null,
                ["strength"] = EnumNames.ToSnake(c.Frame.Strength),
                ["number"] = c.Frame.Number,
                ["verdict"] = EnumNames.ToSnake(c.Verdict),
                ["confidence"] = c.Confidence,
                ["evidence"] = c.Evidence.Select(e => new { id = e.Id, statement = e.Statement.Text, sources = e.Statement.Sources }),
                ["rule"] = c.Rule,
                ["explanation"] = c.Explanation,
            }),
            ["omissions"] = result.Omissions.Select(o => new { drug = o.Drug, kind = o.Kind, summary = o.Summary, sources = o.Sources }),
            ["medicationCheck"] = result.MedicationCheck is null ? null : MedsCommands.ToJson(result.MedicationCheck),
            ["counts"] = new
            {
                claims = result.Counts.Claims,
                supported = result.Counts.Supported,
                contradicted = result.Counts.Contradicted,
                overstated = result.Counts.Overstated,
                unsupported = result.Counts.Unsupported,
                notCheckable = result.Counts.NotCheckable,
                omissions = result.Counts.Omissions,
            },
        };
        if (!result.Medicines.IsEmpty) json["advice"] = MedicinesAdvice(evidence);
        return json;
    }

    internal static string MedicinesAdvice(EvidenceBase evidence) => evidence.SafetyMessages["article_medicines"].Text;

    private static void WriteHuman(Terminal output, EvidenceBase evidence, ArticleCheckResult result)
    {
        var c = result.Counts;
        output.MarkupLine($"[bold]{Terminal.Escape(DoseMask.Mask(result.Title))}[/]");
        output.WriteLine($"{c.Contradicted} contradicted by the evidence, {c.Overstated} overstated, {c.Unsupported} not backed by evidence, " +
            $"{c.Supported} supported, {c.NotCheckable} not checkable; {c.Omissions} safety points left out.");
        if (!result.Medicines.IsEmpty) output.MarkupLine($"[bold]Medicines:[/] {Terminal.Escape(MedicinesAdvice(evidence))}");
        if (result.Claims.Length > 0)
        {
            var table = new TextTable("at", "verdict", "claim", "why", "sources");
            foreach (var claim in result.Claims)
            {
                var sources = claim.Verdict is ArticleVerdict.Supported or ArticleVerdict.Contradicted or ArticleVerdict.Overstated
                    ? evidence.Cite(claim.Evidence.SelectMany(e => e.Statement.Sources).Distinct())
                    : "";
                table.AddRow(
                    claim.Sentence.Start.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    EnumNames.ToSnake(claim.Verdict),
                    DoseMask.Mask(claim.Sentence.Text),
                    claim.Explanation,
                    sources);
            }

            output.Write(table);
        }

        if (result.Omissions.Length > 0)
        {
            output.WriteLine();
            output.MarkupLine("[bold]What the article left out[/]");
            foreach (var o in result.Omissions)
            {
                output.WriteLine($"- {o.Drug} ({o.Kind.Replace('_', ' ')}): {o.Summary} Sources: {evidence.Cite(o.Sources)}");
            }
        }

        if (result.MedicationCheck is { Findings.Length: > 0 } check)
        {
            output.WriteLine();
            output.MarkupLine("[bold]Medication check on the medicines it names[/]");
            foreach (var f in check.Findings) output.WriteLine($"- {EnumNames.ToSnake(f.Severity)}: {f.Summary}");
        }
    }
}
