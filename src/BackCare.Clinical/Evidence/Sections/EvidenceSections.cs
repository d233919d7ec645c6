using System.Collections.Immutable;
using BackCare.Clinical.Assessment;
using BackCare.Clinical.CarePlans;
using BackCare.Clinical.Evidence.Compiled;
using BackCare.Clinical.Evidence.Loading;
using BackCare.Clinical.Medications;
using BackCare.Clinical.Triage;

namespace BackCare.Clinical.Evidence.Sections;

/// <summary>
/// Every kind of content in the evidence base, each described once. Adding a kind means its record, its parser,
/// its codec, a line here and a property on <see cref="EvidenceBase"/> (with any index it needs); the loader, the
/// base-wide checks and the compiled form follow this list.
/// </summary>
internal static class EvidenceSections
{
    public static readonly ListSection<Source> Sources = new("sources", (p, e) => p.Entities.Source(e), RecordCodecs.Source)
    { Id = x => x.Id, ReferencedAs = ReferenceKind.Source, ReferenceName = "source" };

    public static readonly ListSection<DrugClass> Classes = new("classes", (p, e) => p.Entities.Class(e), RecordCodecs.Class)
    { Id = x => x.Id, ReferencedAs = ReferenceKind.DrugClass, ReferenceName = "drug class" };

    /// <summary>Kept with <see cref="Drug.AllClasses"/> filled in (the loader expands the class hierarchy).</summary>
    public static readonly ListSection<Drug> Drugs = new("drugs", (p, e) => p.Entities.Drug(e), RecordCodecs.Drug)
    { Id = x => x.Id, ReferencedAs = ReferenceKind.Drug, ReferenceName = "drug" };

    public static readonly ListSection<InteractionRule> Interactions = new("interactions", (p, e) => p.Entities.Interaction(e), RecordCodecs.Interaction)
    { Id = x => x.Id };

    public static readonly ListSection<Intervention> Interventions = new("interventions", (p, e) => p.Entities.Intervention(e), RecordCodecs.Intervention)
    { Id = x => x.Id, ReferencedAs = ReferenceKind.Intervention, ReferenceName = "intervention" };

    public static readonly ListSection<Technique> Techniques = new("techniques", (p, e) => p.Entities.Technique(e), RecordCodecs.Technique)
    { Id = x => x.Id };

    /// <summary>A section written <c>{safety:CODE}</c> shows that safety message.</summary>
    public static readonly ListSection<EducationTopic> Topics = new("topics", (p, e) => p.Entities.Topic(e), RecordCodecs.Topic)
    {
        Id = x => x.Id,
        Show = (evidence, topics) => [.. topics.Select(t => t with { Sections = [.. t.Sections.Select(evidence.WithSafetyText)] })],
    };

    public static readonly ListSection<Myth> Myths = new("myths", (p, e) => p.Entities.Myth(e), RecordCodecs.Myth)
    { Id = x => x.Id };

    public static readonly ListSection<Instrument> Instruments = new("instruments", (p, e) => p.Assessment.Instrument(e), RecordCodecs.Instrument)
    { Id = x => x.Id };

    public static readonly ListSection<TriageFinding> Findings = new("findings", (p, e) => p.Assessment.Finding(e), RecordCodecs.Finding)
    { Code = x => x.Code, Twice = "finding code '{0}' is defined twice", ReferencedAs = ReferenceKind.Finding, ReferenceName = "triage finding" };

    public static readonly ListSection<TriageRule> TriageRules = new("triageRules", (p, e) => p.Assessment.Rule(e), RecordCodecs.TriageRule)
    { Id = x => x.Id };

    public static readonly ListSection<DispositionAdvice> Dispositions = new("dispositions", (p, e) => p.Assessment.Disposition(e), RecordCodecs.Disposition);

    public static readonly ListSection<ConditionDefinition> Conditions = new("conditions", (p, e) => p.Medication.Condition(e), RecordCodecs.Condition)
    { Code = x => x.Code, Twice = "condition code '{0}' is defined twice", ReferencedAs = ReferenceKind.Condition, ReferenceName = "condition" };

    public static readonly ListSection<MedicationRule> MedicationRules = new("medicationRules", (p, e) => p.Medication.Rule(e), RecordCodecs.MedicationRule)
    { Id = x => x.Id };

    public static readonly ListSection<ProductCode> Products = new("products", (p, e) => p.Medication.Product(e), RecordCodecs.Product)
    { Code = x => x.Code, Twice = "product code '{0}' is listed twice" };

    public static readonly ListSection<CombinationName> Combinations = new("combinations", (p, e) => p.Medication.Combination(e), RecordCodecs.Combination);

    /// <summary>A detail written <c>{safety:CODE}</c> shows that safety message.</summary>
    public static readonly ListSection<PlanStepTemplate> PlanSteps = new("planSteps", (p, e) => p.Plans.Step(e), RecordCodecs.PlanStep)
    {
        Id = x => x.Id,
        ReferencedAs = ReferenceKind.PlanStep,
        ReferenceName = "plan step",
        Show = (evidence, steps) => [.. steps.Select(s => s with { Detail = evidence.WithSafetyText(s.Detail) })],
    };

    public static readonly SettingsSection<PlanSettings> PlanSettings = new("planSettings", (p, m) => p.Plans.PlanSettings(m), RecordCodecs.PlanSettings, null);

    public static readonly ListSection<RecoveryCurve> RecoveryCurves = new("recoveryCurves", (p, e) => p.Plans.Curve(e), RecordCodecs.Curve);

    public static readonly SettingsSection<ProgressSettings> ProgressSettings = new("progressSettings", (p, m) => p.Plans.ProgressSettings(m), RecordCodecs.ProgressSettings, null);

    public static readonly SettingsSection<ImmutableDictionary<string, Statement>> SafetyMessages = new("safetyMessages",
        (p, m) => p.Plans.SafetyMessageTemplates(m), (c, v) => c.Map(v, RecordCodecs.Statement), ImmutableDictionary<string, Statement>.Empty);

    public static readonly ListSection<PlanRule> PlanRules = new("planRules", (p, e) => p.Plans.Rule(e), RecordCodecs.PlanRule);

    public static readonly SettingsSection<ImmutableDictionary<string, string>> PlanTexts = new("planTexts",
        (p, m) => p.Plans.Texts(m), (c, v) => c.StringMap(v), ImmutableDictionary<string, string>.Empty);

    /// <summary>An item written <c>{safety:CODE}</c> shows that safety message.</summary>
    public static readonly ListSection<Statement> PlanSafetyNet = new("planSafetyNet", (p, e) => p.Reader.Statement(e, p.Plans.References), RecordCodecs.Statement)
    { Show = (evidence, items) => [.. items.Select(evidence.WithSafetyText)] };

    public static readonly ListSection<ClaimTopic> ClaimTopics = new("claimTopics", (p, e) => p.Claims.Topic(e), RecordCodecs.ClaimTopic)
    { Id = x => x.Id, ReferencedAs = ReferenceKind.ClaimTopic, ReferenceName = "claim topic" };

    public static readonly ListSection<ClaimAlias> ClaimAliases = new("claimAliases", (p, e) => p.Claims.Alias(e), RecordCodecs.ClaimAlias);

    public static readonly ListSection<EvidenceClaim> Claims = new("claims", (p, e) => p.Claims.Claim(e), RecordCodecs.EvidenceClaim)
    { Id = x => x.Id };

    /// <summary>Every kind, in the order files are read and problems reported.</summary>
    public static readonly ImmutableArray<EvidenceSection> All = Numbered(
    [
        Sources, Classes, Drugs, Interactions, Interventions, Techniques, Topics, Myths, Instruments, Findings, TriageRules, Dispositions,
        Conditions, MedicationRules, Products, Combinations,
        PlanSteps, PlanSettings, RecoveryCurves, ProgressSettings, SafetyMessages, PlanRules, PlanTexts, PlanSafetyNet,
        ClaimTopics, ClaimAliases, Claims,
    ]);

    private static ImmutableArray<EvidenceSection> Numbered(ImmutableArray<EvidenceSection> sections)
    {
        for (var i = 0; i < sections.Length; i++) sections[i].Index = i;
        return sections;
    }
}
