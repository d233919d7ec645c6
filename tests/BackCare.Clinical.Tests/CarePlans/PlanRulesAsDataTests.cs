using System.Collections.Immutable;
using System.Text.RegularExpressions;
using BackCare.Clinical.CarePlans;
using BackCare.Clinical.Evidence;
using BackCare.Clinical.Evidence.Loading;
using BackCare.Clinical.Medications;

namespace BackCare.Clinical.Tests.CarePlans;

/// <summary>
/// The care plan is one hop from screen text to rule (data/care-plan.yaml planRules, planTexts, planSettings) and
/// one more to its citation (issue 12): editing the data moves the sentence, and the engine holds no patient text.
/// </summary>
public sealed partial class PlanRulesAsDataTests
{
    private static PlanInput Person(int weeks) =>
        new(40, weeks, [], ImmutableSortedDictionary<string, ImmutableArray<int?>>.Empty, null, [], [], false, false, false, new PlanPreferences([], null, null));

    private static EvidenceBase Edited(string from, string to)
    {
        var files = EmbeddedEvidence.Files().Select(f => f.Path == "data/care-plan.yaml"
            ? new EvidenceFile(f.Path, f.Content.Replace(from, to, StringComparison.Ordinal))
            : f).ToList();
        files.Single(f => f.Path == "data/care-plan.yaml").Content.ShouldContain(to);
        var result = EvidenceLoader.Load(files);
        result.IsValid.ShouldBeTrue(string.Join("; ", result.Problems));
        return result.Base!;
    }

    [Fact]
    public void Editing_the_chronic_threshold_in_a_copy_of_the_data_moves_the_rule_and_its_sentence()
    {
        var edited = Edited("chronicWeeksOver: 12", "chronicWeeksOver: 8");
        var engine = new CarePlanEngine(edited, new MedicationChecker(edited, new MedicationRecognizer(edited)));

        var tenWeeks = engine.Build(Person(10)).Plan!;
        tenWeeks.Steps.ShouldNotContain(s => s.Id == "heat_for_pain", "10 weeks is now chronic");
        tenWeeks.Steps.Single(s => s.Id == "structured_exercise_chronic").Reason.ShouldContain("more than 8 weeks");

        engine.Build(Person(6)).Plan!.Steps.Single(s => s.Id == "heat_for_pain").Reason.ShouldContain("in the first 8 weeks");
        CarePlanEngine.Default.Build(Person(10)).Plan!.Steps.Single(s => s.Id == "heat_for_pain").Reason.ShouldContain("in the first 12 weeks");
    }

    [Fact]
    public void Editing_a_reason_template_in_the_data_changes_what_the_person_reads()
    {
        var edited = Edited("Staying active helps recovery; bed rest does not.", "Keep moving: rest in bed slows recovery.");
        var plan = new CarePlanEngine(edited, new MedicationChecker(edited, new MedicationRecognizer(edited))).Build(Person(2)).Plan!;
        plan.Steps.Single(s => s.Id == "keep_active").Reason.ShouldBe("Keep moving: rest in bed slows recovery.");
    }

    [Fact]
    public void A_reason_with_an_unknown_placeholder_or_a_rule_for_an_unknown_step_is_refused()
    {
        var files = EmbeddedEvidence.Files().Select(f => f.Path == "data/care-plan.yaml"
            ? new EvidenceFile(f.Path, f.Content
                .Replace("Your pain has lasted {duration};", "Your pain has lasted {durationInDays};", StringComparison.Ordinal)
                .Replace("step: keep_active,", "step: keep_moving,", StringComparison.Ordinal))
            : f);
        var problems = EvidenceLoader.Load(files).Problems;
        problems.ShouldContain(p => p.Message.Contains("{durationInDays}", StringComparison.Ordinal));
        problems.ShouldContain(p => p.Message.Contains("unknown plan step 'keep_moving'", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_plan_step_is_chosen_by_some_rule_and_every_rule_names_its_sources()
    {
        var evidence = EmbeddedEvidence.Default;
        var stepped = evidence.PlanRules.Where(r => r.Step is not null).ToList();
        stepped.ShouldAllBe(r => r.Sources.Length > 0);
        foreach (var step in evidence.PlanSteps.Where(s => s.Category != "clinician_review"))
        {
            stepped.ShouldContain(r => r.Step == step.Id, $"no rule chooses {step.Id}");
        }
    }

    /// <summary>No sentence a person reads and no clinical threshold is written in the care-plan engine files.</summary>
    [Fact]
    public void The_care_plan_code_holds_no_patient_sentences()
    {
        var folder = Path.Combine(RepoPaths.Root, "src", "BackCare.Clinical", "CarePlans");
        var files = Directory.GetFiles(folder, "*.cs");
        files.Length.ShouldBeGreaterThanOrEqualTo(8);
        var found = new List<string>();
        foreach (var file in files)
        {
            foreach (var (line, number) in File.ReadAllLines(file).Select((l, i) => (l, i + 1)))
            {
                if (line.TrimStart().StartsWith("//", StringComparison.Ordinal) || line.Contains("Exception(", StringComparison.Ordinal)) continue;
                foreach (Match literal in Literal().Matches(line))
                {
                    var text = literal.Groups[1].Value;
                    // A sentence: three or more words of letters, not an input-error message ("is {x}; allowed ...").
                    if (Words().Count(text) >= 3 && !text.StartsWith("is ", StringComparison.Ordinal) && !text.Contains("allowed", StringComparison.Ordinal))
                    {
                        found.Add($"{Path.GetFileName(file)}:{number}: \"{text}\"");
                    }
                }
            }
        }

        found.ShouldBeEmpty();
        File.ReadAllLines(Path.Combine(folder, "CarePlanEngine.cs")).Length.ShouldBeLessThan(200);
        File.ReadAllLines(Path.Combine(folder, "ProgressEngine.cs")).Length.ShouldBeLessThan(200);
    }

    [GeneratedRegex("\\$?\"((?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex Literal();

    [GeneratedRegex("\\b[a-z]{3,}\\b")]
    private static partial Regex Words();
}
