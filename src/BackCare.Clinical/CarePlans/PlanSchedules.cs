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
        var chosen = new List<ScheduledActivity>();
        var used = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in Preferred(facts.Input.Preferences.Activities).Concat(DefaultExercises))
        {
            if (!seen.Add(id)) continue;
            var minutes = Minutes(id);
            if (used + minutes > budget) continue;
            used += minutes;
            chosen.Add(Activity(id, minutes, id == "walking_programme" ? Week : FiveDays));
        }

        if (chosen.Count == 0) chosen.Add(Activity("cat_camel", Minutes("cat_camel"), FiveDays));
        return new StepSchedule(chosen.Max(c => c.Days.Length), chosen.Sum(c => c.Minutes), [.. chosen], null);
    }

    /// <summary>
    /// For each preferred activity its main technique first (gentle yoga for "yoga", the walking programme for
    /// "walking"), then techniques where it is a secondary tag: by the activity's place among the technique's tags, then
    /// by the person's order of preferences, then in the order of data/techniques.yaml. A plain sort of small records,
    /// not LINQ over tuples, whose generic code a command-line start would compile afresh (docs/benchmarks.md).
    /// </summary>
    internal List<string> Preferred(ImmutableArray<string> activities)
    {
        var found = new List<PreferredTechnique>();
        for (var order = 0; order < activities.Length; order++)
        {
            foreach (var technique in evidence.Techniques)
            {
                var rank = technique.Kind == TechniqueKind.Exercise ? technique.Activities.IndexOf(activities[order]) : -1;
                if (rank >= 0) found.Add(new PreferredTechnique(technique.Id, rank, order, found.Count));
            }
        }

        found.Sort(static (a, b) => a.Rank != b.Rank ? a.Rank.CompareTo(b.Rank) : a.Order != b.Order ? a.Order.CompareTo(b.Order) : a.Found.CompareTo(b.Found));
        return found.ConvertAll(static p => p.Id);
    }

    private sealed record PreferredTechnique(string Id, int Rank, int Order, int Found);

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
