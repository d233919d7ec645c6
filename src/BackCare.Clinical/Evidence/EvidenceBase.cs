using System.Collections.Frozen;
using System.Collections.Immutable;

namespace BackCare.Clinical.Evidence;

/// <summary>
/// The whole evidence base, loaded once and indexed. Lookups by id, name, brand, class, ATC and
/// RxNorm code are dictionary reads with no allocation.
/// </summary>
public sealed class EvidenceBase
{
    private readonly FrozenDictionary<string, Source> _sources;
    private readonly FrozenDictionary<string, DrugClass> _classes;
    private readonly FrozenDictionary<string, Drug> _drugsById;
    private readonly FrozenDictionary<string, Drug> _drugsByName;
    private readonly FrozenDictionary<string, ImmutableArray<Drug>> _drugsByClass;
    private readonly FrozenDictionary<string, Drug> _drugsByAtc;
    private readonly FrozenDictionary<string, Drug> _drugsByRxNorm;
    private readonly FrozenDictionary<string, ImmutableArray<InteractionRule>> _interactionsByDrug;
    private readonly FrozenDictionary<string, object> _everything;
    private readonly FrozenDictionary<string, Assessment.Instrument> _instruments;
    private readonly FrozenDictionary<string, Triage.TriageFinding> _findings;
    private readonly FrozenDictionary<string, Medications.ConditionDefinition> _conditions;
    private readonly FrozenDictionary<string, Medications.ProductCode> _products;
    private readonly FrozenDictionary<string, CarePlans.PlanStepTemplate> _planSteps;

    internal EvidenceBase(
        ImmutableArray<Source> sources,
        ImmutableArray<DrugClass> classes,
        ImmutableArray<Drug> drugs,
        ImmutableArray<InteractionRule> interactions,
        ImmutableArray<Intervention> interventions,
        ImmutableArray<Technique> techniques,
        ImmutableArray<EducationTopic> topics,
        ImmutableArray<Myth> myths,
        ImmutableArray<Assessment.Instrument> instruments,
        ImmutableArray<Triage.TriageFinding> findings,
        ImmutableArray<Triage.TriageRule> triageRules,
        ImmutableArray<Triage.DispositionAdvice> dispositions,
        ImmutableArray<Medications.ConditionDefinition> conditions,
        ImmutableArray<Medications.MedicationRule> medicationRules,
        ImmutableArray<Medications.ProductCode> products,
        ImmutableArray<Medications.CombinationName> combinations,
        ImmutableArray<CarePlans.PlanStepTemplate> planSteps,
        CarePlans.PlanSettings? planSettings,
        ImmutableArray<CarePlans.RecoveryCurve> recoveryCurves,
        CarePlans.ProgressSettings? progressSettings,
        ImmutableDictionary<string, Statement> safetyMessages,
        CarePlans.PlanContent plan)
    {
        SafetyMessages = safetyMessages;
        PlanRules = plan.Rules;
        PlanTexts = plan.Texts;
        PlanSafetyNet = [.. plan.SafetyNet.Select(s => WithSafetyText(s, safetyMessages))];
        // A plan step or topic written as {safety:CODE} shows that safety message (generic contact words), so the
        // wording exists once in the data.
        planSteps = [.. planSteps.Select(p => p with { Detail = WithSafetyText(p.Detail, safetyMessages) })];
        topics = [.. topics.Select(t => t with { Sections = [.. t.Sections.Select(s => WithSafetyText(s, safetyMessages))] })];
        PlanSteps = planSteps;
        _planSteps = planSteps.ToFrozenDictionary(p => p.Id, StringComparer.Ordinal);
        PlanSettings = planSettings;
        RecoveryCurves = recoveryCurves;
        ProgressSettings = progressSettings;
        Combinations = combinations;
        Conditions = conditions;
        MedicationRules = medicationRules;
        Products = products;
        _conditions = conditions.ToFrozenDictionary(c => c.Code, StringComparer.Ordinal);
        _products = products.ToFrozenDictionary(p => p.Code, StringComparer.Ordinal);
        Instruments = instruments;
        Findings = findings;
        TriageRules = triageRules;
        Dispositions = dispositions;
        _instruments = instruments.ToFrozenDictionary(i => i.Id, StringComparer.OrdinalIgnoreCase);
        _findings = findings.ToFrozenDictionary(f => f.Code, StringComparer.Ordinal);
        TriageIndex = new Triage.TriageIndex(findings, triageRules);
        Sources = sources;
        Classes = classes;
        Drugs = drugs;
        Interactions = interactions;
        Interventions = interventions;
        Techniques = techniques;
        Topics = topics;
        Myths = myths;

        _sources = sources.ToFrozenDictionary(s => s.Id, StringComparer.Ordinal);
        _classes = classes.ToFrozenDictionary(c => c.Id, StringComparer.Ordinal);
        _drugsById = drugs.ToFrozenDictionary(d => d.Id, StringComparer.Ordinal);

        var names = new Dictionary<string, Drug>(StringComparer.OrdinalIgnoreCase);
        foreach (var drug in drugs)
        {
            foreach (var name in new[] { drug.Id, drug.Id.Replace('_', ' '), drug.Name }.Concat(drug.Synonyms).Concat(drug.Brands.Us).Concat(drug.Brands.Uk))
            {
                names.TryAdd(name, drug);
            }
        }

        _drugsByName = names.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        _drugsByClass = classes.ToFrozenDictionary(
            c => c.Id,
            c => drugs.Where(d => d.IsIn(c.Id)).ToImmutableArray(),
            StringComparer.Ordinal);
        _drugsByAtc = drugs.Where(d => d.Atc is not null).GroupBy(d => d.Atc!.Code)
            .ToFrozenDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        _drugsByRxNorm = drugs.Where(d => d.RxNorm is not null).GroupBy(d => d.RxNorm!.Code)
            .ToFrozenDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        _interactionsByDrug = drugs.ToFrozenDictionary(
            d => d.Id,
            d => interactions.Where(rule => rule.Between.Any(s => s.Matches(d))).ToImmutableArray(),
            StringComparer.Ordinal);

        var everything = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var x in sources) everything[x.Id] = x;
        foreach (var x in classes) everything[x.Id] = x;
        foreach (var x in drugs) everything[x.Id] = x;
        foreach (var x in interactions) everything[x.Id] = x;
        foreach (var x in interventions) everything[x.Id] = x;
        foreach (var x in techniques) everything[x.Id] = x;
        foreach (var x in topics) everything[x.Id] = x;
        foreach (var x in myths) everything[x.Id] = x;
        foreach (var x in instruments) everything[x.Id] = x;
        foreach (var x in triageRules) everything[x.Id] = x;
        foreach (var x in medicationRules) everything[x.Id] = x;
        foreach (var x in planSteps) everything[x.Id] = x;
        _everything = everything.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public ImmutableArray<Source> Sources { get; }
    public ImmutableArray<DrugClass> Classes { get; }
    public ImmutableArray<Drug> Drugs { get; }
    public ImmutableArray<InteractionRule> Interactions { get; }
    public ImmutableArray<Intervention> Interventions { get; }
    public ImmutableArray<Technique> Techniques { get; }
    public ImmutableArray<EducationTopic> Topics { get; }
    public ImmutableArray<Myth> Myths { get; }
    public ImmutableArray<Assessment.Instrument> Instruments { get; }
    public ImmutableArray<Triage.TriageFinding> Findings { get; }

    /// <summary>Red-flag rules in file order.</summary>
    public ImmutableArray<Triage.TriageRule> TriageRules { get; }
    public ImmutableArray<Triage.DispositionAdvice> Dispositions { get; }

    internal Triage.TriageIndex TriageIndex { get; }

    public ImmutableArray<Medications.ConditionDefinition> Conditions { get; }
    public ImmutableArray<Medications.MedicationRule> MedicationRules { get; }
    public ImmutableArray<Medications.ProductCode> Products { get; }
    public ImmutableArray<Medications.CombinationName> Combinations { get; }
    public ImmutableArray<CarePlans.PlanStepTemplate> PlanSteps { get; }

    /// <summary>Plan thresholds; null only in partial test bases without care-plan data.</summary>
    public CarePlans.PlanSettings? PlanSettings { get; }
    public ImmutableArray<CarePlans.RecoveryCurve> RecoveryCurves { get; }
    public CarePlans.ProgressSettings? ProgressSettings { get; }

    /// <summary>Plan rules in order (data/care-plan.yaml, <c>planRules</c>).</summary>
    public ImmutableArray<CarePlans.PlanRule> PlanRules { get; }

    /// <summary>Pieces of patient text the plan puts together (data/care-plan.yaml, <c>planTexts</c>).</summary>
    public ImmutableDictionary<string, string> PlanTexts { get; }

    /// <summary>The standing safety net of every self-care plan.</summary>
    public ImmutableArray<Statement> PlanSafetyNet { get; }

    /// <summary>Crisis, emergency and urgent wording by code (data/care-plan.yaml); fill with <see cref="CarePlans.SafetyMessages.Fill"/>.</summary>
    public ImmutableDictionary<string, Statement> SafetyMessages { get; }

    private static Statement WithSafetyText(Statement statement, ImmutableDictionary<string, Statement> messages)
    {
        const string prefix = "{safety:";
        if (!statement.Text.StartsWith(prefix, StringComparison.Ordinal) || !statement.Text.EndsWith('}')) return statement;
        var code = statement.Text[prefix.Length..^1];
        if (!messages.TryGetValue(code, out var message)) return statement;
        return statement with { Text = CarePlans.SafetyMessages.Fill(message.Text, CarePlans.SafetyContactWords.Generic(messages)) };
    }

    public CarePlans.PlanStepTemplate PlanStep(string id) =>
        _planSteps.TryGetValue(id, out var step) ? step : throw new InvalidOperationException($"plan step '{id}' is not in data/care-plan.yaml");

    public Medications.ConditionDefinition? Condition(string code) => _conditions.GetValueOrDefault(code);

    public Medications.ProductCode? Product(string code) => _products.GetValueOrDefault(code);

    public Assessment.Instrument? Instrument(string id) => _instruments.GetValueOrDefault(id);

    public Triage.TriageFinding? Finding(string code) => _findings.GetValueOrDefault(code);

    public Triage.DispositionAdvice DispositionAdvice(Triage.Disposition disposition)
    {
        foreach (var advice in Dispositions)
        {
            if (advice.Disposition == disposition) return advice;
        }

        throw new InvalidOperationException($"no advice for disposition {disposition}");
    }

    public Source? Source(string id) => _sources.GetValueOrDefault(id);

    public DrugClass? Class(string id) => _classes.GetValueOrDefault(id);

    public Drug? DrugById(string id) => _drugsById.GetValueOrDefault(id);

    /// <summary>By ingredient id, generic name, synonym or US/UK brand, ignoring case.</summary>
    public Drug? DrugByName(string name) => _drugsByName.GetValueOrDefault(name);

    /// <summary>Every name a drug is known by (for recognition and suggestions).</summary>
    public IEnumerable<KeyValuePair<string, Drug>> DrugNames => _drugsByName;

    public ImmutableArray<Drug> DrugsInClass(string classId) => _drugsByClass.GetValueOrDefault(classId, []);

    public Drug? DrugByAtc(string code) => _drugsByAtc.GetValueOrDefault(code);

    public Drug? DrugByRxNorm(string code) => _drugsByRxNorm.GetValueOrDefault(code);

    /// <summary>Interaction rules any of whose sides this drug can fill.</summary>
    public ImmutableArray<InteractionRule> InteractionsFor(Drug drug) => _interactionsByDrug.GetValueOrDefault(drug.Id, []);

    /// <summary>Drug interventions (guideline positions) that cover this drug directly or by class.</summary>
    public IEnumerable<Intervention> InterventionsFor(Drug drug) =>
        Interventions.Where(i => i.Drugs.Contains(drug.Id) || i.DrugClasses.Any(drug.IsIn));

    /// <summary>Any record by id: drug, class, source, intervention, technique, topic, myth or interaction.</summary>
    public object? Find(string id) => _everything.GetValueOrDefault(id);

    public IEnumerable<string> AllIds => _everything.Keys;

    /// <summary>The drug's own statements followed by those inherited from its classes, nearest first.</summary>
    public DrugMonograph Monograph(Drug drug)
    {
        var layers = new List<(string From, MonographSections Sections)> { (drug.Id, drug.Sections) };
        foreach (var classId in drug.AllClasses)
        {
            if (_classes.TryGetValue(classId, out var drugClass)) layers.Add((classId, drugClass.Sections));
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
