using System.Collections.Frozen;
using System.Collections.Immutable;
using BackCare.Clinical.Evidence.Sections;

namespace BackCare.Clinical.Evidence;

/// <summary>
/// The whole evidence base, indexed. Each kind of content (<see cref="EvidenceSections"/>) is read when first used and
/// each index is built when first used, so a command pays only for what it touches. Lookups by id, name, brand,
/// class, ATC and RxNorm code are dictionary reads with no allocation.
/// </summary>
public sealed class EvidenceBase
{
    private readonly EvidenceContent _content;
    private FrozenDictionary<string, Source>? _sources;
    private FrozenDictionary<string, DrugClass>? _classes;
    private FrozenDictionary<string, Drug>? _drugsById;
    private FrozenDictionary<string, Drug>? _drugsByName;
    private FrozenDictionary<string, ImmutableArray<Drug>>? _drugsByClass;
    private FrozenDictionary<string, Drug>? _drugsByAtc;
    private FrozenDictionary<string, Drug>? _drugsByRxNorm;
    private FrozenDictionary<string, ImmutableArray<InteractionRule>>? _interactionsByDrug;
    private FrozenDictionary<string, object>? _everything;
    private FrozenDictionary<string, Assessment.Instrument>? _instruments;
    private FrozenDictionary<string, Triage.TriageFinding>? _findings;
    private FrozenDictionary<string, Medications.ConditionDefinition>? _conditions;
    private FrozenDictionary<string, Medications.ProductCode>? _products;
    private FrozenDictionary<string, CarePlans.PlanStepTemplate>? _planSteps;
    private Triage.TriageIndex? _triageIndex;

    internal EvidenceBase(EvidenceContent content)
    {
        _content = content;
    }

    internal ImmutableArray<T> Get<T>(ListSection<T> section)
        where T : class => (ImmutableArray<T>)_content.Shown(section, this);

    internal T? Get<T>(SettingsSection<T> section)
        where T : class => SettingsSection<T>.Value(_content.Shown(section, this));

    /// <summary>What the loader kept for a kind (before safety wording is filled in); the compiled form holds this.</summary>
    internal object Kept(EvidenceSection section) => _content.Kept(section);

    /// <summary>Whether a kind has been read yet (the compiled form reads each on first use).</summary>
    internal bool IsRead(EvidenceSection section) => _content.IsRead(section);

    public ImmutableArray<Source> Sources => Get(EvidenceSections.Sources);
    public ImmutableArray<DrugClass> Classes => Get(EvidenceSections.Classes);
    public ImmutableArray<Drug> Drugs => Get(EvidenceSections.Drugs);
    public ImmutableArray<InteractionRule> Interactions => Get(EvidenceSections.Interactions);
    public ImmutableArray<Intervention> Interventions => Get(EvidenceSections.Interventions);
    public ImmutableArray<Technique> Techniques => Get(EvidenceSections.Techniques);
    public ImmutableArray<EducationTopic> Topics => Get(EvidenceSections.Topics);
    public ImmutableArray<Myth> Myths => Get(EvidenceSections.Myths);

    /// <summary>Topics of popular claims that are not medicines or treatments (data/claims.yaml).</summary>
    public ImmutableArray<ClaimTopic> ClaimTopics => Get(EvidenceSections.ClaimTopics);

    /// <summary>Words articles use for drug classes and interventions (data/claims.yaml).</summary>
    public ImmutableArray<ClaimAlias> ClaimAliases => Get(EvidenceSections.ClaimAliases);

    /// <summary>Claim-level statements that article claims are compared with (data/claims.yaml).</summary>
    public ImmutableArray<EvidenceClaim> Claims => Get(EvidenceSections.Claims);
    public ImmutableArray<Assessment.Instrument> Instruments => Get(EvidenceSections.Instruments);
    public ImmutableArray<Triage.TriageFinding> Findings => Get(EvidenceSections.Findings);

    /// <summary>Red-flag rules in file order.</summary>
    public ImmutableArray<Triage.TriageRule> TriageRules => Get(EvidenceSections.TriageRules);
    public ImmutableArray<Triage.DispositionAdvice> Dispositions => Get(EvidenceSections.Dispositions);

    internal Triage.TriageIndex TriageIndex => _triageIndex ??= new Triage.TriageIndex(Findings, TriageRules);

    public ImmutableArray<Medications.ConditionDefinition> Conditions => Get(EvidenceSections.Conditions);
    public ImmutableArray<Medications.MedicationRule> MedicationRules => Get(EvidenceSections.MedicationRules);
    public ImmutableArray<Medications.ProductCode> Products => Get(EvidenceSections.Products);
    public ImmutableArray<Medications.CombinationName> Combinations => Get(EvidenceSections.Combinations);
    public ImmutableArray<CarePlans.PlanStepTemplate> PlanSteps => Get(EvidenceSections.PlanSteps);

    /// <summary>Plan thresholds; null only in partial test bases without care-plan data.</summary>
    public CarePlans.PlanSettings? PlanSettings => Get(EvidenceSections.PlanSettings);
    public ImmutableArray<CarePlans.RecoveryCurve> RecoveryCurves => Get(EvidenceSections.RecoveryCurves);
    public CarePlans.ProgressSettings? ProgressSettings => Get(EvidenceSections.ProgressSettings);

    /// <summary>Plan rules in order (data/care-plan.yaml, <c>planRules</c>).</summary>
    public ImmutableArray<CarePlans.PlanRule> PlanRules => Get(EvidenceSections.PlanRules);

    /// <summary>Pieces of patient text the plan puts together (data/care-plan.yaml, <c>planTexts</c>).</summary>
    public ImmutableDictionary<string, string> PlanTexts => Get(EvidenceSections.PlanTexts)!;

    /// <summary>The standing safety net of every self-care plan.</summary>
    public ImmutableArray<Statement> PlanSafetyNet => Get(EvidenceSections.PlanSafetyNet);

    /// <summary>Crisis, emergency and urgent wording by code (data/care-plan.yaml); fill with <see cref="CarePlans.SafetyMessages.Fill"/>.</summary>
    public ImmutableDictionary<string, Statement> SafetyMessages => Get(EvidenceSections.SafetyMessages)!;

    /// <summary>
    /// A plan step, topic section or safety-net item written as {safety:CODE} shows that safety message (generic contact
    /// words), so the wording exists once in the data.
    /// </summary>
    internal Statement WithSafetyText(Statement statement)
    {
        const string prefix = "{safety:";
        if (!statement.Text.StartsWith(prefix, StringComparison.Ordinal) || !statement.Text.EndsWith('}')) return statement;
        var code = statement.Text[prefix.Length..^1];
        var messages = SafetyMessages;
        if (!messages.TryGetValue(code, out var message)) return statement;
        return statement with { Text = CarePlans.SafetyMessages.Fill(message.Text, CarePlans.SafetyContactWords.Generic(messages)) };
    }

    public CarePlans.PlanStepTemplate PlanStep(string id) =>
        (_planSteps ??= PlanSteps.ToFrozenDictionary(p => p.Id, StringComparer.Ordinal)).TryGetValue(id, out var step) ? step : throw new InvalidOperationException($"plan step '{id}' is not in data/care-plan.yaml");

    public Medications.ConditionDefinition? Condition(string code) => (_conditions ??= Conditions.ToFrozenDictionary(c => c.Code, StringComparer.Ordinal)).GetValueOrDefault(code);

    public Medications.ProductCode? Product(string code) => (_products ??= Products.ToFrozenDictionary(p => p.Code, StringComparer.Ordinal)).GetValueOrDefault(code);

    public Assessment.Instrument? Instrument(string id) => (_instruments ??= Instruments.ToFrozenDictionary(i => i.Id, StringComparer.OrdinalIgnoreCase)).GetValueOrDefault(id);

    public Triage.TriageFinding? Finding(string code) => (_findings ??= Findings.ToFrozenDictionary(f => f.Code, StringComparer.Ordinal)).GetValueOrDefault(code);

    public Triage.DispositionAdvice DispositionAdvice(Triage.Disposition disposition)
    {
        foreach (var advice in Dispositions)
        {
            if (advice.Disposition == disposition) return advice;
        }

        throw new InvalidOperationException($"no advice for disposition {disposition}");
    }

    public Source? Source(string id) => SourceIndex.GetValueOrDefault(id);

    /// <summary>A source's short citation ("Friedman 2017"), or its id when the base does not know it.</summary>
    public string ShortCitation(string sourceId) => Source(sourceId)?.ShortCitation ?? sourceId;

    /// <summary>The short citations of <paramref name="sourceIds"/>, joined: the one way every surface lists sources in a line.</summary>
    public string Cite(IEnumerable<string> sourceIds, string separator = "; ") => string.Join(separator, sourceIds.Select(ShortCitation));

    public DrugClass? Class(string id) => ClassIndex.GetValueOrDefault(id);

    public Drug? DrugById(string id) => (_drugsById ??= Drugs.ToFrozenDictionary(d => d.Id, StringComparer.Ordinal)).GetValueOrDefault(id);

    /// <summary>By ingredient id, generic name, synonym or US/UK brand, ignoring case.</summary>
    public Drug? DrugByName(string name) => DrugNameIndex.GetValueOrDefault(name);

    /// <summary>Every name a drug is known by (for recognition and suggestions).</summary>
    public IEnumerable<KeyValuePair<string, Drug>> DrugNames => DrugNameIndex;

    public ImmutableArray<Drug> DrugsInClass(string classId) => (_drugsByClass ??= Classes.ToFrozenDictionary(
            c => c.Id,
            c => Drugs.Where(d => d.IsIn(c.Id)).ToImmutableArray(),
            StringComparer.Ordinal)).GetValueOrDefault(classId, []);

    public Drug? DrugByAtc(string code) => (_drugsByAtc ??= Drugs.Where(d => d.Atc is not null).GroupBy(d => d.Atc!.Code)
            .ToFrozenDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase)).GetValueOrDefault(code);

    public Drug? DrugByRxNorm(string code) => (_drugsByRxNorm ??= Drugs.Where(d => d.RxNorm is not null).GroupBy(d => d.RxNorm!.Code)
            .ToFrozenDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal)).GetValueOrDefault(code);

    /// <summary>Interaction rules any of whose sides this drug can fill.</summary>
    public ImmutableArray<InteractionRule> InteractionsFor(Drug drug) => (_interactionsByDrug ??= Drugs.ToFrozenDictionary(
            d => d.Id,
            d => Interactions.Where(rule => rule.Between.Any(s => s.Matches(d))).ToImmutableArray(),
            StringComparer.Ordinal)).GetValueOrDefault(drug.Id, []);

    /// <summary>Drug interventions (guideline positions) that cover this drug directly or by class.</summary>
    public IEnumerable<Intervention> InterventionsFor(Drug drug) =>
        Interventions.Where(i => i.Drugs.Contains(drug.Id) || i.DrugClasses.Any(drug.IsIn));

    /// <summary>Any record by id: drug, class, source, intervention, technique, topic, myth or interaction.</summary>
    public object? Find(string id) => Everything.GetValueOrDefault(id);

    public IEnumerable<string> AllIds => Everything.Keys;

    private FrozenDictionary<string, Source> SourceIndex => _sources ??= Sources.ToFrozenDictionary(s => s.Id, StringComparer.Ordinal);

    private FrozenDictionary<string, DrugClass> ClassIndex => _classes ??= Classes.ToFrozenDictionary(c => c.Id, StringComparer.Ordinal);

    private FrozenDictionary<string, Drug> DrugNameIndex => _drugsByName ??= IndexDrugNames(Drugs);

    /// <summary>Every record with an id, from each kind that has ids (<see cref="EvidenceSection.Records"/>).</summary>
    private FrozenDictionary<string, object> Everything => _everything ??= IndexEverything();

    private FrozenDictionary<string, object> IndexEverything()
    {
        var everything = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var section in EvidenceSections.All)
        {
            foreach (var (id, record) in section.Records(this)) everything[id] = record;
        }

        return everything.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static FrozenDictionary<string, Drug> IndexDrugNames(ImmutableArray<Drug> drugs)
    {
        var names = new Dictionary<string, Drug>(StringComparer.OrdinalIgnoreCase);
        foreach (var drug in drugs)
        {
            foreach (var name in new[] { drug.Id, drug.Id.Replace('_', ' '), drug.Name }.Concat(drug.Synonyms).Concat(drug.Brands.Us).Concat(drug.Brands.Uk))
            {
                names.TryAdd(name, drug);
            }
        }

        return names.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The drug's own statements followed by those inherited from its classes, nearest first.</summary>
    public DrugMonograph Monograph(Drug drug)
    {
        var layers = new List<(string From, MonographSections Sections)> { (drug.Id, drug.Sections) };
        foreach (var classId in drug.AllClasses)
        {
            if (ClassIndex.TryGetValue(classId, out var drugClass)) layers.Add((classId, drugClass.Sections));
        }

        ImmutableArray<SourcedStatement> Collect(Func<MonographSections, IEnumerable<Statement>> pick) =>
            [.. layers.SelectMany(layer => pick(layer.Sections).Select(s => new SourcedStatement(s, layer.From)))];

        static IEnumerable<Statement> One(Statement? s) => s is null ? [] : [s];

        var duration = layers.Select(l => (l.From, l.Sections.MaxDuration)).FirstOrDefault(l => l.MaxDuration is not null);
        return new DrugMonograph(
            drug,
            Collect(s => One(s.Summary)),
            Collect(s => One(s.Mechanism)),
            Collect(s => s.BackPain),
            Collect(s => s.Risks),
            Collect(s => s.BoxedWarnings),
            Collect(s => s.Contraindications),
            Collect(s => s.Pregnancy),
            Collect(s => s.Breastfeeding),
            Collect(s => s.OlderAdults),
            duration.MaxDuration is null ? null : new SourcedDuration(duration.MaxDuration, duration.From),
            InteractionsFor(drug),
            [.. InterventionsFor(drug)]);
    }
}

/// <summary>A statement and the drug or class it comes from.</summary>
public sealed record SourcedStatement(Statement Statement, string From);

public sealed record SourcedDuration(DurationStatement Duration, string From);

/// <summary>A drug's complete monograph: its own statements and everything inherited from its classes.</summary>
public sealed record DrugMonograph(
    Drug Drug,
    ImmutableArray<SourcedStatement> Summary,
    ImmutableArray<SourcedStatement> Mechanism,
    ImmutableArray<SourcedStatement> BackPain,
    ImmutableArray<SourcedStatement> Risks,
    ImmutableArray<SourcedStatement> BoxedWarnings,
    ImmutableArray<SourcedStatement> Contraindications,
    ImmutableArray<SourcedStatement> Pregnancy,
    ImmutableArray<SourcedStatement> Breastfeeding,
    ImmutableArray<SourcedStatement> OlderAdults,
    SourcedDuration? MaxDuration,
    ImmutableArray<InteractionRule> Interactions,
    ImmutableArray<Intervention> GuidelinePositions)
{
    public IEnumerable<string> SourceIds =>
        new[] { Summary, Mechanism, BackPain, Risks, BoxedWarnings, Contraindications, Pregnancy, Breastfeeding, OlderAdults }
            .SelectMany(list => list.SelectMany(s => s.Statement.Sources))
            .Concat(MaxDuration?.Duration.Statement.Sources ?? [])
            .Concat(Interactions.SelectMany(i => i.Sources))
            .Concat(GuidelinePositions.SelectMany(i => i.Summary.Sources.Concat(i.Recommendations.SelectMany(r => r.Statement.Sources))))
            .Distinct(StringComparer.Ordinal);
}
