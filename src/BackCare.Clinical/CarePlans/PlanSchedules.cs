using System.Collections.Immutable;
using BackCare.Clinical.Evidence;

namespace BackCare.Clinical.CarePlans;

/// <summary>
/// Weekly schedules for plan steps, built from the techniques in data/techniques.yaml and the time the person has.
/// Day patterns are layout, not clinical rules: walking every day, other exercises on weekdays, the longer
/// relaxation practice three times a week, the sleep routine every evening.
/// </summary>
internal sealed class PlanSchedules(EvidenceBase evidence)
{
    private static readonly string[] Week = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    private static readonly string[] FiveDays = ["mon", "tue", "wed", "thu", "fri"];
    private static readonly string[] ThreeDays = ["mon", "wed", "fri"];
    private static readonly string[] TwoDays = ["tue", "sat"];

    /// <summary>The default order when preferences leave time over.</summary>
    private static readonly string[] DefaultExercises = ["walking_programme", "cat_camel", "bridge", "bird_dog", "pelvic_tilt", "knee_to_chest", "gentle_yoga"];

    public StepSchedule? For(string? kind, PlanFacts facts) => kind switch
    {
        null => null,
        "exercise" => Exercise(facts),
        "relaxation" => Relaxation(facts),
        "mind_body" => new StepSchedule(TwoDays.Length, Minutes("gentle_yoga"), [Activity("gentle_yoga", Minutes("gentle_yoga"), TwoDays)], facts.Texts["scheduleMindBody"]),
        "sleep_routine" => new StepSchedule(Week.Length, Minutes("sleep_routine_guide"), [Activity("sleep_routine_guide", Minutes("sleep_routine_guide"), Week)], facts.Texts["scheduleSleep"]),
        "medication_review" => new StepSchedule(1, 0, [], facts.ReviewWhen),
        _ => throw new InvalidOperationException($"unknown schedule kind '{kind}'"),
    };

    /// <summary>Exercises chosen by preference first, then the default order, to fit the daily time budget.</summary>
    private StepSchedule Exercise(PlanFacts facts)
    {
        var budget = Math.Max(facts.Settings.ExerciseMinutesAtLeast, facts.MinutesPerDay - facts.RelaxationMinutes);
        // For each preferred activity its main technique first (gentle yoga for "yoga", the walking programme for
        // "walking"), then techniques where it is a secondary tag, then the defaults.
        var preferred = facts.Input.Preferences.Activities
            .SelectMany((activity, order) => evidence.Techniques
                .Where(t => t.Kind == TechniqueKind.Exercise && t.Activities.Contains(activity))
                .Select(t => (t.Id, Rank: t.Activities.IndexOf(activity), Order: order)))
            .OrderBy(x => x.Rank).ThenBy(x => x.Order)
            .Select(x => x.Id);

        var chosen = new List<ScheduledActivity>();
        var used = 0;
        foreach (var id in preferred.Concat(DefaultExercises).Distinct())
        {
            var minutes = Minutes(id);
            if (used + minutes > budget) continue;
            used += minutes;
            chosen.Add(Activity(id, minutes, id == "walking_programme" ? Week : FiveDays));
        }

        if (chosen.Count == 0) chosen.Add(Activity("cat_camel", Minutes("cat_camel"), FiveDays));
        return new StepSchedule(chosen.Max(c => c.Days.Length), chosen.Sum(c => c.Minutes), [.. chosen], null);
    }

    private StepSchedule Relaxation(PlanFacts facts)
    {
        var breathing = facts.RelaxationMinutes >= facts.Settings.PacedBreathingFromMinutes ? "paced_breathing" : "diaphragmatic_breathing";
        var body = facts.Anxious ? "progressive_muscle_relaxation" : "body_scan";
        return new StepSchedule(Week.Length, Minutes(breathing), [Activity(breathing, Minutes(breathing), Week), Activity(body, Minutes(body), ThreeDays)],
            facts.Texts["scheduleRelaxation"]);
    }

    private int Minutes(string technique) => ((Technique)evidence.Find(technique)!).DurationMinutes;

    private ScheduledActivity Activity(string id, int minutes, string[] days) => new(id, ((Technique)evidence.Find(id)!).Name, minutes, [.. days]);
}
