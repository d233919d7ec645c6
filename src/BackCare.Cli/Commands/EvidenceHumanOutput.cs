using BackCare.Clinical.Evidence;
using BackCare.Clinical.Evidence.Loading;

namespace BackCare.Cli.Commands;

/// <summary>Readable evidence records: statements with numbered citations, then the reference list.</summary>
internal static class EvidenceHumanOutput
{
    public static void Show(Terminal output, EvidenceBase evidence, object entity)
    {
        var refs = new List<string>();
        string Cite(IEnumerable<string> ids) =>
            "[" + string.Join(",", ids.Select(id =>
            {
                if (!refs.Contains(id)) refs.Add(id);
                return (refs.IndexOf(id) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            })) + "]";

        void Line(Statement s, string? from = null)
        {
            var note = s.Status == Confirmation.Verified ? "" : $" ({EnumNames.ToSnake(s.Status)})";
            var via = from is null ? "" : $" <{from}>";
            output.MarkupLine($"  - {Terminal.Escape(s.Text)} [grey]{Terminal.Escape(Cite(s.Sources) + note + via)}[/]");
        }

        void Section(string title, IEnumerable<SourcedStatement> items)
        {
            var list = items.ToList();
            if (list.Count == 0) return;
            output.MarkupLine($"[bold]{Terminal.Escape(title)}[/]");
            foreach (var item in list) Line(item.Statement, item.From);
        }

        switch (entity)
        {
            case Drug drug:
                var m = evidence.Monograph(drug);
                output.MarkupLine($"[bold underline]{Terminal.Escape(drug.Name)}[/] ({Terminal.Escape(string.Join(", ", drug.Classes))})");
                output.WriteLine($"Brands: US {string.Join(", ", drug.Brands.Us.DefaultIfEmpty("-"))}; UK {string.Join(", ", drug.Brands.Uk.DefaultIfEmpty("-"))}");
                output.WriteLine($"RxNorm: {Code(drug.RxNorm)}   ATC: {Code(drug.Atc)}");
                Section("What it is", m.Summary);
                Section("How it works", m.Mechanism);
                Section("Evidence for back pain", m.BackPain);
                Section("Boxed warnings", m.BoxedWarnings);
                Section("Main risks", m.Risks);
                Section("Contraindications and cautions", m.Contraindications);
                Section("Pregnancy", m.Pregnancy);
                Section("Breastfeeding", m.Breastfeeding);
                Section("Older adults", m.OlderAdults);
                if (m.MaxDuration is { } d)
                {
                    output.MarkupLine("[bold]Usual maximum duration[/]");
                    Line(d.Duration.Statement, d.From);
                }

                if (m.Interactions.Length > 0)
                {
                    output.MarkupLine("[bold]Interactions it takes part in[/]");
                    foreach (var i in m.Interactions) output.WriteLine($"  - {i.Title} ({EnumNames.ToSnake(i.Severity)}) [{i.Id}]");
                }

                foreach (var position in m.GuidelinePositions)
                {
                    output.MarkupLine($"[bold]Guideline positions: {Terminal.Escape(position.Name)}[/]");
                    foreach (var r in position.Recommendations) Line(r.Statement, $"{r.Guideline}: {EnumNames.ToSnake(r.Direction)}");
                }

                break;
            case Intervention i:
                output.MarkupLine($"[bold underline]{Terminal.Escape(i.Name)}[/]");
                Line(i.Summary);
                foreach (var r in i.Recommendations) Line(r.Statement, $"{r.Guideline}: {EnumNames.ToSnake(r.Direction)}, {string.Join("/", r.Populations.Select(p => EnumNames.ToSnake(p)))}, certainty {EnumNames.ToSnake(r.Certainty)}");
                break;
            case Technique t:
                output.MarkupLine($"[bold underline]{Terminal.Escape(t.Name)}[/] (about {t.DurationMinutes} min)");
                for (var n = 0; n < t.Steps.Length; n++) output.WriteLine($"  {n + 1}. {t.Steps[n]}");
                foreach (var c in t.Cautions) output.WriteLine($"  Caution: {c}");
                output.MarkupLine("[bold]Evidence[/]");
                Line(t.Evidence);
                Cite(t.Sources);
                break;
            case EducationTopic topic:
                output.MarkupLine($"[bold underline]{Terminal.Escape(topic.Title)}[/]");
                foreach (var s in topic.Sections) Line(s);
                break;
            case Myth myth:
                output.MarkupLine($"[bold underline]Claim:[/] {Terminal.Escape(myth.Claim)}");
                output.MarkupLine($"[bold]Verdict:[/] {EnumNames.ToSnake(myth.Verdict).Replace('_', ' ')}");
                Line(myth.Explanation);
                break;
            case InteractionRule rule:
                output.MarkupLine($"[bold underline]{Terminal.Escape(rule.Title)}[/] ({EnumNames.ToSnake(rule.Severity)})");
                output.WriteLine(rule.Summary);
                output.WriteLine($"For clinicians: {rule.Detail}");
                output.WriteLine($"What to do: {rule.Advice} {Cite(rule.Sources)}");
                break;
            case DrugClass c:
                output.MarkupLine($"[bold underline]{Terminal.Escape(c.Name)}[/]");
                foreach (var s in c.Sections.AllStatements()) Line(s);
                output.WriteLine("Members: " + string.Join(", ", evidence.DrugsInClass(c.Id).Select(x => x.Id)));
                break;
            case Source s:
                refs.Add(s.Id);
                break;
            default:
                // Instruments and rules: their JSON view is the clearest human form too.
                output.WriteLine(CliJson.Serialize(EvidenceViews.Entity(evidence, entity)));
                return;
        }

        if (refs.Count == 0) return;
        output.MarkupLine("[bold]Sources[/]");
        for (var n = 0; n < refs.Count; n++)
        {
            var source = evidence.Source(refs[n]);
            if (source is null) continue;
            var ids = string.Join(" ", new[] { source.Doi is null ? null : "doi:" + source.Doi, source.Pmid is null ? null : "PMID " + source.Pmid, source.Url }.OfType<string>());
            output.WriteLine($"  [{n + 1}] {source.FullCitation} {ids} ({source.Id})".TrimEnd());
        }
    }

    private static string Code(CheckedCode? code) =>
        code is null ? "-" : code.Code + (code.IsVerified ? " (verified)" : $" ({EnumNames.ToSnake(code.Check)})");
}
