using BackCare.Clinical.Assessment;
using BackCare.Clinical.CarePlans;
using BackCare.Clinical.Medications;
using BackCare.Clinical.Triage;

namespace BackCare.Clinical.Evidence.Compiled;

/// <summary>
/// One codec per record of the evidence base, fields in constructor order (see <see cref="EvidenceCodec"/>). A record
/// that gains a field no longer compiles here until its codec says how to carry it; the test that compares the
/// compiled form with a fresh YAML load catches a field carried wrongly.
/// </summary>
internal static class RecordCodecs
{
    public static Statement Statement(EvidenceCodec c, Statement? s) =>
        new(c.String(s?.Text), c.Strings(s?.Sources), c.Enum(s?.Status), c.Enum(s?.Basis), c.OptionalString(s?.Rationale));

    public static DurationStatement Duration(EvidenceCodec c, DurationStatement? s) =>
        new(Statement(c, s?.Statement), c.OptionalInt(s?.Weeks));

    public static Source Source(EvidenceCodec c, Source? s) =>
        new(c.String(s?.Id), c.Enum(s?.Kind), c.String(s?.Authors), c.String(s?.Title), c.String(s?.Container), c.Int(s?.Year),
            c.OptionalInt(s?.Updated), c.OptionalString(s?.Doi), c.OptionalString(s?.Pmid), c.OptionalString(s?.Url), c.Enum(s?.Check),
            c.OptionalString(s?.Note))
        { Label = c.OptionalString(s?.Label) };

    public static MonographSections Sections(EvidenceCodec c, MonographSections? s) =>
        new(c.Optional(s?.Summary, Statement), c.Optional(s?.Mechanism, Statement), c.Array(s?.BackPain, Statement),
            c.Array(s?.Risks, Statement), c.Array(s?.BoxedWarnings, Statement), c.Array(s?.Contraindications, Statement),
            c.Array(s?.Pregnancy, Statement), c.Array(s?.Breastfeeding, Statement), c.Array(s?.OlderAdults, Statement),
            c.Optional(s?.MaxDuration, Duration));

    public static DrugClass Class(EvidenceCodec c, DrugClass? s) =>
        new(c.String(s?.Id), c.String(s?.Name), c.Strings(s?.Parents), Sections(c, s?.Sections));

    public static CheckedCode Code(EvidenceCodec c, CheckedCode? s) =>
        new(c.String(s?.Code), c.Enum(s?.Check), c.OptionalString(s?.SeenIn));

    public static Drug Drug(EvidenceCodec c, Drug? s) =>
        new(c.String(s?.Id), c.String(s?.Name), c.Strings(s?.Synonyms), c.Strings(s?.Classes), c.Strings(s?.AllClasses),
            c.Optional(s?.Atc, Code), c.Optional(s?.RxNorm, Code), new Brands(c.Strings(s?.Brands.Us), c.Strings(s?.Brands.Uk)),
            Sections(c, s?.Sections));

    public static DrugSelector Selector(EvidenceCodec c, DrugSelector? s) =>
        new(c.Strings(s?.Classes), c.Strings(s?.Ingredients));

    public static InteractionRule Interaction(EvidenceCodec c, InteractionRule? s) =>
        new(c.String(s?.Id), c.String(s?.Title), c.Array(s?.Between, Selector), c.Enum(s?.Severity), c.String(s?.Summary),
            c.String(s?.Detail), c.String(s?.Advice), c.Strings(s?.Sources));

    public static Recommendation Recommendation(EvidenceCodec c, Recommendation? s) =>
        new(c.String(s?.Guideline), c.Enum(s?.Direction), c.Enums(s?.Populations), c.String(s?.Condition), c.Enum(s?.Certainty),
            Statement(c, s?.Statement));

    public static Intervention Intervention(EvidenceCodec c, Intervention? s) =>
        new(c.String(s?.Id), c.String(s?.Name), c.Enum(s?.Kind), c.Strings(s?.DrugClasses), c.Strings(s?.Drugs),
            Statement(c, s?.Summary), c.Array(s?.Recommendations, Recommendation));

    public static BreathingPattern Pattern(EvidenceCodec c, BreathingPattern? s) =>
        new(c.Int(s?.Inhale), c.Int(s?.HoldIn), c.Int(s?.Exhale), c.Int(s?.HoldOut));

    public static Technique Technique(EvidenceCodec c, Technique? s) =>
        new(c.String(s?.Id), c.String(s?.Name), c.Enum(s?.Kind), c.Int(s?.DurationMinutes), c.Optional(s?.Pattern, Pattern),
            c.Strings(s?.Activities), c.Strings(s?.Steps), c.Strings(s?.Cautions), Statement(c, s?.Evidence), c.Strings(s?.Sources));

    public static EducationTopic Topic(EvidenceCodec c, EducationTopic? s) =>
        new(c.String(s?.Id), c.String(s?.Title), c.Array(s?.Sections, Statement));

    public static Myth Myth(EvidenceCodec c, Myth? s) =>
        new(c.String(s?.Id), c.String(s?.Claim), c.Enum(s?.Verdict), Statement(c, s?.Explanation));

    public static ClaimSubject ClaimSubject(EvidenceCodec c, ClaimSubject? s) =>
        new(c.Enum(s?.Kind), c.String(s?.Id));

    public static ClaimTopic ClaimTopic(EvidenceCodec c, ClaimTopic? s) =>
        new(c.String(s?.Id), c.String(s?.Name), c.Enum(s?.Kind), c.Strings(s?.Terms));

    public static ClaimAlias ClaimAlias(EvidenceCodec c, ClaimAlias? s) =>
        new(ClaimSubject(c, s?.Subject), c.Strings(s?.Terms));

    public static EvidenceClaim EvidenceClaim(EvidenceCodec c, EvidenceClaim? s) =>
        new(c.String(s?.Id), ClaimSubject(c, s?.Subject), c.Enum(s?.Outcome), c.Enum(s?.Direction), c.Enum(s?.Strength),
            Statement(c, s?.Statement), c.Enums(s?.Populations));

    public static AnswerOption Answer(EvidenceCodec c, AnswerOption? s) =>
        new(c.Int(s?.Value), c.OptionalString(s?.Label), c.OptionalString(s?.Loinc));

    public static InstrumentItem Item(EvidenceCodec c, InstrumentItem? s) =>
        new(c.Int(s?.Number), c.OptionalString(s?.Text), c.String(s?.Label), c.OptionalString(s?.Loinc), c.Array(s?.Answers, Answer));

    public static ScoreBand Band(EvidenceCodec c, ScoreBand? s) =>
        new(c.String(s?.Band), c.OptionalInt(s?.Min), c.OptionalInt(s?.Max), Statement(c, s?.Meaning));

    public static InstrumentLoinc Loinc(EvidenceCodec c, InstrumentLoinc? s) =>
        new(c.OptionalString(s?.Panel), c.OptionalString(s?.PanelCheck), c.OptionalString(s?.Total), c.OptionalString(s?.TotalCheck));

    public static Instrument Instrument(EvidenceCodec c, Instrument? s) =>
        new(c.String(s?.Id), c.String(s?.Name), c.String(s?.RecallPeriod), c.Enum(s?.Scoring), c.Optional(s?.Loinc, Loinc),
            new InstrumentLicence(c.Bool(s?.Licence.ReproduceItems), c.String(s?.Licence.Notice)), Statement(c, s?.Description),
            c.Array(s?.Items, Item), c.Array(s?.Bands, Band), c.OptionalInt(s?.SelfHarmItem),
            c.Optional(s?.Thresholds, static (c, t) => new StartBackThresholds(c.Int(t?.SubscaleHighAtLeast), c.Int(t?.TotalMediumAtLeast))));

    public static TriageFinding Finding(EvidenceCodec c, TriageFinding? s) =>
        new(c.String(s?.Code), c.String(s?.Group), c.String(s?.Question), c.String(s?.Label), c.Strings(s?.Sources), c.Strings(s?.SupersededBy));

    public static TriageRule TriageRule(EvidenceCodec c, TriageRule? s) =>
        new(c.String(s?.Id), c.String(s?.Condition), c.Enum(s?.Urgency), c.Strings(s?.All), c.Strings(s?.Any),
            c.Optional(s?.AtLeast, static (c, a) => new AtLeast(c.Int(a?.Count), c.Strings(a?.Of))),
            c.OptionalInt(s?.MinAge), c.OptionalInt(s?.MaxAge), c.OptionalInt(s?.MinDurationDays), c.OptionalInt(s?.MaxOnsetAge),
            c.Bool(s?.Crisis), c.String(s?.Reason), c.Strings(s?.Sources), c.Enum(s?.Basis), c.OptionalString(s?.Rationale));

    public static DispositionAdvice Disposition(EvidenceCodec c, DispositionAdvice? s) =>
        new(c.Enum(s?.Disposition), Statement(c, s?.Advice));

    public static ConditionDefinition Condition(EvidenceCodec c, ConditionDefinition? s) =>
        new(c.String(s?.Code), c.String(s?.Label));

    public static RuleWhen When(EvidenceCodec c, RuleWhen? s) =>
        new(c.Strings(s?.Conditions), c.Bool(s?.Pregnant), c.Bool(s?.Breastfeeding), c.OptionalInt(s?.MinAge), c.OptionalInt(s?.MaxAge),
            c.OptionalString(s?.Indication), c.OptionalInt(s?.DurationWeeksOver), c.OptionalInt(s?.CountAtLeast));

    public static MedicationRule MedicationRule(EvidenceCodec c, MedicationRule? s) =>
        new(c.String(s?.Id), c.Enum(s?.Kind), c.Enum(s?.Severity), Selector(c, s?.Drugs), c.Strings(s?.Except), When(c, s?.When),
            c.String(s?.Summary), c.String(s?.Detail), c.String(s?.Advice), c.Strings(s?.Sources));

    public static ProductCode Product(EvidenceCodec c, ProductCode? s) =>
        new(c.String(s?.Code), c.String(s?.Display), c.Strings(s?.Ingredients), c.String(s?.SeenIn));

    public static CombinationName Combination(EvidenceCodec c, CombinationName? s) =>
        new(c.String(s?.Name), c.Strings(s?.Ingredients));

    public static PlanStepTemplate PlanStep(EvidenceCodec c, PlanStepTemplate? s) =>
        new(c.String(s?.Id), c.String(s?.Category), c.String(s?.Title), Statement(c, s?.Detail));

    public static PlanSettings PlanSettings(EvidenceCodec c, PlanSettings? s) =>
        new(c.Int(s?.PoorSleepHoursBelow), c.Int(s?.PoorSleepHoursAbove), c.Int(s?.PoorSleepQualityAtMost),
            c.Int(s?.PsychologicalSupportGad7AtLeast), c.Int(s?.PsychologicalSupportPhq9AtLeast), c.Int(s?.ChronicWeeksOver),
            c.Int(s?.ReviewDaysLowRisk), c.Int(s?.ReviewDaysHigherRisk), c.Int(s?.DefaultMinutesPerDay), c.Int(s?.ReviewDaysEmergency),
            c.Int(s?.ReviewDaysSameDay), c.Int(s?.ReviewDaysSoon), c.Int(s?.RelaxationMinutesAtLeast), c.Int(s?.RelaxationMinutesAtMost),
            c.Int(s?.RelaxationShareOfTimeDivisor), c.Int(s?.PacedBreathingFromMinutes), c.Int(s?.WalkingIncreasePercent),
            c.Int(s?.ExerciseMinutesAtLeast));

    public static RecoveryCurve Curve(EvidenceCodec c, RecoveryCurve? s) =>
        new(c.String(s?.Course),
            c.Array(s?.Points, static (c, p) => new CurvePoint(c.Int(p?.Week), c.Double(p?.Mean), c.Double(p?.Low), c.Double(p?.High))),
            c.Strings(s?.Sources));

    public static ProgressSettings ProgressSettings(EvidenceCodec c, ProgressSettings? s) =>
        new(c.Int(s?.WindowDays), c.Double(s?.PainMcidPoints), c.Double(s?.PainMcidPercent), c.Double(s?.RmdqMcidPoints),
            c.Double(s?.RmdqMcidPercent), c.Double(s?.PegMidPoints), c.Int(s?.ReviewAfterWeeks), c.Int(s?.AcuteBaselineWeeksBelow),
            c.Int(s?.TrendWeeks), c.Double(s?.TrendSlopePerWeek), c.Map(s?.Messages, Statement));

    public static PlanWhen PlanWhen(EvidenceCodec c, PlanWhen? s) =>
        new(c.Enums(s?.Disposition), c.OptionalBool(s?.UrgentFlag), c.OptionalString(s?.OtherFlags), c.OptionalString(s?.Crisis),
            c.Strings(s?.Risk), c.OptionalBool(s?.Physiotherapy), c.OptionalBool(s?.Chronic), c.OptionalBool(s?.Distress),
            c.OptionalBool(s?.PoorSleep), c.OptionalBool(s?.MedicationFindings), c.OptionalString(s?.MissingCategory),
            c.OptionalString(s?.MissingStep), c.OptionalString(s?.Activity), c.OptionalString(s?.NoActivity));

    public static PlanRule PlanRule(EvidenceCodec c, PlanRule? s) =>
        new(c.String(s?.Id), c.String(s?.RuleName), c.OptionalString(s?.Step), PlanWhen(c, s?.When), c.OptionalString(s?.Reason),
            c.Strings(s?.Sources), c.OptionalString(s?.AddSources), c.OptionalString(s?.Schedule), c.Bool(s?.Stop));
}
