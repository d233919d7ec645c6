using System.Collections.Immutable;
using BackCare.Clinical.Common;
using System.Globalization;
using BackCare.Clinical.Assessment;
using BackCare.Clinical.Evidence;
using BackCare.Clinical.Medications;
using BackCare.Clinical.Triage;

namespace BackCare.Clinical.CarePlans;

public sealed record PlanOutcome(CarePlan? Plan, ImmutableArray<InputError> Errors);

/// <summary>
/// Builds a care plan from an assessment (rules in docs/clinical/care-plans.md): red flags and crisis
/// first; then stratified care by STarT Back risk (Hill 2011, NICE NG59); psychological support and
/// relaxation for GAD-7 or PHQ-9 of 10 or more; a sleep routine for poor sleep; exercise therapy and
/// mind-body options for chronic pain; a medication review when the medication check has findings.
/// Pure and deterministic: the same input always gives the same plan. Never suggests starting a drug.
/// </summary>
public sealed class CarePlanEngine(EvidenceBase evidence, MedicationChecker medicationChecker)
{
    private static readonly string[] Week = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    private static readonly string[] FiveDays = ["mon", "tue", "wed", "thu", "fri"];
    private static readonly string[] ThreeDays = ["mon", "wed", "fri"];

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
        var errors = ImmutableArray.CreateBuilder<InputError>();
        if (input.DurationWeeks is < 0 or > 5200) errors.Add(new("durationWeeks", $"is {input.DurationWeeks}; allowed 0-5200"));
        if (input.Sleep?.Quality is < 0 or > 10) errors.Add(new("sleep.quality", $"is {input.Sleep.Quality}; allowed 0-10"));
        if (input.Sleep?.HoursPerNight is < 0 or > 24) errors.Add(new("sleep.hoursPerNight", $"is {input.Sleep.HoursPerNight}; allowed 0-24"));
        if (input.Preferences.TimePerDayMinutes is < 0 or > 600) errors.Add(new("preferences.timePerDayMinutes", $"is {input.Preferences.TimePerDayMinutes}; allowed 0-600"));

        // A PHQ-9 item-9 answer above 0 is the same safety signal as reporting self-harm thoughts (same day).
        var findings = input.Findings;
        if (input.Answers.TryGetValue("phq9", out var phq9) && phq9.Length == 9 && phq9[8] > 0 && !findings.Contains("self_harm_thoughts"))
        {
            findings = findings.Add("self_harm_thoughts");
        }

        var triage = TriageEngine.Evaluate(evidence, new TriageInput(input.Age, input.DurationWeeks * 7, findings));
        foreach (var e in triage.Errors) errors.Add(new(e.Field, e.Message));

        var scores = ImmutableDictionary.CreateBuilder<string, InstrumentScore>();
        foreach (var (id, answers) in input.Answers.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            var instrument = evidence.Instrument(id);
            if (instrument is null)
            {
                errors.Add(new($"answers.{id}", $"unknown instrument; allowed: {string.Join(", ", evidence.Instruments.Select(i => i.Id))}"));
                continue;
            }

            var outcome = InstrumentScorer.Score(instrument, answers.AsSpan());
            if (outcome.Score is null) errors.Add(new($"answers.{id}", string.Join("; ", outcome.Errors.Select(x => x.Message))));
            else scores[id] = outcome.Score;
        }

        var medicationInput = new MedicationCheckInput(input.Age, null, input.Pregnant, input.Breastfeeding, input.Alcohol,
            MedicationChecker.LowBackPain, input.Conditions, input.Medications);
        foreach (var e in medicationChecker.Validate(medicationInput)) errors.Add(new(e.Field, e.Message));
        if (errors.Count > 0) return new PlanOutcome(null, errors.ToImmutable());

        var meds = input.Medications.IsEmpty ? null : medicationChecker.Check(medicationInput);
        var plan = Compose(input, triage.Result!, scores.ToImmutable(), meds);
        if (progress is not null) plan = Advance(plan, input, progress);
        return new PlanOutcome(plan, []);
    }

    private CarePlan Compose(PlanInput input, TriageResult triage, ImmutableDictionary<string, InstrumentScore> scores, MedicationCheckResult? meds)
    {
        var s = Settings;
        var steps = new List<PlanStep>();
        var startBack = scores.GetValueOrDefault("startback");
        var risk = startBack?.Band;
        var crisis = triage.Crisis || scores.GetValueOrDefault("phq9")?.SelfHarmRisk == true;
        var flagText = string.Join("; ", triage.Flags.Select(f => evidence.Finding(f.Code)?.Label ?? f.Code));

        if (triage.Disposition == Disposition.Emergency)
        {
            steps.Add(Step("emergency_now", $"You reported warning signs that need emergency care: {flagText}. {triage.Flags[0].Reason}",
                "disposition_emergency", triage.Flags[0].Sources));
        }

        if (crisis)
        {
            var why = scores.GetValueOrDefault("phq9")?.SelfHarmRisk == true
                ? "You answered the last PHQ-9 question (thoughts of being better off dead or of hurting yourself) with more than 'not at all'."
                : "You told us about thoughts of harming yourself.";
            steps.Add(Step("crisis_talk_today", why + " That always comes first.", "self_harm_crisis", []));
        }

        // Same-day care for a red flag (not the self-harm flag, which the crisis step covers).
        var urgentFlag = triage.Flags.FirstOrDefault(f => f.Urgency == Disposition.Urgent && !f.Crisis);
        if (triage.Disposition == Disposition.Urgent && urgentFlag is not null)
        {
            steps.Add(Step("urgent_same_day", $"You reported: {flagText}. {urgentFlag.Reason}", "disposition_urgent", urgentFlag.Sources));
        }

        if (triage.Disposition == Disposition.Emergency || urgentFlag is not null)
        {
            // What to do now replaces the self-care plan.
            return Finish(input, triage, scores, meds, risk, steps, triage.Disposition == Disposition.Emergency ? 0 : 1);
        }

        // Soon or routine review for the red flags that are not crisis flags (their own urgency decides).
        var nonCrisis = triage.Flags.Where(f => !f.Crisis).ToList();
        if (nonCrisis.Count > 0)
        {
            var soon = nonCrisis[0].Urgency <= Disposition.Soon;
            steps.Add(Step(soon ? "clinician_review_soon" : "clinician_review_routine", string.Join(" ", nonCrisis.Select(f => f.Reason).Distinct()),
                soon ? "disposition_soon" : "disposition_routine", [.. nonCrisis.SelectMany(f => f.Sources).Distinct()]));
        }

        steps.Add(Step("understand_back_pain", risk switch
        {
            "low" => "Your STarT Back result is low risk: reassurance, advice and self-management are the matched care, and most people in this group do well.",
            null => "Understanding back pain is the first step of care in every guideline.",
            _ => "Understanding back pain is the first step of care in every guideline, whatever the risk group.",
        }, "always_education", startBack is null ? [] : ["hill_2011"]));
        steps.Add(Step("keep_active", "Staying active helps recovery; bed rest does not.", "always_stay_active", []));

        var minutes = input.Preferences.TimePerDayMinutes ?? s.DefaultMinutesPerDay;
        var anxious = scores.GetValueOrDefault("gad7")?.Score >= s.PsychologicalSupportGad7AtLeast;
        var lowMood = scores.GetValueOrDefault("phq9")?.Score >= s.PsychologicalSupportPhq9AtLeast;
        var relaxationMinutes = anxious || lowMood ? Math.Min(10, Math.Max(5, minutes / 3)) : 0;

        if (input.DurationWeeks <= s.ChronicWeeksOver)
        {
            steps.Add(Step("heat_for_pain", $"Your pain has lasted {Weeks(input.DurationWeeks)}; superficial heat has moderate-quality evidence in the first {s.ChronicWeeksOver} weeks.", "acute_subacute_heat", []));
        }

        var physio = input.Preferences.AccessToPhysiotherapy != false;
        switch (risk)
        {
            case "medium":
                steps.Add(physio
                    ? Step("physiotherapy_exercise", $"Your STarT Back result is medium risk (total {startBack!.Score:0}): physical factors are holding recovery back, and physiotherapy-led exercise is the matched treatment (Hill 2011).", "startback_medium", startBack.Sources)
                    : Step("self_guided_exercise", $"Your STarT Back result is medium risk (total {startBack!.Score:0}), which is usually matched with physiotherapy; as you said you cannot see a physiotherapist, this home programme is the next best step.", "startback_medium_no_physio", startBack.Sources,
                        ExerciseSchedule(input, minutes - relaxationMinutes)));
                break;
            case "high":
                steps.Add(physio
                    ? Step("psychologically_informed_physiotherapy", $"Your STarT Back result is high risk (psychosocial score {startBack!.PsychosocialScore} of 5): worry, fear and low mood are holding recovery back, and psychologically informed physiotherapy is the matched treatment (Hill 2011).", "startback_high", startBack.Sources)
                    : Step("psychological_support", $"Your STarT Back result is high risk (psychosocial score {startBack!.PsychosocialScore} of 5), which is usually matched with psychologically informed physiotherapy; without access to physiotherapy, psychological support is the next best step.", "startback_high_no_physio", startBack.Sources));
                break;
        }

        var chronic = input.DurationWeeks > s.ChronicWeeksOver;
        if (chronic)
        {
            steps.Add(Step("structured_exercise_chronic", $"Your pain has lasted {Weeks(input.DurationWeeks)}, more than {s.ChronicWeeksOver} weeks: exercise therapy is first-line care for chronic low back pain.", "chronic_exercise", [],
                ExerciseSchedule(input, minutes - relaxationMinutes)));
            var options = MindBodyOptions(input.Preferences.Activities);
            steps.Add(Step("mind_body_option", options.Reason, "chronic_mind_body", options.Sources, options.Schedule));
        }
        else if (!steps.Any(x => x.Category == "exercise"))
        {
            steps.Add(Step("self_guided_exercise", "A few minutes of gentle movement most days helps you keep active while your back recovers.", "self_management_exercise", [],
                ExerciseSchedule(input, minutes - relaxationMinutes)));
        }

        if ((anxious || lowMood) && !steps.Any(x => x.Id == "psychological_support"))
        {
            var parts = new List<string>();
            if (anxious) parts.Add($"your GAD-7 anxiety score is {scores["gad7"].Score:0} ({scores["gad7"].Band})");
            if (lowMood) parts.Add($"your PHQ-9 mood score is {scores["phq9"].Score:0} ({scores["phq9"].Band!.Replace('_', ' ')})");
            steps.Add(Step("psychological_support", $"Because {string.Join(" and ", parts)}, at or above the level where further help is recommended.", "gad7_or_phq9_at_least_10",
                [.. (anxious ? scores["gad7"].Sources : []).Concat(lowMood ? scores["phq9"].Sources : []).Distinct()]));
        }

        if (anxious || lowMood)
        {
            steps.Add(Step("relaxation_practice", "Anxiety and low mood feed pain and poor sleep; a daily relaxation practice is a simple way to break that loop.", "gad7_or_phq9_at_least_10",
                [], RelaxationSchedule(relaxationMinutes, anxious)));
        }

        if (input.Sleep is { } sleep && PoorSleep(sleep, s) is { } sleepReason)
        {
            steps.Add(Step("improve_sleep", sleepReason, "poor_sleep", [], new StepSchedule(7, 10,
                [Activity("sleep_routine_guide", 10, Week)], "every evening")));
        }

        if (meds is not null && MedicationReview(meds) is { } review) steps.Add(review);
        steps.Add(Step("daily_check_in", "A daily record shows whether you are recovering as expected and when to see someone.", "always_self_monitoring", []));

        var reviewDays = crisis ? 1 : triage.Disposition == Disposition.Soon ? 14 : risk is "medium" or "high" ? s.ReviewDaysHigherRisk : s.ReviewDaysLowRisk;
        return Finish(input, triage, scores, meds, risk, steps, reviewDays);
    }

    private CarePlan Finish(PlanInput input, TriageResult triage, ImmutableDictionary<string, InstrumentScore> scores, MedicationCheckResult? meds,
        string? risk, List<PlanStep> steps, int reviewDays)
    {
        var reassess = new List<string> { "peg", "startback" };
        foreach (var id in new[] { "gad7", "phq9", "rmdq" })
        {
            if (scores.ContainsKey(id)) reassess.Add(id);
        }

        var safety = new List<SafetyNetItem>();
        var selfCare = evidence.DispositionAdvice(Disposition.SelfCare).Advice;
        safety.Add(new SafetyNetItem("Get help at once if you develop numbness between your legs or around your bottom, new bladder or bowel problems, weakness in both legs, or a fever with back pain.", selfCare.Sources));
        var crisisNet = evidence.SafetyMessages["crisis_anytime"];
        safety.Add(new SafetyNetItem(SafetyMessages.Fill(evidence, "crisis_anytime", SafetyContactWords.Generic), crisisNet.Sources));
        safety.Add(new SafetyNetItem("If your pain is getting worse, or not clearly better after about six weeks, book a review: most improvement usually happens by then.", ["costa_2012"]));
        return new CarePlan(triage.Disposition, risk, [.. steps], new FollowUp(reviewDays, [.. reassess]), [.. safety], triage, scores, meds, []);
    }

    private PlanStep Step(string templateId, string reason, string rule, IEnumerable<string> extraSources, StepSchedule? schedule = null)
    {
        var template = evidence.PlanStep(templateId);
        var sources = template.Detail.Sources.Concat(extraSources).Distinct(StringComparer.Ordinal).ToImmutableArray();
        return new PlanStep(template.Id, template.Category, template.Title, template.Detail.Text, reason, sources, schedule, rule);
    }

    private static string Weeks(int weeks) => weeks == 1 ? "1 week" : $"{weeks} weeks";

    private static string? PoorSleep(SleepReport sleep, PlanSettings s)
    {
        var reasons = new List<string>();
        if (sleep.HoursPerNight is { } h && h < s.PoorSleepHoursBelow) reasons.Add($"you sleep about {h.ToString("0.#", CultureInfo.InvariantCulture)} hours a night (under {s.PoorSleepHoursBelow})");
        if (sleep.HoursPerNight is { } h2 && h2 > s.PoorSleepHoursAbove) reasons.Add($"you sleep about {h2.ToString("0.#", CultureInfo.InvariantCulture)} hours a night (over {s.PoorSleepHoursAbove})");
        if (sleep.Quality is { } q && q <= s.PoorSleepQualityAtMost) reasons.Add($"you rate your sleep {q} out of 10");
        return reasons.Count == 0 ? null : $"Because {string.Join(" and ", reasons)}: short or long sleep is followed by more pain the next day.";
    }

    private PlanStep? MedicationReview(MedicationCheckResult meds)
    {
        var relevant = meds.Findings.Where(f => f.Severity <= Severity.Moderate || f.Kind == FindingKind.Unrecognized).ToList();
        if (relevant.Count == 0) return null;
        var worst = relevant.Min(f => f.Severity);
        var when = worst switch
        {
            Severity.Critical => "today",
            Severity.Major => "within the next few days",
            Severity.Moderate => "at your next appointment",
            _ => "when you next see them",
        };
        var top = relevant.Where(f => f.Kind != FindingKind.Unrecognized).Take(3).Select(f => f.Summary).ToList();
        var unrecognized = relevant.Count(f => f.Kind == FindingKind.Unrecognized);
        var reason = $"The medication check found {relevant.Count} point(s) to discuss, the most serious {Loading(worst)}. " +
            string.Join(" ", top) + (unrecognized > 0 ? $" {unrecognized} medicine(s) could not be recognised and were not checked." : "") +
            $" Talk to your prescriber or pharmacist {when}.";
        return Step("medication_review", reason, "medication_findings", relevant.SelectMany(f => f.Sources).Distinct(),
            new StepSchedule(1, 0, [], when));
    }

    private static string Loading(Severity severity) => severity switch
    {
        Severity.Critical => "critical",
        Severity.Major => "major",
        Severity.Moderate => "moderate",
        _ => "minor",
    };

    /// <summary>Exercises chosen by preference first, then the default order, to fit the daily time budget.</summary>
    private StepSchedule ExerciseSchedule(PlanInput input, int budget)
    {
        budget = Math.Max(5, budget);
        // For each preferred activity its main technique first (gentle yoga for "yoga", the walking
        // programme for "walking"), then techniques where it is a secondary tag, then the defaults.
        var preferred = input.Preferences.Activities
            .SelectMany((activity, order) => evidence.Techniques
                .Where(t => t.Kind == TechniqueKind.Exercise && t.Activities.Contains(activity))
                .Select(t => (t.Id, Rank: t.Activities.IndexOf(activity), Order: order)))
            .OrderBy(x => x.Rank).ThenBy(x => x.Order)
            .Select(x => x.Id)
            .ToList();

        string[] defaults = ["walking_programme", "cat_camel", "bridge", "bird_dog", "pelvic_tilt", "knee_to_chest", "gentle_yoga"];
        var chosen = new List<ScheduledActivity>();
        var used = 0;
        foreach (var id in preferred.Concat(defaults).Distinct())
        {
            var technique = (Technique)evidence.Find(id)!;
            if (used + technique.DurationMinutes > budget) continue;
            used += technique.DurationMinutes;
            chosen.Add(Activity(id, technique.DurationMinutes, id == "walking_programme" ? Week : FiveDays));
        }

        if (chosen.Count == 0) chosen.Add(Activity("cat_camel", 3, FiveDays));
        return new StepSchedule(chosen.Max(c => c.Days.Length), chosen.Sum(c => c.Minutes), [.. chosen], null);
    }

    private StepSchedule RelaxationSchedule(int minutes, bool anxious)
    {
        var breathing = minutes >= 10 ? "paced_breathing" : "diaphragmatic_breathing";
        var breathingMinutes = ((Technique)evidence.Find(breathing)!).DurationMinutes;
        var pmr = (Technique)evidence.Find(anxious ? "progressive_muscle_relaxation" : "body_scan")!;
        return new StepSchedule(7, breathingMinutes, [Activity(breathing, breathingMinutes, Week), Activity(pmr.Id, pmr.DurationMinutes, ThreeDays)], "daily, and when pain or worry builds");
    }

    private (string Reason, IEnumerable<string> Sources, StepSchedule? Schedule) MindBodyOptions(ImmutableArray<string> activities)
    {
        var wanted = new List<string>();
        if (activities.Contains("yoga")) wanted.Add("yoga (Sherman 2011; Saper 2017)");
        if (activities.Contains("tai_chi")) wanted.Add("tai chi (Hall 2011)");
        if (activities.Contains("mindfulness") || activities.Contains("meditation")) wanted.Add("mindfulness-based stress reduction (Cherkin 2016)");
        var reason = wanted.Count > 0
            ? $"You said you like {string.Join(" and ", wanted)}: a guideline-supported option for chronic back pain."
            : "For chronic back pain, yoga, tai chi and mindfulness-based stress reduction are guideline-supported options; pick one that appeals to you.";
        var schedule = activities.Contains("yoga") ? new StepSchedule(2, 15, [Activity("gentle_yoga", 15, ["tue", "sat"])], "or a weekly class") : null;
        return (reason, activities.Contains("yoga") ? ["saper_2017"] : [], schedule);
    }

    private ScheduledActivity Activity(string id, int minutes, string[] days) =>
        new(id, ((Technique)evidence.Find(id)!).Name, minutes, [.. days]);

    /// <summary>
    /// Moves the plan forward with diary progress: progresses exercise when on track; adds a review
    /// (soon when pain is worsening) when progress says to escalate. Says what changed and why.
    /// </summary>
    private CarePlan Advance(CarePlan plan, PlanInput input, ProgressResult progress)
    {
        if (plan.Disposition is Disposition.Emergency or Disposition.Urgent) return plan;
        var steps = plan.Steps.ToList();
        var changes = new List<PlanChange>();
        var reasons = string.Join(" ", progress.Reasons.Select(r => r.Text));
        if (progress.Escalate)
        {
            var id = progress.ClinicallyImportantWorsening || progress.Trend == "worsening" ? "clinician_review_soon" : "clinician_review_routine";
            if (!steps.Any(s => s.Category == "clinician_review"))
            {
                var step = Step(id, reasons, "progress_escalate", progress.Reasons.SelectMany(r => r.Sources));
                steps.Insert(steps.FindIndex(s => s.Category is not ("emergency" or "crisis" or "urgent_care")), step);
                changes.Add(new PlanChange(id, "added", reasons));
            }
        }
        else if (progress.OnTrack)
        {
            for (var i = 0; i < steps.Count; i++)
            {
                if (steps[i].Schedule is not { } schedule || steps[i].Category != "exercise") continue;
                var progressed = schedule.Activities.Select(a => a.Technique == "walking_programme"
                    ? a with { Minutes = (int)Math.Ceiling(a.Minutes * 1.2) }
                    : a).ToImmutableArray();
                steps[i] = steps[i] with { Schedule = schedule with { Activities = progressed, MinutesPerDay = progressed.Sum(a => a.Minutes) } };
                changes.Add(new PlanChange(steps[i].Id, "progressed",
                    "You are on track, so the walking time goes up by about a fifth this week; keep the other exercises as they are. " + reasons));
            }
        }

        foreach (var step in plan.Steps.Where(s => changes.All(c => c.StepId != s.Id)))
        {
            changes.Add(new PlanChange(step.Id, "unchanged", progress.Escalate ? "Kept while you arrange the review." : "Kept as it is."));
        }

        return plan with { Steps = [.. steps], Changes = [.. changes] };
    }
}
