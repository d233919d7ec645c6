using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text;
using BackCare.Clinical.Evidence;
using BackCare.Clinical.Medications;
using Microsoft.Extensions.ObjectPool;

namespace BackCare.CdsHooks.Cards;

/// <summary>One medication of the request: a draft order (with its MedicationRequest id) or one the patient already takes.</summary>
public sealed record MedicationItem(string? OrderId, bool IsDraft, ResolvedMedication Medication, int? DurationWeeks);

/// <summary>
/// Turns a request's medications and patient facts into cards: one card per problem, worst first.
/// Findings come from the medication engine (interactions, contraindications, pregnancy, lactation,
/// Beers, duplication, duration) and, when the order or a condition says back pain or sciatica, from
/// the guideline positions in data/interventions.yaml for the phase of the pain. Only problems that
/// involve the orders in focus get a card (order-select: the selections; order-sign: every draft order;
/// patient-view: every current medication). Text and sources are the evidence base's; nothing here
/// gives a dose or a change to a prescription: a draft order that is the problem gets one suggestion to
/// delete it, for the prescriber to choose.
/// </summary>
public sealed class CardBuilder(EvidenceBase evidence, MedicationChecker checker, CardCatalog catalog)
{
    private static readonly string[] MainGuidelines = ["nice_ng59", "acp_2017", "who_2023_cplbp"];

    /// <summary>
    /// Builders for card details, reused across calls: a detail runs to a few thousand characters, and a new builder
    /// grows to that size chunk by chunk on every card.
    /// </summary>
    private static readonly ObjectPool<StringBuilder> Details = new DefaultObjectPoolProvider().CreateStringBuilderPool(4 * 1024, 64 * 1024);

    private readonly ConcurrentDictionary<(string, string, Population?), (string, string[])> _guidance = new();
    private readonly ConcurrentDictionary<string, string> _sourceLines = new(StringComparer.Ordinal);
    /// <summary>Each drug intervention (guideline position) with the drugs it covers, by name or by class (alcohol is never "ordered").</summary>
    private readonly ImmutableArray<(Intervention Intervention, FrozenSet<string> Covers)> _drugPositions = DrugPositions(evidence);

    private readonly ImmutableArray<Coding> _overrideReasons = [.. catalog.OverrideReasons.Select(r => new Coding(CardCatalog.OverrideReasonSystem, r.Code, r.Display))];

    /// <summary>Card order within an indicator: the kind of problem.</summary>
    private static readonly FindingKind[] KindOrder =
    [
        FindingKind.Interaction, FindingKind.Contraindication, FindingKind.Pregnancy, FindingKind.Lactation, FindingKind.Guideline,
        FindingKind.Beers, FindingKind.Duplication, FindingKind.Duration, FindingKind.BoxedWarning, FindingKind.Unrecognized,
    ];

    public IReadOnlyList<Card> Build(string hook, ImmutableArray<string> selections, PatientFacts facts, IReadOnlyList<MedicationItem> items, string baseUrl)
    {
        var focusItems = hook switch
        {
            "order-select" => items.Where(i => i.IsDraft && i.OrderId is not null && selections.Contains("MedicationRequest/" + i.OrderId)).ToList(),
            "order-sign" => items.Where(i => i.IsDraft).ToList(),
            _ => items.ToList(),
        };
        var focus = focusItems.SelectMany(i => i.Medication.Ingredients).ToHashSet(StringComparer.Ordinal);
        var suggest = hook is "order-select" or "order-sign";
        var cards = new List<Card>();

        var entries = ImmutableArray.CreateBuilder<MedicationEntry>(items.Count);
        foreach (var item in items)
        {
            int? weeks = item.DurationWeeks is { } w ? Math.Clamp(w, 0, 2600) : null;
            foreach (var id in item.Medication.Ingredients) entries.Add(new MedicationEntry(id, null, weeks));
        }

        if (entries.Count > 0 && focus.Count > 0)
        {
            var input = new MedicationCheckInput(facts.Age, facts.Sex, facts.Pregnant, facts.Breastfeeding, false, null, facts.Conditions, entries.DrainToImmutable());
            var shown = new List<MedicationFinding>();
            foreach (var finding in checker.Check(input).Findings)
            {
                if (finding.Kind == FindingKind.Unrecognized || catalog.Suppressed.ContainsKey(finding.Rule)) continue;
                if (AnyOf(finding.Drugs, focus)) shown.Add(finding);
            }

            foreach (var finding in shown)
            {
                if (!IsSuperseded(finding, shown)) cards.Add(FindingCard(finding, focusItems, items, suggest, baseUrl));
            }

            if (facts.Indication is { } indication)
            {
                foreach (var (intervention, covers) in _drugPositions)
                {
                    ImmutableArray<string>.Builder? drugs = null;
                    foreach (var id in focus)
                    {
                        if (covers.Contains(id)) (drugs ??= ImmutableArray.CreateBuilder<string>()).Add(id);
                    }

                    if (drugs is null || !NotRecommended(intervention, indication, facts.Phase)) continue;
                    drugs.Sort(StringComparer.Ordinal);
                    cards.Add(GuidelineCard(intervention, drugs.ToImmutable(), indication, facts.Phase, focusItems, suggest, baseUrl));
                }
            }
        }

        var unrecognized = items.Where(i => !i.Medication.IsRecognized && (!i.IsDraft || focusItems.Contains(i))).ToList();
        if (unrecognized.Count > 0) cards.Add(UnrecognizedCard(unrecognized, baseUrl));

        return [.. cards.OrderBy(c => IndicatorRank(c.Indicator)).ThenBy(c => c.Rank).ThenBy(c => c.Rule, StringComparer.Ordinal)];
    }

    /// <summary>True when the rule that replaces this one (cards.yml, superseded) also fired, for all of these medicines.</summary>
    private bool IsSuperseded(MedicationFinding finding, List<MedicationFinding> shown)
    {
        if (!catalog.SupersededBy.TryGetValue(finding.Rule, out var by)) return false;
        foreach (var other in shown)
        {
            if (other.Rule == by && finding.Drugs.All(other.Drugs.Contains)) return true;
        }

        return false;
    }

    private static ImmutableArray<(Intervention, FrozenSet<string>)> DrugPositions(EvidenceBase evidence)
    {
        var positions = ImmutableArray.CreateBuilder<(Intervention, FrozenSet<string>)>();
        foreach (var intervention in evidence.Interventions.Where(i => i.Kind == InterventionKind.Drug))
        {
            var covers = evidence.Drugs.Where(d => d.Id != "alcohol" && (intervention.Drugs.Contains(d.Id) || intervention.DrugClasses.Any(d.IsIn)));
            positions.Add((intervention, covers.Select(d => d.Id).ToFrozenSet(StringComparer.Ordinal)));
        }

        return positions.ToImmutable();
    }

    /// <summary>
    /// A drug position fires when, in every phase that applies (the known phase, or all three), a guideline
    /// advises against it or none recommends it, for low back pain (and for sciatica when that is the indication).
    /// </summary>
    public static bool NotRecommended(Intervention intervention, string indication, Population? phase)
    {
        var recs = intervention.Recommendations.Where(r => r.Condition == MedicationChecker.LowBackPain || r.Condition == indication).ToList();
        Population[] phases = phase is { } p ? [p] : [Population.Acute, Population.Subacute, Population.Chronic];
        return phases.All(ph =>
            recs.Any(r => r.Populations.Contains(ph) && r.Direction is Clinical.Evidence.Direction.Against or Clinical.Evidence.Direction.ConditionalAgainst) ||
            !recs.Any(r => r.Populations.Contains(ph) && r.Direction is Clinical.Evidence.Direction.For or Clinical.Evidence.Direction.ConditionalFor));
    }

    private Card FindingCard(MedicationFinding finding, List<MedicationItem> focusItems, IReadOnlyList<MedicationItem> items, bool suggest, string baseUrl)
    {
        var setting = catalog.Settings.GetValueOrDefault(finding.Rule);
        var title = catalog.Titles.GetValueOrDefault(finding.Rule, finding.Rule);
        var summary = setting?.Summary ?? DefaultSummary(finding, title);
        var sources = finding.Sources.Concat(setting?.Sources ?? []).Distinct(StringComparer.Ordinal).ToList();
        var detail = Details.Get();
        detail.Append("**").Append(Md(title)).Append("**: ");
        AppendNames(detail, finding.Drugs, " + ").Append("\n\n");
        detail.Append(Md(finding.Detail)).Append("\n\n");
        detail.Append(Md(finding.Summary)).Append("\n\n");
        Recognised(detail, items.Where(i => Involves(i, finding.Drugs)));
        Sources(detail, sources, finding.Rule);
        var severity = setting?.Severity ?? finding.Severity;
        var drafts = suggest ? focusItems.Where(i => Involves(i, finding.Drugs)).ToList() : [];
        return Make(finding.Rule, title, summary, Text(detail), severity, finding.Kind, drafts, baseUrl);
    }

    private Card GuidelineCard(Intervention intervention, ImmutableArray<string> drugs, string indication, Population? phase, List<MedicationItem> focusItems, bool suggest, string baseUrl)
    {
        var rule = "guideline:" + intervention.Id;
        var setting = catalog.Settings.GetValueOrDefault(rule);
        var summary = setting?.Summary ?? Clip(FirstSentence(intervention.Summary.Text));
        var sources = new List<string>(intervention.Summary.Sources);
        var condition = indication == "sciatica" ? "sciatica" : "low back pain";
        var detail = Details.Get();
        detail.Append("**").Append(Md(intervention.Name)).Append("** (");
        AppendNames(detail, drugs, ", ").Append(") ordered for ")
            .Append(condition).Append(phase is { } p ? $", {Phase(p)} phase" : ", phase not known").Append(".\n\n");
        var (guidance, guidanceSources) = _guidance.GetOrAdd((intervention.Id, indication, phase), static (key, state) => state.Builder.Guidance(state.Intervention, key.Item2, key.Item3), (Builder: this, Intervention: intervention));
        detail.Append(guidance);
        sources.AddRange(guidanceSources);
        detail.Append('\n');
        Recognised(detail, focusItems.Where(i => Involves(i, drugs)));
        Sources(detail, sources.Concat(setting?.Sources ?? []).Distinct(StringComparer.Ordinal).ToList(), rule);
        var drafts = suggest ? focusItems.Where(i => Involves(i, drugs)).ToList() : [];
        var severity = setting?.Severity ?? Severity.Moderate;
        return Make(rule, intervention.Name, summary, Text(detail), severity, FindingKind.Guideline, drafts, baseUrl);
    }

    /// <summary>
    /// What the guidelines say about an intervention for this condition and phase, and what they recommend instead, as
    /// Markdown with its sources: the same for every call, so it is built once per (intervention, indication, phase).
    /// </summary>
    private (string Text, string[] Sources) Guidance(Intervention intervention, string indication, Population? phase)
    {
        var condition = indication == "sciatica" ? "sciatica" : "low back pain";
        var text = new StringBuilder();
        var sources = new List<string>();
        text.Append(Md(intervention.Summary.Text)).Append("\n\n**What the guidelines say**\n\n");
        foreach (var r in intervention.Recommendations.Where(r => r.Condition == MedicationChecker.LowBackPain || r.Condition == indication))
        {
            text.Append("- ").Append(Md(Short(r.Guideline))).Append(" (").Append(DirectionText(r.Direction)).Append(", ")
                .Append(string.Join("/", r.Populations.Select(Phase))).Append(r.Condition == "sciatica" ? ", sciatica" : "").Append("): ")
                .Append(Md(r.Statement.Text)).Append('\n');
            sources.AddRange(r.Statement.Sources);
        }

        text.Append("\n**What the guidelines do recommend").Append(phase is { } ph ? $" ({Phase(ph)} {condition})" : $" ({condition})").Append("**\n\n");
        foreach (var (alternative, recs) in Alternatives(intervention, indication, phase))
        {
            text.Append("- ").Append(Md(alternative.Name)).Append(" (").Append(Md(string.Join(", ", recs.Select(r => Short(r.Guideline)).Distinct()))).Append(")\n");
            sources.AddRange(recs.SelectMany(r => r.Statement.Sources));
        }

        return (text.ToString(), [.. sources]);
    }

    /// <summary>Treatments that a main guideline (NICE, ACP, WHO) recommends outright for this condition and phase.</summary>
    private IEnumerable<(Intervention Intervention, List<Recommendation> Recommendations)> Alternatives(Intervention excluded, string indication, Population? phase)
    {
        foreach (var i in evidence.Interventions)
        {
            if (i.Id == excluded.Id) continue;
            var recs = i.Recommendations.Where(r => r.Direction == Clinical.Evidence.Direction.For && MainGuidelines.Contains(r.Guideline)
                && (r.Condition == MedicationChecker.LowBackPain || r.Condition == indication)
                && (phase is null || r.Populations.Contains(phase.Value))).ToList();
            if (recs.Count > 0) yield return (i, recs);
        }
    }

    private static Card UnrecognizedCard(List<MedicationItem> items, string baseUrl)
    {
        var detail = Details.Get().Append("BackCare did not recognise these medications, so they were **not checked** for interactions or other problems:\n\n");
        foreach (var i in items)
        {
            detail.Append("- ").Append(Md(i.Medication.Label));
            if (i.Medication.Code is { } code) detail.Append(" (RxNorm ").Append(Md(code)).Append(')');
            if (i.Medication.DidYouMean is { } guess) detail.Append(" (did you mean ").Append(Md(guess)).Append("?)");
            detail.Append(i.IsDraft ? ", draft order" : ", current medication").Append('\n');
        }

        detail.Append("\nLooked for in: the imported RxNorm release, the RxNorm codes in data/, and the generic names, brands and synonyms of the evidence base.\n\nBackCare rule `unrecognized`.");
        var summary = items.Count == 1 ? $"Not checked: BackCare did not recognise \"{Clip(items[0].Medication.Label, 80)}\"" : $"Not checked: BackCare did not recognise {items.Count} medications";
        return new Card(CardIds.New(CardCatalog.UnrecognizedRule), summary, Text(detail), "info",
            new CardSource("BackCare: medication recognition", RuleUrl(baseUrl, CardCatalog.UnrecognizedRule), new Coding(CardCatalog.RuleSystem, CardCatalog.UnrecognizedRule, "Medication not recognised")),
            [], [], CardCatalog.UnrecognizedRule, Array.IndexOf(KindOrder, FindingKind.Unrecognized));
    }

    private Card Make(string rule, string title, string summary, string detail, Severity severity, FindingKind kind, List<MedicationItem> drafts, string baseUrl)
    {
        var suggestions = drafts.Where(d => d.OrderId is not null).Take(3).Select(d => new Suggestion(
            Clip($"Remove the draft order for {d.Medication.Label}"),
            CardIds.NewRandom(),
            [new CardAction("delete", Clip($"Remove the draft order for {d.Medication.Label}", 300), "MedicationRequest/" + d.OrderId)])).ToImmutableArray();
        return new Card(CardIds.New(rule), Clip(summary), detail, Indicator(severity),
            new CardSource(Clip("BackCare: " + title, 200), RuleUrl(baseUrl, rule), new Coding(CardCatalog.RuleSystem, rule, title)),
            suggestions, _overrideReasons, rule, Array.IndexOf(KindOrder, kind));
    }

    /// <summary>The detail as text; its builder goes back to the pool.</summary>
    private static string Text(StringBuilder detail)
    {
        var text = detail.ToString();
        Details.Return(detail);
        return text;
    }

    public static string RuleUrl(string baseUrl, string rule) => $"{baseUrl}/cds-hooks/rules/{Uri.EscapeDataString(rule)}";

    public static string Indicator(Severity severity) => severity switch
    {
        Severity.Critical => "critical",
        Severity.Major or Severity.Moderate => "warning",
        _ => "info",
    };

    private static int IndicatorRank(string indicator) => indicator switch { "critical" => 0, "warning" => 1, _ => 2 };

    private string DefaultSummary(MedicationFinding finding, string title)
    {
        if (finding.Kind == FindingKind.Interaction)
        {
            var text = $"{title}: {string.Join(" + ", finding.Drugs.Select(Name))}";
            if (text.Length <= CardCatalog.MaxSummary) return text;
        }

        return Clip(FirstSentence(finding.Summary));
    }

    private void Recognised(StringBuilder detail, IEnumerable<MedicationItem> items)
    {
        detail.Append("**Recognised**\n\n");
        foreach (var i in items.DistinctBy(i => (i.OrderId, i.Medication.Label)))
        {
            detail.Append("- ").Append(Md(i.Medication.Label)).Append(i.IsDraft ? " (draft order)" : " (current)").Append(" → ");
            AppendNames(detail, i.Medication.Ingredients, " + ").Append(", from ").Append(Md(i.Medication.RouteText)).Append('\n');
        }

        detail.Append('\n');
    }

    private void Sources(StringBuilder detail, IReadOnlyList<string> sourceIds, string rule)
    {
        detail.Append("**Sources**\n\n");
        foreach (var id in sourceIds)
        {
            if (evidence.Source(id) is null) continue;
            detail.Append(_sourceLines.GetOrAdd(id, static (id, builder) => builder.SourceLine(id), this));
        }

        detail.Append("\nBackCare rule `").Append(rule).Append("`.");
    }

    /// <summary>One source as a Markdown list item (built once per source).</summary>
    private string SourceLine(string id)
    {
        var s = evidence.Source(id)!;
        var line = new StringBuilder("- ").Append(Md(s.ShortCitation)).Append(": ").Append(Md(s.Title)).Append(". ").Append(Md(s.Container)).Append(", ")
            .Append(s.Year.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('.');
        if (s.Url is { } url) line.Append(" <").Append(url).Append('>');
        return line.Append('\n').ToString();
    }

    /// <summary>True when the item has one of these ingredients (plain loops: this runs for every item and every card).</summary>
    private static bool Involves(MedicationItem item, ImmutableArray<string> drugs)
    {
        foreach (var ingredient in item.Medication.Ingredients)
        {
            foreach (var drug in drugs)
            {
                if (string.Equals(ingredient, drug, StringComparison.Ordinal)) return true;
            }
        }

        return false;
    }

    private string Name(string id) => evidence.DrugById(id)?.Name ?? id;

    /// <summary>The drugs' names, Markdown-escaped, between separators (which have nothing to escape).</summary>
    private StringBuilder AppendNames(StringBuilder detail, ImmutableArray<string> ids, string separator)
    {
        for (var i = 0; i < ids.Length; i++)
        {
            if (i > 0) detail.Append(separator);
            detail.Append(Md(Name(ids[i])));
        }

        return detail;
    }

    /// <summary>True when one of the drugs is in focus (a loop: this runs for every finding).</summary>
    private static bool AnyOf(ImmutableArray<string> drugs, HashSet<string> focus)
    {
        foreach (var drug in drugs)
        {
            if (focus.Contains(drug)) return true;
        }

        return false;
    }

    private string Short(string sourceId) => evidence.ShortCitation(sourceId);

    private static string Phase(Population p) => p switch { Population.Acute => "acute", Population.Subacute => "subacute", _ => "chronic" };

    private static string DirectionText(Direction d) => d switch
    {
        Clinical.Evidence.Direction.For => "for",
        Clinical.Evidence.Direction.ConditionalFor => "conditional for",
        Clinical.Evidence.Direction.Against => "against",
        Clinical.Evidence.Direction.ConditionalAgainst => "conditional against",
        Clinical.Evidence.Direction.NoRecommendation => "no recommendation",
        _ => "insufficient evidence",
    };

    private static string FirstSentence(string text)
    {
        var end = text.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? text[..(end + 1)] : text;
    }

    /// <summary>At most <paramref name="max"/> characters, cut at a word with an ellipsis.</summary>
    public static string Clip(string text, int max = CardCatalog.MaxSummary)
    {
        if (text.Length <= max) return text;
        var cut = text.LastIndexOf(' ', max - 1);
        return (cut > max / 2 ? text[..cut] : text[..(max - 1)]).TrimEnd(',', ';', ':', ' ') + "…";
    }

    private static readonly System.Buffers.SearchValues<char> MarkdownSpecial = System.Buffers.SearchValues.Create("\\`*_[]<>#|\r\n");

    /// <summary>Escapes Markdown in text that came from the request or the data.</summary>
    public static string Md(string text)
    {
        // Most text (names, sentences of the evidence base) has nothing to escape: returned as it is, without a copy.
        if (!text.AsSpan().ContainsAny(MarkdownSpecial)) return text;
        var sb = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '#' or '|') sb.Append('\\');
            sb.Append(c is '\r' or '\n' ? ' ' : c);
        }

        return sb.ToString();
    }
}
