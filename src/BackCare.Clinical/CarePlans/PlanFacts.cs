using System.Collections.Immutable;
using System.Globalization;
using BackCare.Clinical.Common;
using BackCare.Clinical.Assessment;
using BackCare.Clinical.Evidence;
using BackCare.Clinical.Medications;
using BackCare.Clinical.Triage;

namespace BackCare.Clinical.CarePlans;

/// <summary>
/// What the plan rules are evaluated against: the person's answers, triage, scores and medication findings,
/// and the named values their reason templates may use (every name is listed in <see cref="Names"/>).
/// </summary>
public sealed record PlanFacts(
    EvidenceBase Evidence,
    PlanInput Input,
    TriageResult Triage,
    ImmutableDictionary<string, InstrumentScore> Scores,
    MedicationCheckResult? Medications,
    PlanSettings Settings,
    ImmutableDictionary<string, string> Texts)
{
    /// <summary>Placeholders a reason, plan text or progress note may use.</summary>
    public static readonly ImmutableHashSet<string> Names =
    [
        "flags", "flagReason", "urgentFlagReason", "otherFlagReasons", "duration", "chronicWeeksOver", "startbackTotal",
        "startbackPsychosocial", "mindBodyReason", "mindBodyChoices", "distressScores", "gad7Score", "gad7Band", "phq9Score", "phq9Band",
        "sleepProblems", "sleepHours", "sleepQuality", "poorSleepHoursBelow", "poorSleepHoursAbove", "findingCount", "worstSeverity",
        "topFindings", "unrecognized", "unrecognizedCount", "reviewWhen", "walkingIncreasePercent", "progressReasons", "weeks",
    ];

    /// <summary>The plan texts every plan needs (data/care-plan.yaml, <c>planTexts</c>).</summary>
    public static readonly ImmutableArray<string> TextKeys =
    [
        "distressGad7", "distressPhq9", "sleepShort", "sleepLong", "sleepQuality", "mindBodyYoga", "mindBodyTaiChi", "mindBodyMindfulness",
        "mindBodyChosen", "mindBodyAny", "unrecognized", "whenCritical", "whenMajor", "whenModerate", "whenOther", "scheduleSleep",
        "scheduleRelaxation", "scheduleMindBody", "progressed", "keptForReview", "kept", "oneWeek", "weeks",
    ];

    public InstrumentScore? StartBack => Scores.GetValueOrDefault("startback");

    public string? Risk => StartBack?.Band;

    public string? CrisisKind => Scores.GetValueOrDefault("phq9")?.SelfHarmRisk == true ? "phq9" : Triage.Crisis ? "reported" : null;

    public TriageFlag? UrgentFlag => Triage.Flags.FirstOrDefault(f => f.Urgency == Disposition.Urgent && !f.Crisis);

    public ImmutableArray<TriageFlag> OtherFlags => [.. Triage.Flags.Where(f => !f.Crisis)];

    public string? OtherFlagsUrgency => OtherFlags.IsEmpty ? null : OtherFlags[0].Urgency <= Disposition.Soon ? "soon" : "routine";

    public bool Physiotherapy => Input.Preferences.AccessToPhysiotherapy != false;

    public bool Chronic => Input.DurationWeeks > Settings.ChronicWeeksOver;

    public bool Anxious => Scores.GetValueOrDefault("gad7")?.Score >= Settings.PsychologicalSupportGad7AtLeast;

    public bool LowMood => Scores.GetValueOrDefault("phq9")?.Score >= Settings.PsychologicalSupportPhq9AtLeast;

    public int MinutesPerDay => Input.Preferences.TimePerDayMinutes ?? Settings.DefaultMinutesPerDay;

    public int RelaxationMinutes => Anxious || LowMood
        ? Math.Min(Settings.RelaxationMinutesAtMost, Math.Max(Settings.RelaxationMinutesAtLeast, MinutesPerDay / Settings.RelaxationShareOfTimeDivisor))
        : 0;

    private ImmutableArray<string>? _sleepProblems;
    private ImmutableArray<MedicationFinding>? _relevantFindings;

    /// <summary>Computed once per plan: the rules, reasons and schedules all read it.</summary>
    public ImmutableArray<string> SleepProblems => _sleepProblems ??= ComputeSleepProblems();

    private ImmutableArray<string> ComputeSleepProblems()
    {
        {
            if (Input.Sleep is not { } sleep) return [];
            var problems = ImmutableArray.CreateBuilder<string>();
            if (sleep.HoursPerNight is { } h && h < Settings.PoorSleepHoursBelow) problems.Add(Fill(Texts["sleepShort"]));
            if (sleep.HoursPerNight is { } h2 && h2 > Settings.PoorSleepHoursAbove) problems.Add(Fill(Texts["sleepLong"]));
            if (sleep.Quality is { } q && q <= Settings.PoorSleepQualityAtMost) problems.Add(Fill(Texts["sleepQuality"]));
            return problems.ToImmutable();
        }
    }

    /// <summary>Findings worth a conversation: moderate or worse, or a medicine that could not be recognised.</summary>
    public ImmutableArray<MedicationFinding> RelevantFindings => _relevantFindings ??= Medications is null ? [] :
        [.. Medications.Findings.Where(f => f.Severity <= Severity.Moderate || f.Kind == FindingKind.Unrecognized)];

    public string ReviewWhen => RelevantFindings.IsEmpty ? "" : RelevantFindings.Min(f => f.Severity) switch
    {
        Severity.Critical => Texts["whenCritical"],
        Severity.Major => Texts["whenMajor"],
        Severity.Moderate => Texts["whenModerate"],
        _ => Texts["whenOther"],
    };

    /// <summary>A template with its placeholders filled from these facts.</summary>
    public string Fill(string template, IReadOnlyDictionary<string, string>? extra = null) =>
        TemplatePlaceholders.Fill(template, name => extra?.GetValueOrDefault(name) ?? Value(name), digits: true);

    /// <summary>Placeholder names used in a template, for the validator.</summary>
    public static IEnumerable<string> Used(string template) => TemplatePlaceholders.Used(template, digits: true);

    private string Value(string name) => name switch
    {
        "flags" => string.Join("; ", Triage.Flags.Select(f => Evidence.Finding(f.Code)?.Label ?? f.Code)),
        "flagReason" => Triage.Flags[0].Reason,
        "urgentFlagReason" => UrgentFlag!.Reason,
        "otherFlagReasons" => string.Join(" ", OtherFlags.Select(f => f.Reason).Distinct()),
        "duration" => Input.DurationWeeks == 1 ? Texts["oneWeek"] : Fill(Texts["weeks"]),
        "weeks" => N(Input.DurationWeeks),
        "chronicWeeksOver" => N(Settings.ChronicWeeksOver),
        "startbackTotal" => N(StartBack!.Score),
        "startbackPsychosocial" => N(StartBack!.PsychosocialScore ?? 0),
        "mindBodyChoices" => string.Join(" and ", MindBodyChoices()),
        "mindBodyReason" => MindBodyChoices().Any() ? Fill(Texts["mindBodyChosen"]) : Texts["mindBodyAny"],
        "distressScores" => string.Join(" and ", new[] { Anxious ? Fill(Texts["distressGad7"]) : null, LowMood ? Fill(Texts["distressPhq9"]) : null }.OfType<string>()),
        "gad7Score" => N(Scores["gad7"].Score),
        "gad7Band" => Scores["gad7"].Band ?? "",
        "phq9Score" => N(Scores["phq9"].Score),
        "phq9Band" => (Scores["phq9"].Band ?? "").Replace('_', ' '),
        "sleepProblems" => string.Join(" and ", SleepProblems),
        "sleepHours" => (Input.Sleep?.HoursPerNight ?? 0).ToString("0.#", CultureInfo.InvariantCulture),
        "sleepQuality" => N(Input.Sleep?.Quality ?? 0),
        "poorSleepHoursBelow" => N(Settings.PoorSleepHoursBelow),
        "poorSleepHoursAbove" => N(Settings.PoorSleepHoursAbove),
        "findingCount" => N(RelevantFindings.Length),
        "worstSeverity" => BackCare.Clinical.Evidence.Loading.EnumNames.ToSnake(RelevantFindings.Min(f => f.Severity)),
        "topFindings" => string.Join(" ", RelevantFindings.Where(f => f.Kind != FindingKind.Unrecognized).Take(3).Select(f => f.Summary)),
        "unrecognized" => RelevantFindings.Any(f => f.Kind == FindingKind.Unrecognized) ? Fill(Texts["unrecognized"]) : "",
        "unrecognizedCount" => N(RelevantFindings.Count(f => f.Kind == FindingKind.Unrecognized)),
        "reviewWhen" => ReviewWhen,
        "walkingIncreasePercent" => N(Settings.WalkingIncreasePercent),
        _ => throw new InvalidOperationException($"no value for placeholder {{{name}}}"),
    };

    private IEnumerable<string> MindBodyChoices()
    {
        var activities = Input.Preferences.Activities;
        if (activities.Contains("yoga")) yield return Texts["mindBodyYoga"];
        if (activities.Contains("tai_chi")) yield return Texts["mindBodyTaiChi"];
        if (activities.Contains("mindfulness") || activities.Contains("meditation")) yield return Texts["mindBodyMindfulness"];
    }

    private static string N(double value) => value.ToString("0", CultureInfo.InvariantCulture);
}
