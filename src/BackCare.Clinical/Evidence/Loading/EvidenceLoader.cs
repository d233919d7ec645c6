using System.Collections.Immutable;
using BackCare.Clinical.Evidence.Sections;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace BackCare.Clinical.Evidence.Loading;

/// <summary>
/// Parses and validates the evidence files: every reference resolves, every statement has a
/// source, every source is used, ids are unique and snake_case, enumerations are valid, the
/// class hierarchy has no cycles, and no text gives a dose. Pure: takes text, returns records.
/// Which kinds of content exist, and how each is parsed and checked, is <see cref="EvidenceSections"/>; what is
/// here are the checks that span kinds.
/// </summary>
public static class EvidenceLoader
{
    public static EvidenceLoadResult Load(IEnumerable<EvidenceFile> files)
    {
        var problems = new List<EvidenceProblem>();
        var references = new List<Reference>();
        var collected = new Collected();
        var checks = new TextChecks();
        string[] rootKeys = [.. EvidenceSections.All.Select(s => s.Key)];

        foreach (var file in files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            var reader = new YamlReader(file.Path, problems, checks);
            var stream = new YamlStream();
            try
            {
                stream.Load(new StringReader(file.Content));
            }
            catch (YamlException ex)
            {
                problems.Add(new EvidenceProblem(file.Path, (int)ex.Start.Line, (int)ex.Start.Column, $"YAML syntax: {ex.Message}"));
                continue;
            }

            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                problems.Add(new EvidenceProblem(file.Path, 1, 1, $"expected a mapping with one of: {string.Join(", ", rootKeys)}"));
                continue;
            }

            reader.CheckKeys(root, rootKeys);
            var parsers = new SectionParsers(reader, new EntityParsers(reader, references), new AssessmentParsers(reader, references),
                new MedicationParsers(reader, references), new CarePlanParsers(reader, references), new ClaimParsers(reader, references));
            foreach (var section in EvidenceSections.All.Where(s => !s.IsList))
            {
                if (reader.Get(root, section.Key) is null) continue;
                if (reader.Mapping(root, section.Key) is not { } settings) continue;
                section.Parse(parsers, settings, At(reader, settings), collected[section]);
            }

            foreach (var section in EvidenceSections.All.Where(s => s.IsList))
            {
                if (reader.Get(root, section.Key) is null) continue;
                foreach (var item in reader.Sequence(root, section.Key)?.Children ?? [])
                {
                    if (item is not YamlMappingNode entry)
                    {
                        reader.Problem(item, $"each entry of '{section.Key}' must be a mapping");
                        continue;
                    }

                    section.Parse(parsers, entry, At(reader, entry), collected[section]);
                }
            }
        }

        collected.CheckUniqueIds(problems);
        collected.CheckDispositions(problems);
        Resolve(references, collected, problems);
        CheckConfirmation(checks, collected, problems);
        CheckSafetyReferences(collected, problems);
        var expanded = ExpandClasses(collected, problems);
        if (problems.Count > 0)
        {
            return new EvidenceLoadResult(null, problems);
        }

        var kept = EvidenceSections.All.Select(s => s.Collected(collected[s])).ToArray();
        kept[EvidenceSections.Drugs.Index] = expanded;
        return new EvidenceLoadResult(new EvidenceBase(EvidenceContent.Loaded(kept)), problems);
    }

    private static Location At(YamlReader reader, YamlNode node) => new(reader.File, (int)node.Start.Line, (int)node.Start.Column);

    private static void Resolve(List<Reference> references, Collected collected, List<EvidenceProblem> problems)
    {
        var known = EvidenceSections.All.Where(s => s.ReferencedAs is not null).ToDictionary(
            s => s.ReferencedAs!.Value,
            s => (Keys: s.Keys(collected[s]).ToHashSet(StringComparer.Ordinal), s.ReferenceName));
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var reference in references)
        {
            var (keys, what) = known[reference.Kind];
            if (reference.Kind == ReferenceKind.Source) used.Add(reference.Id);
            if (!keys.Contains(reference.Id))
            {
                problems.Add(new EvidenceProblem(reference.File, reference.Line, reference.Column,
                    $"unknown {what} '{reference.Id}'{Suggest(reference.Id, keys)}"));
            }
        }

        foreach (var (source, location) in collected.Of(EvidenceSections.Sources))
        {
            if (!used.Contains(source.Id))
            {
                problems.Add(location.With($"source '{source.Id}' is not cited by any statement: cite it or remove it"));
            }
        }
    }

    /// <summary>
    /// A statement cannot be more certain than what backs it: one marked verified needs at least one verified
    /// source. When every source was seen only in part (or not at all), the statement says partial or unverified.
    /// </summary>
    private static void CheckConfirmation(TextChecks checks, Collected collected, List<EvidenceProblem> problems)
    {
        var confirmation = collected.Of(EvidenceSections.Sources).GroupBy(s => s.Value.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Value.Check, StringComparer.Ordinal);
        foreach (var (file, line, column, status, sources) in checks.EvidenceStatements)
        {
            if (status != Confirmation.Verified || sources.IsEmpty || !sources.All(confirmation.ContainsKey)) continue;
            if (sources.Any(id => confirmation[id] == Confirmation.Verified)) continue;
            problems.Add(new EvidenceProblem(file, line, column,
                $"a verified statement needs at least one verified source; {string.Join(", ", sources.Select(id => $"'{id}' is {EnumNames.ToSnake(confirmation[id])}"))}: mark the statement 'status: partial' (or confirm a source)"));
        }
    }

    /// <summary>A plan step or topic written as <c>{safety:CODE}</c> must name a safety message that exists.</summary>
    private static void CheckSafetyReferences(Collected collected, List<EvidenceProblem> problems)
    {
        var texts = collected.Of(EvidenceSections.PlanSteps).Select(p => (p.Value.Detail.Text, p.Location))
            .Concat(collected.Of(EvidenceSections.PlanSafetyNet).Select(n => (n.Value.Text, n.Location)))
            .Concat(collected.Of(EvidenceSections.Topics).SelectMany(t => t.Value.Sections.Select(s => (s.Text, t.Location))));
        var messages = collected.Setting(EvidenceSections.SafetyMessages)!;
        foreach (var (text, location) in texts)
        {
            if (!text.StartsWith("{safety:", StringComparison.Ordinal)) continue;
            var code = text.Length > 9 && text.EndsWith('}') ? text[8..^1] : "";
            if (!messages.ContainsKey(code)) problems.Add(location.With($"'{text}' names no safety message (known: {string.Join(", ", messages.Keys.Order(StringComparer.Ordinal))})"));
        }
    }

    private static ImmutableArray<Drug> ExpandClasses(Collected collected, List<EvidenceProblem> problems)
    {
        var byId = collected.Of(EvidenceSections.Classes).GroupBy(c => c.Value.Id).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var ancestors = new Dictionary<string, ImmutableArray<string>>(StringComparer.Ordinal);

        ImmutableArray<string> Ancestors(string id, HashSet<string> path)
        {
            if (ancestors.TryGetValue(id, out var known)) return known;
            if (!byId.TryGetValue(id, out var entry)) return [];
            if (!path.Add(id))
            {
                problems.Add(entry.Location.With($"class '{id}' is its own ancestor (cycle through {string.Join(" -> ", path)})"));
                return [];
            }

            var result = new List<string>();
            foreach (var parent in entry.Value.Parents)
            {
                if (!result.Contains(parent)) result.Add(parent);
                foreach (var a in Ancestors(parent, path))
                {
                    if (!result.Contains(a)) result.Add(a);
                }
            }

            path.Remove(id);
            return ancestors[id] = [.. result];
        }

        return collected.Of(EvidenceSections.Drugs).Select(d =>
        {
            var all = new List<string>();
            foreach (var c in d.Value.Classes)
            {
                if (!all.Contains(c)) all.Add(c);
                foreach (var a in Ancestors(c, new HashSet<string>(StringComparer.Ordinal)))
                {
                    if (!all.Contains(a)) all.Add(a);
                }
            }

            return d.Value with { AllClasses = [.. all] };
        }).ToImmutableArray();
    }

    private static string Suggest(string id, IEnumerable<string> known)
    {
        var best = known.Select(k => (k, d: Fuzzy.Distance(id, k))).Where(x => x.d <= Math.Max(2, id.Length / 4)).OrderBy(x => x.d).FirstOrDefault();
        return best.k is null ? "" : $" (did you mean '{best.k}'?)";
    }

    internal sealed record Location(string File, int Line, int Column)
    {
        public EvidenceProblem With(string message) => new(File, Line, Column, message);
    }

    /// <summary>What the files gave each kind, by <see cref="EvidenceSection.Index"/>.</summary>
    private sealed class Collected
    {
        private readonly object[] _entries = [.. EvidenceSections.All.Select(s => s.NewEntries())];

        public object this[EvidenceSection section] => _entries[section.Index];

        public List<(T Value, Location Location)> Of<T>(ListSection<T> section)
            where T : class => ListSection<T>.Of(this[section]);

        public T? Setting<T>(SettingsSection<T> section)
            where T : class => SettingsSection<T>.Value(section.Collected(this[section]));

        /// <summary>When any triage data is present, every disposition has advice exactly once.</summary>
        public void CheckDispositions(List<EvidenceProblem> problems)
        {
            var rules = Of(EvidenceSections.TriageRules);
            var dispositions = Of(EvidenceSections.Dispositions);
            if (rules.Count == 0 && dispositions.Count == 0) return;
            foreach (var d in Enum.GetValues<Triage.Disposition>())
            {
                var count = dispositions.Count(x => x.Value.Disposition == d);
                if (count != 1)
                {
                    var where = dispositions.FirstOrDefault().Location ?? rules[0].Location;
                    problems.Add(where.With($"disposition '{EnumNames.ToSnake(d)}' needs exactly one advice entry (found {count})"));
                }
            }
        }

        /// <summary>Codes are unique within their kind; ids are unique across every kind, so `evidence show ID` is never ambiguous.</summary>
        public void CheckUniqueIds(List<EvidenceProblem> problems)
        {
            foreach (var section in EvidenceSections.All) section.CheckCodes(this[section], problems);
            var seen = new Dictionary<string, Location>(StringComparer.Ordinal);
            foreach (var (id, location) in EvidenceSections.All.SelectMany(s => s.Ids(this[s])))
            {
                if (id.Length == 0) continue;
                if (seen.TryGetValue(id, out var first))
                {
                    problems.Add(location.With($"id '{id}' is already used at {first.File}:{first.Line}"));
                }
                else
                {
                    seen[id] = location;
                }
            }
        }
    }
}
