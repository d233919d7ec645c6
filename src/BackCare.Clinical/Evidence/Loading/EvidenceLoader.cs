using System.Collections.Immutable;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace BackCare.Clinical.Evidence.Loading;

/// <summary>
/// Parses and validates the evidence files: every reference resolves, every statement has a
/// source, every source is used, ids are unique and snake_case, enumerations are valid, the
/// class hierarchy has no cycles, and no text gives a dose. Pure: takes text, returns records.
/// </summary>
public static class EvidenceLoader
{
    private static readonly string[] RootKeys =
        ["sources", "classes", "drugs", "interactions", "interventions", "techniques", "topics", "myths", "instruments", "findings", "triageRules", "dispositions",
         "conditions", "medicationRules", "products", "combinations",
         "planSteps", "planSettings", "recoveryCurves", "progressSettings", "safetyMessages", "planRules", "planTexts", "planSafetyNet"];

    private static readonly string[] MappingKeys = ["planSettings", "progressSettings", "safetyMessages", "planTexts"];

    public static EvidenceLoadResult Load(IEnumerable<EvidenceFile> files)
    {
        var problems = new List<EvidenceProblem>();
        var references = new List<Reference>();
        var collected = new Collected();
        var checks = new TextChecks();

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
                problems.Add(new EvidenceProblem(file.Path, 1, 1, $"expected a mapping with one of: {string.Join(", ", RootKeys)}"));
                continue;
            }

            reader.CheckKeys(root, RootKeys);
            var parsers = new EntityParsers(reader, references);
            var assessment = new AssessmentParsers(reader, references);
            var medication = new MedicationParsers(reader, references);
            var plans = new CarePlanParsers(reader, references);
            foreach (var key in MappingKeys)
            {
                if (reader.Get(root, key) is null) continue;
                if (reader.Mapping(root, key) is not { } settings) continue;
                if (key == "planSettings") collected.PlanSettings = plans.PlanSettings(settings);
                else if (key == "safetyMessages") collected.SafetyMessages = plans.SafetyMessageTemplates(settings);
                else if (key == "planTexts") collected.PlanTexts = plans.Texts(settings);
                else collected.ProgressSettings = plans.ProgressSettings(settings);
            }

            foreach (var key in RootKeys.Except(MappingKeys))
            {
                if (reader.Get(root, key) is null) continue;
                foreach (var item in reader.Sequence(root, key)?.Children ?? [])
                {
                    if (item is not YamlMappingNode entry)
                    {
                        reader.Problem(item, $"each entry of '{key}' must be a mapping");
                        continue;
                    }

                    collected.Add(key, entry, parsers, assessment, medication, plans, reader);
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

        var evidence = new EvidenceBase(
            collected.Sources.Select(s => s.Value).ToImmutableArray(),
            collected.Classes.Select(c => c.Value).ToImmutableArray(),
            expanded,
            collected.Interactions.Select(i => i.Value).ToImmutableArray(),
            collected.Interventions.Select(i => i.Value).ToImmutableArray(),
            collected.Techniques.Select(t => t.Value).ToImmutableArray(),
            collected.Topics.Select(t => t.Value).ToImmutableArray(),
            collected.Myths.Select(m => m.Value).ToImmutableArray(),
            collected.Instruments.Select(m => m.Value).ToImmutableArray(),
            collected.Findings.Select(m => m.Value).ToImmutableArray(),
            collected.TriageRules.Select(m => m.Value).ToImmutableArray(),
            collected.Dispositions.Select(m => m.Value).ToImmutableArray(),
            collected.Conditions.Select(m => m.Value).ToImmutableArray(),
            collected.MedicationRules.Select(m => m.Value).ToImmutableArray(),
            collected.Products.Select(m => m.Value).ToImmutableArray(),
            collected.Combinations.Select(m => m.Value).ToImmutableArray(),
            collected.PlanSteps.Select(m => m.Value).ToImmutableArray(),
            collected.PlanSettings,
            collected.RecoveryCurves.Select(m => m.Value).ToImmutableArray(),
            collected.ProgressSettings,
            collected.SafetyMessages,
            new CarePlans.PlanContent(
                collected.PlanRules.Select(m => m.Value).ToImmutableArray(),
                collected.PlanTexts,
                collected.PlanSafetyNet.Select(m => m.Value).ToImmutableArray()));
        return new EvidenceLoadResult(evidence, problems);
    }

    private static void Resolve(List<Reference> references, Collected collected, List<EvidenceProblem> problems)
    {
        var sources = collected.Sources.Select(s => s.Value.Id).ToHashSet(StringComparer.Ordinal);
        var classes = collected.Classes.Select(c => c.Value.Id).ToHashSet(StringComparer.Ordinal);
        var drugs = collected.Drugs.Select(d => d.Value.Id).ToHashSet(StringComparer.Ordinal);
        var findings = collected.Findings.Select(f => f.Value.Code).ToHashSet(StringComparer.Ordinal);
        var conditions = collected.Conditions.Select(c => c.Value.Code).ToHashSet(StringComparer.Ordinal);
        var planSteps = collected.PlanSteps.Select(p => p.Value.Id).ToHashSet(StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var reference in references)
        {
            var (known, what) = reference.Kind switch
            {
                ReferenceKind.Source => (sources, "source"),
                ReferenceKind.DrugClass => (classes, "drug class"),
                ReferenceKind.Finding => (findings, "triage finding"),
                ReferenceKind.Condition => (conditions, "condition"),
                ReferenceKind.PlanStep => (planSteps, "plan step"),
                _ => (drugs, "drug"),
            };
            if (reference.Kind == ReferenceKind.Source) used.Add(reference.Id);
            if (!known.Contains(reference.Id))
            {
                problems.Add(new EvidenceProblem(reference.File, reference.Line, reference.Column,
                    $"unknown {what} '{reference.Id}'{Suggest(reference.Id, known)}"));
            }
        }

        foreach (var (source, location) in collected.Sources)
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
        var confirmation = collected.Sources.GroupBy(s => s.Value.Id, StringComparer.Ordinal)
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
        var texts = collected.PlanSteps.Select(p => (p.Value.Detail.Text, p.Location))
            .Concat(collected.PlanSafetyNet.Select(n => (n.Value.Text, n.Location)))
            .Concat(collected.Topics.SelectMany(t => t.Value.Sections.Select(s => (s.Text, t.Location))));
        foreach (var (text, location) in texts)
        {
            if (!text.StartsWith("{safety:", StringComparison.Ordinal)) continue;
            var code = text.Length > 9 && text.EndsWith('}') ? text[8..^1] : "";
            if (!collected.SafetyMessages.ContainsKey(code)) problems.Add(location.With($"'{text}' names no safety message (known: {string.Join(", ", collected.SafetyMessages.Keys.Order(StringComparer.Ordinal))})"));
        }
    }

    private static ImmutableArray<Drug> ExpandClasses(Collected collected, List<EvidenceProblem> problems)
    {
        var byId = collected.Classes.GroupBy(c => c.Value.Id).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
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

        return collected.Drugs.Select(d =>
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

    private sealed class Collected
    {
        public List<(Source Value, Location Location)> Sources { get; } = [];
        public List<(DrugClass Value, Location Location)> Classes { get; } = [];
        public List<(Drug Value, Location Location)> Drugs { get; } = [];
        public List<(InteractionRule Value, Location Location)> Interactions { get; } = [];
        public List<(Intervention Value, Location Location)> Interventions { get; } = [];
        public List<(Technique Value, Location Location)> Techniques { get; } = [];
        public List<(EducationTopic Value, Location Location)> Topics { get; } = [];
        public List<(Myth Value, Location Location)> Myths { get; } = [];
        public List<(Assessment.Instrument Value, Location Location)> Instruments { get; } = [];
        public List<(Triage.TriageFinding Value, Location Location)> Findings { get; } = [];
        public List<(Triage.TriageRule Value, Location Location)> TriageRules { get; } = [];
        public List<(Triage.DispositionAdvice Value, Location Location)> Dispositions { get; } = [];
        public List<(Medications.ConditionDefinition Value, Location Location)> Conditions { get; } = [];
        public List<(Medications.MedicationRule Value, Location Location)> MedicationRules { get; } = [];
        public List<(Medications.ProductCode Value, Location Location)> Products { get; } = [];
        public List<(Medications.CombinationName Value, Location Location)> Combinations { get; } = [];
        public List<(CarePlans.PlanStepTemplate Value, Location Location)> PlanSteps { get; } = [];
        public List<(CarePlans.RecoveryCurve Value, Location Location)> RecoveryCurves { get; } = [];
        public CarePlans.PlanSettings? PlanSettings { get; set; }
        public CarePlans.ProgressSettings? ProgressSettings { get; set; }

        public ImmutableDictionary<string, Statement> SafetyMessages { get; set; } = ImmutableDictionary<string, Statement>.Empty;

        public ImmutableDictionary<string, string> PlanTexts { get; set; } = ImmutableDictionary<string, string>.Empty;

        public List<(CarePlans.PlanRule Value, Location Location)> PlanRules { get; } = [];

        public List<(Statement Value, Location Location)> PlanSafetyNet { get; } = [];

        public void Add(string key, YamlMappingNode entry, EntityParsers parsers, AssessmentParsers assessment, MedicationParsers medication,
            CarePlanParsers plans, YamlReader reader)
        {
            var location = new Location(reader.File, (int)entry.Start.Line, (int)entry.Start.Column);
            switch (key)
            {
                case "sources": AddIf(Sources, parsers.Source(entry), location); break;
                case "classes": Classes.Add((parsers.Class(entry), location)); break;
                case "drugs": Drugs.Add((parsers.Drug(entry), location)); break;
                case "interactions": AddIf(Interactions, parsers.Interaction(entry), location); break;
                case "interventions": AddIf(Interventions, parsers.Intervention(entry), location); break;
                case "techniques": AddIf(Techniques, parsers.Technique(entry), location); break;
                case "topics": Topics.Add((parsers.Topic(entry), location)); break;
                case "myths": AddIf(Myths, parsers.Myth(entry), location); break;
                case "instruments": AddIf(Instruments, assessment.Instrument(entry), location); break;
                case "findings": AddIf(Findings, assessment.Finding(entry), location); break;
                case "triageRules": AddIf(TriageRules, assessment.Rule(entry), location); break;
                case "dispositions": AddIf(Dispositions, assessment.Disposition(entry), location); break;
                case "conditions": AddIf(Conditions, medication.Condition(entry), location); break;
                case "medicationRules": AddIf(MedicationRules, medication.Rule(entry), location); break;
                case "products": AddIf(Products, medication.Product(entry), location); break;
                case "combinations": AddIf(Combinations, medication.Combination(entry), location); break;
                case "planSteps": AddIf(PlanSteps, plans.Step(entry), location); break;
                case "recoveryCurves": AddIf(RecoveryCurves, plans.Curve(entry), location); break;
                case "planRules": AddIf(PlanRules, plans.Rule(entry), location); break;
                case "planSafetyNet": AddIf(PlanSafetyNet, reader.Statement(entry, plans.References), location); break;
            }
        }

        private static void AddIf<T>(List<(T, Location)> list, T? value, Location location)
            where T : class
        {
            if (value is not null) list.Add((value, location));
        }

        /// <summary>When any triage data is present, every disposition has advice exactly once.</summary>
        public void CheckDispositions(List<EvidenceProblem> problems)
        {
            if (TriageRules.Count == 0 && Dispositions.Count == 0) return;
            foreach (var d in Enum.GetValues<Triage.Disposition>())
            {
                var count = Dispositions.Count(x => x.Value.Disposition == d);
                if (count != 1)
                {
                    var where = Dispositions.FirstOrDefault().Location ?? TriageRules[0].Location;
                    problems.Add(where.With($"disposition '{EnumNames.ToSnake(d)}' needs exactly one advice entry (found {count})"));
                }
            }
        }

        /// <summary>Ids are unique across every kind, so `evidence show ID` is never ambiguous.</summary>
        public void CheckUniqueIds(List<EvidenceProblem> problems)
        {
            var all = Sources.Select(x => (x.Value.Id, x.Location))
                .Concat(Classes.Select(x => (x.Value.Id, x.Location)))
                .Concat(Drugs.Select(x => (x.Value.Id, x.Location)))
                .Concat(Interactions.Select(x => (x.Value.Id, x.Location)))
                .Concat(Interventions.Select(x => (x.Value.Id, x.Location)))
                .Concat(Techniques.Select(x => (x.Value.Id, x.Location)))
                .Concat(Topics.Select(x => (x.Value.Id, x.Location)))
                .Concat(Myths.Select(x => (x.Value.Id, x.Location)))
                .Concat(Instruments.Select(x => (x.Value.Id, x.Location)))
                .Concat(TriageRules.Select(x => (x.Value.Id, x.Location)))
                .Concat(MedicationRules.Select(x => (x.Value.Id, x.Location)))
                .Concat(PlanSteps.Select(x => (x.Value.Id, x.Location)));
            var seen = new Dictionary<string, Location>(StringComparer.Ordinal);
            var codes = new Dictionary<string, Location>(StringComparer.Ordinal);
            foreach (var (finding, location) in Findings)
            {
                if (!codes.TryAdd(finding.Code, location)) problems.Add(location.With($"finding code '{finding.Code}' is defined twice"));
            }

            var conditionCodes = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (condition, location) in Conditions)
            {
                if (!conditionCodes.Add(condition.Code)) problems.Add(location.With($"condition code '{condition.Code}' is defined twice"));
            }

            var productCodes = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (product, location) in Products)
            {
                if (!productCodes.Add(product.Code)) problems.Add(location.With($"product code '{product.Code}' is listed twice"));
            }

            foreach (var (id, location) in all)
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
