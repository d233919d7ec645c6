using System.Collections.Immutable;

namespace BackCare.Clinical.Assessment;

/// <summary>
/// The assessment's screens, in the order they are asked (red flags first), and the one merge of a screen's
/// answers into the saved assessment: each screen owns its parts and replaces them, nothing else.
/// </summary>
public static class AssessmentSteps
{
    public const string RedFlags = "redflags";
    public const string Done = "done";

    public static readonly ImmutableArray<string> All = ["redflags", "startback", "pain", "anxiety", "mood", "sleep", "medicines", "preferences"];

    /// <summary>The questionnaires each screen asks; an optional one left out is removed from the saved answers.</summary>
    private static readonly ImmutableDictionary<string, string[]> Instruments = new Dictionary<string, string[]>
    {
        ["startback"] = ["startback"],
        ["pain"] = ["nrs", "peg", "rmdq"],
        ["anxiety"] = ["gad7"],
        ["mood"] = ["phq9"],
    }.ToImmutableDictionary(StringComparer.Ordinal);

    public static int IndexOf(string step) => All.IndexOf(step);

    public static bool IsStep(string? step) => step is not null && All.Contains(step);

    /// <summary>The screen after <paramref name="step"/>, or <see cref="Done"/>.</summary>
    public static string After(string step) => IndexOf(step) + 1 is var next && next < All.Length ? All[next] : Done;

    /// <summary><paramref name="saved"/> with the parts that <paramref name="step"/> asks replaced by <paramref name="screen"/>'s.</summary>
    public static AssessmentV1 Merge(AssessmentV1 saved, string step, AssessmentV1 screen) => step switch
    {
        "redflags" => saved with { Age = screen.Age, DurationWeeks = screen.DurationWeeks, Findings = screen.Findings },
        "sleep" => saved with { Sleep = screen.Sleep },
        "medicines" => saved with
        {
            Medications = screen.Medications,
            Conditions = screen.Conditions,
            Alcohol = screen.Alcohol,
            Pregnant = screen.Pregnant,
            Breastfeeding = screen.Breastfeeding,
        },
        "preferences" => saved with { Preferences = screen.Preferences },
        _ when Instruments.TryGetValue(step, out var instruments) => saved with { Answers = MergeAnswers(saved, screen, instruments) },
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, "not an assessment screen"),
    };

    private static ImmutableSortedDictionary<string, ImmutableArray<int?>> MergeAnswers(AssessmentV1 saved, AssessmentV1 screen, string[] instruments)
    {
        var answers = saved.Answers;
        foreach (var instrument in instruments)
        {
            answers = screen.AnswersTo(instrument) is { } given ? answers.SetItem(instrument, given) : answers.Remove(instrument);
        }

        return answers;
    }
}
