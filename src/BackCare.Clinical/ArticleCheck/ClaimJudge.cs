using System.Collections.Immutable;
using System.Globalization;
using BackCare.Clinical.Evidence;

namespace BackCare.Clinical.ArticleCheck;

/// <summary>
/// Decides a claim's verdict by comparing its frame with the evidence's frames, most specific subject first:
/// <list type="bullet">
/// <item>not checkable: a question, a personal story or advice to see someone;</item>
/// <item>contradicted: a statement about the same subject and outcome goes the other way (helps against no effect or
/// harms; no effect against helps, causes or harms; harms against helps; causes against no effect), and it cites at
/// least one source;</item>
/// <item>overstated: same direction, but the claim is emphatic ("cures", "highly effective") where the evidence is not
/// strong, said as plain fact where the evidence is limited, or says "causes" where the evidence shows only a link;</item>
/// <item>supported: same direction, as firmly as the evidence; a figure in the claim must appear in the statement;</item>
/// <item>unsupported (the default): no statement about it, the evidence is uncertain, or it does not say.</item>
/// </list>
/// </summary>
public static class ClaimJudge
{
    public const double BaseConfidence = 0.9;

    public static (ArticleVerdict Verdict, ImmutableArray<EvidenceClaim> Evidence, string Rule, string Explanation) Judge(
        ClaimFrame frame, string subject, EvidenceLookup lookup, EvidenceBase evidence)
    {
        string Cite(EvidenceClaim e) => evidence.Cite(e.Statement.Sources, ", ");

        if (frame.NotCheckableReason is { } reason)
        {
            return (ArticleVerdict.NotCheckable, [], "not_checkable", $"This sentence is {reason}; evidence cannot settle it.");
        }

        if (frame.Outcome is not { } outcome || frame.Direction is not { } direction)
        {
            var missing = frame.Outcome is null ? "what it affects" : "whether it helps or harms";
            return (ArticleVerdict.Unsupported, [], "incomplete_claim", $"The sentence names {subject} but not {missing}, so nothing can be compared.");
        }

        var said = Describe(subject, outcome, direction);
        var levels = lookup.Levels(frame.Subject, outcome).ToList();
        if (levels.Count == 0)
        {
            return (ArticleVerdict.Unsupported, [], "no_evidence", $"BackCare's evidence base has no statement about {subject} and {Outcome(outcome)}, so it cannot back the claim that {said}.");
        }

        var candidates = levels[0];
        if (frame.Population is { } population && candidates.All(e => !e.Populations.IsEmpty && !e.Populations.Contains(population)))
        {
            var covered = string.Join(" and ", candidates.SelectMany(e => e.Populations).Distinct().Select(p => p.ToString().ToLower(CultureInfo.InvariantCulture)));
            return (ArticleVerdict.Unsupported, candidates, "different_population",
                $"The article speaks of {population.ToString().ToLower(CultureInfo.InvariantCulture)} back pain; the evidence on {subject} ({Cite(candidates[0])}) is about {covered} back pain, so it neither backs nor rules out the claim.");
        }

        if (direction == ClaimDirection.Helps && frame.Subject.Kind == ClaimSubjectKind.Topic
            && candidates.All(e => e.Direction is ClaimDirection.Harms or ClaimDirection.Causes))
        {
            // "As stress falls, pain eases" is about reducing a risk factor; the evidence only says the factor harms.
            return (ArticleVerdict.Unsupported, candidates, "reducing_a_risk_factor",
                $"The evidence says {subject} is linked to worse back pain ({Cite(candidates[0])}); it does not show that reducing it helps.");
        }

        var against = candidates.Where(e => Conflicts(direction, e.Direction) && !e.Statement.Sources.IsEmpty).ToImmutableArray();
        if (!against.IsEmpty && frame.Comparative)
        {
            // A statement against placebo or no treatment cannot contradict a comparison with another treatment.
            return (ArticleVerdict.Unsupported, against, "comparison_not_in_evidence",
                $"The article compares {subject} with another treatment; the evidence ({Cite(against[0])}) does not make that comparison.");
        }

        if (!against.IsEmpty)
        {
            var first = against[0];
            return (ArticleVerdict.Contradicted, against, "direction_mismatch",
                $"Direction mismatch: the article says {said}; {Cite(first)} found {Found(first)}.");
        }

        var agreeing = candidates.Where(e => Agrees(direction, e.Direction)).ToImmutableArray();
        if (!agreeing.IsEmpty)
        {
            var best = agreeing.OrderBy(e => e.Strength).First();
            if (frame.Number is { } figure && !agreeing.Any(e => e.Statement.Text.Contains(figure.TrimEnd('%'), StringComparison.Ordinal)))
            {
                return (ArticleVerdict.Unsupported, agreeing, "figure_not_in_evidence",
                    $"The direction agrees with {Cite(best)}, but the figure {figure} does not appear in the evidence.");
            }

            if (direction == ClaimDirection.Causes && best.Direction == ClaimDirection.Harms)
            {
                return (ArticleVerdict.Overstated, agreeing, "causal_overclaim",
                    $"The article says {said}, but {Cite(best)} shows a link, not a cause.");
            }

            if (frame.Emphatic && best.Strength != EvidenceStrength.Strong)
            {
                return (ArticleVerdict.Overstated, agreeing, "emphasis_exceeds_evidence",
                    $"The direction is right, but the article says it emphatically while the evidence is {Strength(best.Strength)} ({Cite(best)}).");
            }

            if (frame.Strength == ClaimStrength.Absolute && direction != ClaimDirection.NoEffect && best.Strength is EvidenceStrength.Limited or EvidenceStrength.Insufficient)
            {
                return (ArticleVerdict.Overstated, agreeing, "certainty_exceeds_evidence",
                    $"The direction is right, but the article states it as fact while the evidence is {Strength(best.Strength)} ({Cite(best)}).");
            }

            return (ArticleVerdict.Supported, agreeing, "direction_match", $"The article says {said}; {Cite(best)} agrees ({Strength(best.Strength)} evidence).");
        }

        var uncertain = candidates.Where(e => e.Direction == ClaimDirection.Uncertain).ToImmutableArray();
        if (!uncertain.IsEmpty)
        {
            return (ArticleVerdict.Unsupported, uncertain, "evidence_uncertain",
                $"The article says {said}, but the evidence is uncertain: {Cite(uncertain[0])} does not settle it either way.");
        }

        return (ArticleVerdict.Unsupported, candidates, "evidence_does_not_say",
            $"The article says {said}; the evidence on {subject} and {Outcome(outcome)} ({Cite(candidates[0])}) neither backs nor rules that out.");
    }

    /// <summary>Whether an article's direction and the evidence's direction cannot both be true.</summary>
    public static bool Conflicts(ClaimDirection claim, ClaimDirection evidence) => (claim, evidence) switch
    {
        (ClaimDirection.Helps, ClaimDirection.NoEffect or ClaimDirection.Harms) => true,
        (ClaimDirection.NoEffect, ClaimDirection.Helps or ClaimDirection.Causes or ClaimDirection.Harms) => true,
        (ClaimDirection.Harms, ClaimDirection.Helps) => true,
        (ClaimDirection.Causes, ClaimDirection.NoEffect) => true,
        _ => false,
    };

    public static bool Agrees(ClaimDirection claim, ClaimDirection evidence) =>
        claim == evidence || (claim, evidence) is (ClaimDirection.Harms, ClaimDirection.Causes) or (ClaimDirection.Causes, ClaimDirection.Harms);

    /// <summary>Confidence in the reading of a claim: lowered by hedges, negation and a missing part; never raised.</summary>
    public static double Confidence(ClaimFrame frame, ArticleVerdict verdict)
    {
        var confidence = BaseConfidence;
        if (frame.Strength == ClaimStrength.Hedged) confidence *= 0.8;
        if (frame.Negated) confidence *= 0.9;
        if (frame.Outcome is null || frame.Direction is null) confidence *= 0.5;
        if (verdict == ArticleVerdict.NotCheckable) confidence *= 0.9;
        return Math.Round(confidence, 2);
    }

    private static string Found(EvidenceClaim e) => e.Direction switch
    {
        ClaimDirection.NoEffect => $"no benefit ({e.Statement.Text})",
        ClaimDirection.Helps => $"it helps ({e.Statement.Text})",
        ClaimDirection.Harms => $"it makes things worse ({e.Statement.Text})",
        ClaimDirection.Causes => $"it causes this ({e.Statement.Text})",
        _ => e.Statement.Text,
    };

    private static string Describe(string subject, ClaimOutcome outcome, ClaimDirection direction) => direction switch
    {
        ClaimDirection.Helps => $"{subject} helps {Outcome(outcome)}",
        ClaimDirection.Harms => $"{subject} makes {Outcome(outcome)} worse",
        ClaimDirection.Causes => $"{subject} causes {Outcome(outcome)}",
        ClaimDirection.NoEffect => $"{subject} has no effect on {Outcome(outcome)}",
        _ => $"{subject} may or may not affect {Outcome(outcome)}",
    };

    public static string Outcome(ClaimOutcome outcome) => outcome switch
    {
        ClaimOutcome.BackPain => "back pain",
        ClaimOutcome.MuscleSpasm => "muscle spasm",
        ClaimOutcome.Recovery => "recovery",
        ClaimOutcome.Prevention => "preventing back pain",
        ClaimOutcome.Diagnosis => "finding the cause of back pain",
        ClaimOutcome.Dependence => "dependence",
        _ => outcome.ToString().ToLower(CultureInfo.InvariantCulture),
    };

    private static string Strength(EvidenceStrength strength) => strength.ToString().ToLower(CultureInfo.InvariantCulture);
}
