namespace BackCare.Clinical.Evidence;

/// <summary>One search hit: what it is, its id and title, and the text that matched.</summary>
public sealed record SearchHit(string Kind, string Id, string Title, string Match, int Rank);

/// <summary>Plain full-text search over the evidence base (names, brands, statements, citations).</summary>
public static class EvidenceSearch
{
    public static IReadOnlyList<SearchHit> Search(EvidenceBase evidence, string query, int limit = 50)
    {
        var terms = query.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (terms.Length == 0) return [];
        var hits = new List<SearchHit>();

        void Consider(string kind, string id, string title, IEnumerable<string> names, IEnumerable<string> texts)
        {
            if (names.Any(n => string.Equals(n, query.Trim(), StringComparison.OrdinalIgnoreCase)))
            {
                hits.Add(new SearchHit(kind, id, title, title, 0));
                return;
            }

            if (names.FirstOrDefault(n => terms.All(t => n.Contains(t, StringComparison.OrdinalIgnoreCase))) is { } name)
            {
                hits.Add(new SearchHit(kind, id, title, name, 1));
                return;
            }

            if (texts.FirstOrDefault(x => terms.All(t => x.Contains(t, StringComparison.OrdinalIgnoreCase))) is { } text)
            {
                hits.Add(new SearchHit(kind, id, title, Snippet(text, terms[0]), 2));
            }
        }

        foreach (var d in evidence.Drugs)
        {
            Consider("drug", d.Id, d.Name,
                [d.Id, d.Name, .. d.Synonyms, .. d.Brands.Us, .. d.Brands.Uk],
                d.Sections.AllStatements().Select(s => s.Text));
        }

        foreach (var c in evidence.Classes) Consider("class", c.Id, c.Name, [c.Id, c.Name], c.Sections.AllStatements().Select(s => s.Text));
        foreach (var i in evidence.Interventions)
        {
            Consider("intervention", i.Id, i.Name, [i.Id, i.Name], [i.Summary.Text, .. i.Recommendations.Select(r => r.Statement.Text)]);
        }

        foreach (var r in evidence.Interactions) Consider("interaction", r.Id, r.Title, [r.Id, r.Title], [r.Summary, r.Detail]);
        foreach (var t in evidence.Techniques) Consider("technique", t.Id, t.Name, [t.Id, t.Name], [t.Evidence.Text, .. t.Steps]);
        foreach (var t in evidence.Topics) Consider("topic", t.Id, t.Title, [t.Id, t.Title], t.Sections.Select(s => s.Text));
        foreach (var m in evidence.Myths) Consider("myth", m.Id, m.Claim, [m.Id], [m.Claim, m.Explanation.Text]);
        foreach (var s in evidence.Sources) Consider("source", s.Id, s.Title, [s.Id], [s.Title, s.Authors, s.Container, s.Doi ?? "", s.Pmid ?? ""]);

        return hits.OrderBy(h => h.Rank).ThenBy(h => h.Kind, StringComparer.Ordinal).ThenBy(h => h.Id, StringComparer.Ordinal).Take(limit).ToList();
    }

    private static string Snippet(string text, string term)
    {
        const int Radius = 60;
        var at = text.IndexOf(term, StringComparison.OrdinalIgnoreCase);
        if (at < 0 || text.Length <= 2 * Radius) return text.Length <= 2 * Radius ? text : text[..(2 * Radius)] + "...";
        var start = Math.Max(0, at - Radius);
        var end = Math.Min(text.Length, at + term.Length + Radius);
        return (start > 0 ? "..." : "") + text[start..end] + (end < text.Length ? "..." : "");
    }
}
