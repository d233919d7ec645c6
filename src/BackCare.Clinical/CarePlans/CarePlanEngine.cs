using System.Collections.Immutable;
using BackCare.Clinical.Common;
using System.Globalization;
using BackCare.Clinical.Assessment;
using BackCare.Clinical.Evidence;
using BackCare.Clinical.Medications;
using BackCare.Clinical.Triage;

namespace BackCare.Clinical.CarePlans;

public sealed record PlanOutcome(CarePlan? Plan, ImmutableArray<ValidationError> Errors);

/// <summary>
/// Builds a care plan from an assessment (rules in docs/clinical/care-plans.md): red flags and crisis
/// first; then stratified care by STarT Back risk (Hill 2011, NICE NG59); psychological support and
/// relaxation for GAD-7 or PHQ-9 of 10 or more; a sleep routine for poor sleep; exercise therapy and
/// mind-body options for chronic pain; a medication review when the medication check has findings.
/// Pure and deterministic: the same input always gives the same plan. Never suggests starting a drug.
/// </summary>
public sealed class CarePlanEngine(EvidenceBase evidence, MedicationChecker medicationChecker)
{
    private static readonly string[] OptionalReassessment = ["gad7", "phq9", "rmdq"];

    public static CarePlanEngine Default => DefaultInstance.Value;

    private static readonly Lazy<CarePlanEngine> DefaultInstance = new(() => new CarePlanEngine(EmbeddedEvidence.Default, MedicationChecker.Default));

    private PlanSettings Settings => evidence.PlanSettings ?? throw new InvalidOperationException("data/care-plan.yaml has no planSettings");

    /// <summary>
    /// The plan for an assessment, moved forward by <paramref name="progress"/> when given. Durations are
    /// as of now: the assessment's duration plus <paramref name="daysSinceAssessment"/> (or, without it,
    /// the span of the diary behind <paramref name="progress"/>), so a reason never states a stale duration.
    /// </summary>
    public PlanOutcome Build(PlanInput input, ProgressResult? progress = null, int? daysSinceAssessment = null)
    {
        var elapsedDays = daysSinceAssessment ?? (progress?.Expected is { } course ? (int)Math.Round(course.WeeksSinceBaseline * 7) : 0);
        if (elapsedDays > 0 && input.DurationWeeks is >= 0 and <= 5200) input = input with { DurationWeeks = Math.Min(5200, input.DurationWeeks + (elapsedDays / 7)) };
        var errors = ImmutableArray.CreateBuilder<ValidationError>();
        if (input.DurationWeeks is < 0 or > 5200) errors.Add(ValidationError.OutOfRange("durationWeeks", $"is {input.DurationWeeks}; allowed 0-5200"));
        if (input.Sleep?.Quality is < 0 or > 10) errors.Add(ValidationError.OutOfRange("sleep.quality", $"is {input.Sleep.Quality}; allowed 0-10"));
        if (input.Sleep?.HoursPerNight is < 0 or > 24) errors.Add(ValidationError.OutOfRange("sleep.hoursPerNight", $"is {input.Sleep.HoursPerNight}; allowed 0-24"));
        if (input.Preferences.TimePerDayMinutes is < 0 or > 600) errors.Add(ValidationError.OutOfRange("preferences.timePerDayMinutes", $"is {input.Preferences.TimePerDayMinutes}; allowed 0-600"));

        // A PHQ-9 item-9 answer above 0 is the same safety signal as reporting self-harm thoughts (same day).
        var findings = input.Findings;
        if (input.Answers.TryGetValue("phq9", out var phq9) && phq9.Length == 9 && phq9[8] > 0 && !findings.Contains("self_harm_thoughts"))
        {
            findings = findings.Add("self_harm_thoughts");
        }

        var triage = TriageEngine.Evaluate(evidence, new TriageInput(input.Age, input.DurationWeeks * 7, findings));
        errors.AddRange(triage.Errors);

        var scores = ImmutableDictionary.CreateBuilder<string, InstrumentScore>();
        foreach (var (id, answers) in input.Answers)
        {
            var instrument = evidence.Instrument(id);
            if (instrument is null)
            {
                errors.Add(ValidationError.Unknown($"answers.{id}", $"unknown instrument; allowed: {string.Join(", ", evidence.Instruments.Select(i => i.Id))}"));
                continue;
            }

            var outcome = InstrumentScorer.Score(instrument, answers.AsSpan());
            if (outcome.Score is null) errors.Add(new ValidationError($"answers.{id}", outcome.Errors[0].Code, string.Join("; ", outcome.Errors.Select(x => x.Message))));
            else scores[id] = outcome.Score;
        }

        var medicationInput = new MedicationCheckInput(input.Age, null, input.Pregnant, input.Breastfeeding, input.Alcohol,
            MedicationChecker.LowBackPain, input.Conditions, input.Medications);
        errors.AddRange(medicationChecker.Validate(medicationInput));
        if (errors.Count > 0) return new PlanOutcome(null, errors.ToImmutable());

        var meds = input.Medications.IsEmpty ? null : medicationChecker.Check(medicationInput);
        var plan = Compose(input, triage.Result!, scores.ToImmutable(), meds);
        if (progress is not null) plan = Advance(plan, input, progress);
        return new PlanOutcome(plan, []);
    }

    /// <summary>Evaluates the plan rules of data/care-plan.yaml in order; a rule with <c>stop</c> ends the plan there.</summary>
    private CarePlan Compose(PlanInput input, TriageResult triage, ImmutableDictionary<string, InstrumentScore> scores, MedicationCheckResult? meds)
    {
        var facts = new PlanFacts(evidence, input, triage, scores, meds, Settings, evidence.PlanTexts);
        var schedules = new PlanSchedules(evidence);
        var steps = new List<PlanStep>();
        var stopped = false;
        foreach (var rule in evidence.PlanRules)
        {
            if (!rule.When.Matches(facts, steps)) continue;
            if (rule.Step is { } stepId)
            {
                var template = evidence.PlanStep(stepId);
                var sources = template.Detail.Sources.Concat(rule.Sources).Concat(ExtraSources(rule.AddSources, facts)).Distinct(StringComparer.Ordinal);
                steps.Add(new PlanStep(template.Id, template.Category, template.Title, template.Detail.Text, facts.Fill(rule.Reason ?? ""),
                    [.. sources], schedules.For(rule.Schedule, facts), rule.RuleName));
            }

            if (rule.Stop)
            {
                stopped = true;
                break;
            }
        }

        var s = Settings;
        var reviewDays = stopped
            ? triage.Disposition == Disposition.Emergency ? s.ReviewDaysEmergency : s.ReviewDaysSameDay
            : facts.CrisisKind is not null ? s.ReviewDaysSameDay
            : triage.Disposition == Disposition.Soon ? s.ReviewDaysSoon
            : facts.Risk is "medium" or "high" ? s.ReviewDaysHigherRisk : s.ReviewDaysLowRisk;
        return Finish(triage, scores, meds, facts.Risk, steps, reviewDays);
    }

    private static IEnumerable<string> ExtraSources(string? kind, PlanFacts f) => kind switch
    {
        "flag" => f.Triage.Flags[0].Sources,
        "urgent_flag" => f.UrgentFlag!.Sources,
        "other_flags" => f.OtherFlags.SelectMany(x => x.Sources),
        "startback" => f.StartBack!.Sources,
        "distress_scores" => (f.Anxious ? f.Scores["gad7"].Sources : []).Concat(f.LowMood ? f.Scores["phq9"].Sources : []),
        "medication_findings" => f.RelevantFindings.SelectMany(x => x.Sources),
        _ => [],
    };

    private CarePlan Finish(TriageResult triage, ImmutableDictionary<string, InstrumentScore> scores, MedicationCheckResult? meds,
        string? risk, List<PlanStep> steps, int reviewDays)
    {
        // Reassess with PEG and STarT Back always, and with the other questionnaires that were answered.
        var reassess = new List<string> { "peg", "startback" };
        reassess.AddRange(OptionalReassessment.Where(scores.ContainsKey));
        var safety = evidence.PlanSafetyNet.Select(n => new SafetyNetItem(n.Text, n.Sources)).ToImmutableArray();
        return new CarePlan(triage.Disposition, risk, [.. steps], new FollowUp(reviewDays, [.. reassess]), safety, triage, scores, meds, []);
    }

    /// <summary>
    /// Moves the plan forward with diary progress: progresses exercise when on track; adds a review
    /// (soon when pain is worsening) when progress says to escalate. Says what changed and why.
    /// </summary>
    private CarePlan Advance(CarePlan plan, PlanInput input, ProgressResult progress)
    {
        if (plan.Disposition is Disposition.Emergency or Disposition.Urgent) return plan;
        var texts = evidence.PlanTexts;
        var steps = plan.Steps.ToList();
        var changes = new List<PlanChange>();
        var reasons = string.Join(" ", progress.Reasons.Select(r => r.Text));
        if (progress.Escalate)
        {
            var id = progress.ClinicallyImportantWorsening || progress.Trend == "worsening" ? "clinician_review_soon" : "clinician_review_routine";
            if (!steps.Any(s => s.Category == "clinician_review"))
            {
                var template = evidence.PlanStep(id);
                var step = new PlanStep(template.Id, template.Category, template.Title, template.Detail.Text, reasons,
                    [.. template.Detail.Sources.Concat(progress.Reasons.SelectMany(r => r.Sources)).Distinct(StringComparer.Ordinal)], null, "progress_escalate");
                steps.Insert(steps.FindIndex(s => s.Category is not ("emergency" or "crisis" or "urgent_care")), step);
                changes.Add(new PlanChange(id, "added", reasons));
            }
        }
        else if (progress.OnTrack)
        {
            var factor = 1 + (Settings.WalkingIncreasePercent / 100.0);
            for (var i = 0; i < steps.Count; i++)
            {
                if (steps[i].Schedule is not { } schedule || steps[i].Category != "exercise") continue;
                var progressed = schedule.Activities.Select(a => a.Technique == "walking_programme"
                    ? a with { Minutes = (int)Math.Ceiling(a.Minutes * factor) }
                    : a).ToImmutableArray();
                steps[i] = steps[i] with { Schedule = schedule with { Activities = progressed, MinutesPerDay = progressed.Sum(a => a.Minutes) } };
                var facts = new PlanFacts(evidence, input, plan.Triage, plan.Scores, plan.Medications, Settings, texts);
                changes.Add(new PlanChange(steps[i].Id, "progressed", facts.Fill(texts["progressed"], new Dictionary<string, string> { ["progressReasons"] = reasons })));
            }
        }

        foreach (var step in plan.Steps.Where(s => changes.All(c => c.StepId != s.Id)))
        {
            changes.Add(new PlanChange(step.Id, "unchanged", progress.Escalate ? texts["keptForReview"] : texts["kept"]));
        }

        return plan with { Steps = [.. steps], Changes = [.. changes] };
    }
}
