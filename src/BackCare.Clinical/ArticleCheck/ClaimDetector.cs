using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text.RegularExpressions;
using BackCare.Clinical.Evidence;

namespace BackCare.Clinical.ArticleCheck;

/// <summary>
/// Finds the claim in a sentence by explainable rules: the most specific subject it names (a drug before its class,
/// a class before a treatment, a treatment before a topic, back pain itself last), the outcome, the direction word
/// (turned round by a negation up to four words before it), hedges and emphasis, and any figure. A sentence that
/// names no subject, or names one with neither an outcome nor a direction, holds no checkable claim.
/// </summary>
public sealed partial class ClaimDetector(ClaimLexicon lexicon)
{
    private const int NegationWindow = 4;

    /// <summary>Outcome words that also say "better"; they count only when no other outcome word is present.</summary>
    private static readonly FrozenSet<string> WeakOutcomes = new[]
    {
        "relief", "improves", "improve", "get better", "gets better", "recover", "muscles", "muscle", "tension", "mood", "painful", "heal", "healing",
    }.ToFrozenSet(StringComparer.Ordinal);

    public ClaimFrame? Detect(string sentence)
    {
        var tokens = ClaimTokens.Of(sentence);
        if (tokens.IsEmpty) return null;
        var subjects = Subjects(tokens);
        if (subjects.Count == 0) return null;
        // A subject after "than", "unlike" or "instead of" is what the claim compares with, not what it is about.
        var compared = subjects.Where(s => !IsComparator(tokens, s.Position)).ToList();
        if (compared.Count > 0) subjects = compared;
        var primary = subjects.OrderBy(s => s.Subject.Rank).ThenBy(s => s.Position).First();

        // The primary subject's words are not also read as an outcome or a direction; other subjects' words may be
        // ("reduces the anxiety" names the stress topic and the anxiety outcome).
        var used = new bool[tokens.Length];
        for (var k = primary.Position; k < primary.Position + primary.Length; k++) used[k] = true;
        var outcomes = Outcomes(tokens, used);
        var direction = Direction(sentence, tokens, used, out var negated, out var cue);
        ClaimOutcome? outcome = outcomes.Count == 0 ? null : Pick(outcomes, cue);
        if (primary.Subject.Rank == 4)
        {
            // Back pain itself is the subject only of claims about how it goes ("most back pain gets better").
            if (outcome is not ClaimOutcome.Recovery) return null;
        }

        var notCheckable = NotCheckable(sentence, tokens);
        if (outcome is null && direction is null && (notCheckable is null || primary.Subject.Rank >= 3)) return null;

        // A sentence that names a subject and an outcome but says nothing about an effect ("Xanax is a medicine for
        // anxiety") is a description, not a claim, unless it is a question or advice (shown as not checkable).
        if (direction is null && notCheckable is null) return null;
        if (direction is ClaimDirection.Causes && outcome is null) outcome = ClaimOutcome.BackPain;

        var hedged = tokens.Any(t => ClaimLexicon.Hedges.Contains(t.Text));

        // Emphasis counts even when hedged: "can be very effective" still says more than "can help".
        var emphatic = tokens.Any(t => ClaimLexicon.Emphatic.Contains(t.Text));
        return new ClaimFrame(
            primary.Subject.Subject,
            sentence[tokens[primary.Position].Start..tokens[primary.Position + primary.Length - 1].End],
            outcome,
            direction,
            hedged ? ClaimStrength.Hedged : ClaimStrength.Absolute,
            emphatic,
            negated,
            Number(sentence),
            notCheckable)
        {
            Population = PopulationOf(tokens),
            Comparative = IsComparative(tokens, subjects.Count),
        };
    }

    private List<(LexiconSubject Subject, int Position, int Length)> Subjects(ImmutableArray<ClaimToken> tokens)
    {
        var found = new List<(LexiconSubject, int, int)>();
        var i = 0;
        while (i < tokens.Length)
        {
            var matched = false;
            for (var words = Math.Min(ClaimLexicon.MaxPhraseWords, tokens.Length - i); words >= 1; words--)
            {
                if (lexicon.Subject(Phrase(tokens, i, words)) is { } subject)
                {
                    found.Add((subject, i, words));
                    i += words;
                    matched = true;
                    break;
                }
            }

            if (!matched) i++;
        }

        return found;
    }

    private static List<(ClaimOutcome Outcome, int Position, bool Weak)> Outcomes(ImmutableArray<ClaimToken> tokens, bool[] used)
    {
        var found = new List<(ClaimOutcome, int, bool)>();
        var i = 0;
        while (i < tokens.Length)
        {
            var matched = 1;
            for (var words = Math.Min(3, tokens.Length - i); words >= 1 && !used[i]; words--)
            {
                var phrase = Phrase(tokens, i, words);
                if (!ClaimLexicon.Outcomes.TryGetValue(phrase, out var outcome)) continue;
                found.Add((outcome, i, WeakOutcomes.Contains(phrase)));
                matched = words;
                break;
            }

            i += matched;
        }

        return found;
    }

    /// <summary>
    /// The outcome the direction word acts on: the first one after it ("helps them sleep despite the pain" is about
    /// sleep), else the nearest before it; words that also mean "better" count only when nothing else is named.
    /// Without a direction word, the first by <see cref="ClaimLexicon.OutcomePriority"/>.
    /// </summary>
    private static ClaimOutcome Pick(List<(ClaimOutcome Outcome, int Position, bool Weak)> outcomes, int cue)
    {
        var strong = outcomes.Where(o => !o.Weak).ToList();
        var pool = strong.Count > 0 ? strong : outcomes;
        if (cue >= 0)
        {
            var after = pool.Where(o => o.Position >= cue).OrderBy(o => o.Position).FirstOrDefault();
            if (after != default) return after.Outcome;
            var before = pool.Where(o => o.Position < cue).OrderByDescending(o => o.Position).FirstOrDefault();
            if (before != default) return before.Outcome;
        }

        return ClaimLexicon.OutcomePriority.First(o => pool.Any(p => p.Outcome == o));
    }

    private static ClaimDirection? Direction(string sentence, ImmutableArray<ClaimToken> tokens, bool[] used, out bool negated, out int cue)
    {
        negated = false;
        cue = -1;
        for (var i = 0; i < tokens.Length; i++)
        {
            if (used[i]) continue;
            for (var words = Math.Min(3, tokens.Length - i); words >= 1; words--)
            {
                var phrase = Phrase(tokens, i, words);
                if (!ClaimLexicon.Directions.TryGetValue(phrase, out var direction)) continue;

                // "works by" explains a mechanism; it claims nothing about an outcome.
                if (phrase is "works" or "work" && i + 1 < tokens.Length && tokens[i + 1].Text == "by") break;
                var negations = 0;
                for (var k = i - 1; k >= Math.Max(0, i - NegationWindow); k--)
                {
                    // A negation reaches over at most four words and not past a clause break ("not serious and gets better").
                    if (ClaimLexicon.ClauseBreaks.Contains(tokens[k].Text) || Breaks(sentence, tokens[k].End, tokens[k + 1].Start)) break;
                    if (ClaimLexicon.Negations.Contains(tokens[k].Text)) negations++;
                }

                cue = i;
                if (negations % 2 == 0) return direction;
                negated = true;

                // "Will not make it worse" says nothing about benefit: no direction to compare.
                return direction == ClaimDirection.Harms ? null : Flip(direction);
            }
        }

        return null;
    }

    /// <summary>
    /// What a negation turns a direction into: "does not help" and "does not cause" are both no effect, and "no effect"
    /// denied is a claim that it helps. (A denied harm, "will not make it worse", is no claim of effect at all.)
    /// </summary>
    public static ClaimDirection Flip(ClaimDirection direction) => direction switch
    {
        ClaimDirection.NoEffect => ClaimDirection.Helps,
        ClaimDirection.Uncertain => ClaimDirection.Uncertain,
        _ => ClaimDirection.NoEffect,
    };

    private static Population? PopulationOf(ImmutableArray<ClaimToken> tokens)
    {
        foreach (var t in tokens)
        {
            if (ClaimLexicon.Chronic.Contains(t.Text)) return Population.Chronic;
            if (ClaimLexicon.Acute.Contains(t.Text)) return Population.Acute;
        }

        return null;
    }

    /// <summary>"Than", "compared with", "versus", "adding ... to", "added to", "as good as" with another treatment (not placebo).</summary>
    private static bool IsComparative(ImmutableArray<ClaimToken> tokens, int subjects)
    {
        var words = tokens.Select(t => t.Text).ToList();
        if (words.Contains("placebo") || words.Contains("nothing")) return false;
        var compares = words.Contains("versus") || words.Contains("vs") || words.Contains("adding") || words.Contains("added")
            || (words.Contains("compared") && (words.Contains("with") || words.Contains("to")))
            || (words.Contains("than") && (subjects > 1 || words.Contains("painkillers") || words.Contains("treatments")))
            || (words.Contains("as") && words.Contains("good") && subjects > 1);
        return compares;
    }

    private static bool Breaks(string sentence, int from, int to) => sentence.AsSpan(from, to - from).IndexOfAny(",;:()") >= 0;

    private static bool IsComparator(ImmutableArray<ClaimToken> tokens, int position)
    {
        if (position == 0) return false;
        var before = tokens[position - 1].Text;
        return before is "than" or "unlike" || (before == "of" && position >= 2 && tokens[position - 2].Text == "instead");
    }

    private static string? NotCheckable(string sentence, ImmutableArray<ClaimToken> tokens)
    {
        if (sentence.TrimEnd().EndsWith('?')) return "a question, not a claim";
        var lower = " " + string.Join(' ', tokens.Select(t => t.Text)) + " ";
        foreach (var advice in ClaimLexicon.Advice)
        {
            if (lower.Contains(" " + advice + " ", StringComparison.Ordinal)) return "advice to talk to a clinician or pharmacist";
        }

        if (tokens.Any(t => ClaimLexicon.FirstPerson.Contains(t.Text))) return "a personal story";
        for (var i = 0; i + 1 < tokens.Length; i++)
        {
            // "Some people report ...", "many patients say ...": what people say, not what trials found.
            if (ClaimLexicon.Reporters.Contains(tokens[i].Text) && ClaimLexicon.Reports.Contains(tokens[i + 1].Text)) return "a report of what people say";
        }

        return null;
    }

    private static string? Number(string sentence)
    {
        var match = NumberPattern().Match(sentence);
        return match.Success ? match.Value.Replace(" ", "", StringComparison.Ordinal) : null;
    }

    private static string Phrase(ImmutableArray<ClaimToken> tokens, int start, int words) =>
        words == 1 ? tokens[start].Text : string.Join(' ', tokens.Skip(start).Take(words).Select(t => t.Text));

    [GeneratedRegex(@"\d+(\.\d+)?\s?(%|percent\b|per cent\b)", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();
}
