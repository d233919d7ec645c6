using System.CommandLine;
using BackCare.Clinical.Common;
using BackCare.Clinical.Evidence;
using BackCare.Clinical.Evidence.Loading;

namespace BackCare.Cli.Commands;

/// <summary><c>backcare evidence validate|show|search|drugs</c>.</summary>
public static class EvidenceCommands
{
    public static Command Build(CliConsole console)
    {
        var command = new Command("evidence", "The cited evidence base: validate it, show a record, search, list drugs");
        command.Subcommands.Add(Validate(console));
        command.Subcommands.Add(Show(console));
        command.Subcommands.Add(Search(console));
        command.Subcommands.Add(Drugs(console));
        return command;
    }

    private static Command Validate(CliConsole console)
    {
        var json = CommonOptions.Json();
        var data = new Option<string?>("--data") { Description = "Folder of evidence YAML files to check (default: the base built into this program)" };
        var command = new Command("validate", "Check every reference, source, id, enumeration and text (no doses) in the evidence base") { data, json };
        command.SetAction(parse =>
        {
            var folder = parse.GetValue(data);
            if (folder is not null && FolderProblem(folder) is { } refused) return Usage.Fail(console, refused);
            // A folder is parsed and validated now. The embedded base was validated by this same validator when this
            // build was made (the build fails otherwise, and a test holds the compiled form equal to a fresh YAML load
            // with no problems), so its result is reported from the compiled form without parsing the YAML again.
            var result = folder is null ? EmbeddedResult() : EvidenceLoader.Load(ReadFolder(folder));
            var counts = result.Base is null ? null : new
            {
                sources = result.Base.Sources.Length,
                classes = result.Base.Classes.Length,
                drugs = result.Base.Drugs.Length,
                interactions = result.Base.Interactions.Length,
                interventions = result.Base.Interventions.Length,
                techniques = result.Base.Techniques.Length,
                topics = result.Base.Topics.Length,
                myths = result.Base.Myths.Length,
            };
            if (parse.GetValue(json))
            {
                CliJson.Write(console.Out, new
                {
                    valid = result.IsValid,
                    counts,
                    problems = result.Problems.Select(p => new { file = p.File, line = p.Line, column = p.Column, message = p.Message }),
                });
            }
            else if (result.IsValid)
            {
                console.Out.WriteLine($"Evidence base is valid: {counts}");
            }
            else
            {
                foreach (var problem in result.Problems) console.Out.WriteLine(problem);
            }

            if (!result.IsValid)
            {
                console.Error.WriteLine($"error: evidence: {result.Problems.Count} problem(s) found");
                return ExitCodes.BadInput;
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static ValidationError? FolderProblem(string folder) =>
        !Directory.Exists(folder) ? ValidationError.Invalid("--data", $"folder '{folder}' does not exist")
        : !Directory.EnumerateFiles(folder, "*.yaml", SearchOption.AllDirectories).Any() ? ValidationError.Invalid("--data", $"folder '{folder}' has no .yaml files")
        : null;

    private static IEnumerable<EvidenceFile> ReadFolder(string folder)
    {
        var root = Path.GetFullPath(folder);
        var files = Directory.EnumerateFiles(root, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        return files.Select(f => new EvidenceFile(Path.GetRelativePath(Environment.CurrentDirectory, f), File.ReadAllText(f)));
    }

    private static Command Show(CliConsole console)
    {
        var json = CommonOptions.Json();
        var id = new Argument<string>("id") { Description = "Id of any record, or a drug's name or brand (diazepam, Valium, friedman_2017, cbt ...)" };
        var command = new Command("show", "Show one evidence record with its sources") { id, json };
        command.SetAction(parse =>
        {
            var evidence = EmbeddedEvidence.Default;
            var key = parse.GetValue(id)!.Trim();
            var entity = evidence.Find(key) ?? (object?)evidence.DrugByName(key);
            if (entity is null) return Usage.Fail(console, ValidationError.Unknown("id", $"no evidence record '{key}'{Suggest(evidence, key)}; try `backcare evidence search {key}`"));
            if (parse.GetValue(json))
            {
                CliJson.Write(console.Out, EvidenceViews.Entity(evidence, entity));
            }
            else
            {
                EvidenceHumanOutput.Show(Terminal.For(console.Out), evidence, entity);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static string Suggest(EvidenceBase evidence, string key)
    {
        var best = evidence.AllIds.Concat(evidence.DrugNames.Select(n => n.Key))
            .Select(k => (k, d: Fuzzy.Distance(key, k)))
            .Where(x => x.d <= Math.Max(1, key.Length / 4))
            .OrderBy(x => x.d).ThenBy(x => x.k, StringComparer.Ordinal)
            .FirstOrDefault();
        return best.k is null ? "" : $" (did you mean '{best.k}'?)";
    }

    private static Command Search(CliConsole console)
    {
        var json = CommonOptions.Json();
        var text = new Argument<string>("text") { Description = "Words to look for in names, brands, statements and citations" };
        var command = new Command("search", "Search the evidence base") { text, json };
        command.SetAction(parse =>
        {
            var query = parse.GetValue(text)!;
            if (string.IsNullOrWhiteSpace(query)) return Usage.Fail(console, ValidationError.Required("text", "must contain at least one word"));
            var hits = EvidenceSearch.Search(EmbeddedEvidence.Default, query);
            if (parse.GetValue(json))
            {
                CliJson.Write(console.Out, new { query, results = hits.Select(h => new { kind = h.Kind, id = h.Id, title = h.Title, match = h.Match }) });
                return ExitCodes.Success;
            }

            var table = new TextTable("kind", "id", "title", "match");
            foreach (var h in hits) table.AddRow(h.Kind, h.Id, h.Title, h.Match);
            var output = Terminal.For(console.Out);
            if (hits.Count == 0) output.WriteLine($"Nothing found for '{query}'.");
            else output.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The embedded base's validation, as the build found it: valid, no problems.</summary>
    internal static EvidenceLoadResult EmbeddedResult() => new(EmbeddedEvidence.Default, []);

    private static Command Drugs(CliConsole console)
    {
        var json = CommonOptions.Json();
        var command = new Command("drugs", "List every drug in the evidence base") { json };
        command.SetAction(parse =>
        {
            var evidence = EmbeddedEvidence.Default;
            if (parse.GetValue(json))
            {
                CliJson.Write(console.Out, new
                {
                    count = evidence.Drugs.Length,
                    drugs = evidence.Drugs.OrderBy(d => d.Id, StringComparer.Ordinal).Select(d => new
                    {
                        id = d.Id,
                        name = d.Name,
                        classes = d.Classes,
                        atc = d.Atc?.Code,
                        rxnorm = EvidenceViews.Code(d.RxNorm),
                        brands = new { us = d.Brands.Us, uk = d.Brands.Uk },
                    }),
                });
                return ExitCodes.Success;
            }

            var table = new TextTable("id", "classes", "RxNorm", "brands (US / UK)");
            foreach (var d in evidence.Drugs.OrderBy(d => d.Id, StringComparer.Ordinal))
            {
                var rx = d.RxNorm is null ? "-" : d.RxNorm.Code + (d.RxNorm.IsVerified ? "" : " (unverified)");
                var brands = string.Join(", ", d.Brands.Us) + " / " + string.Join(", ", d.Brands.Uk);
                table.AddRow(d.Id, string.Join(", ", d.Classes), rx, brands);
            }

            var output = Terminal.For(console.Out);
            output.Write(table);
            output.WriteLine($"{evidence.Drugs.Length} drugs.");
            return ExitCodes.Success;
        });
        return command;
    }
}
