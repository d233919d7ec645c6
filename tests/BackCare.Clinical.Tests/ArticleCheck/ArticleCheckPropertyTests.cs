using BackCare.Clinical.ArticleCheck;
using BackCare.Clinical.Evidence;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace BackCare.Clinical.Tests.ArticleCheck;

/// <summary>
/// Properties of the article check over generated sentences and articles: negation turns a claim round, hedges never
/// make it sound surer, the same text always gives the same result, and nothing is contradicted without a citation.
/// </summary>
public sealed class ArticleCheckPropertyTests
{
    private static readonly ArticleChecker Checker = ArticleCheckerDoneWhenTests.Checker;
    private static readonly ClaimDetector Detector = new(new ClaimLexicon(EmbeddedEvidence.Default));

    private static readonly string[] Subjects =
    [
        "Diazepam", "Valium", "Xanax", "Alprazolam", "Trazodone", "Ibuprofen", "Paracetamol", "Codeine", "Benzodiazepines", "Muscle relaxants",
        "Exercise", "Yoga", "Pilates", "Massage", "Acupuncture", "Heat", "Bed rest", "Stretching", "Tai chi", "Cyclobenzaprine",
    ];

    /// <summary>(affirmed verb, the same verb after "does not"), each a helps claim.</summary>
    private static readonly (string Affirmed, string Denied)[] HelpVerbs =
    [
        ("relieves", "relieve"), ("helps", "help"), ("eases", "ease"), ("reduces", "reduce"), ("improves", "improve"), ("treats", "treat"),
    ];

    private static readonly string[] Outcomes = ["back pain", "sciatica", "sleep", "anxiety", "muscle spasms", "recovery", "low back pain"];

    private static readonly Gen<(string Subject, (string Affirmed, string Denied) Verb, string Outcome)> Claims =
        from subject in Gen.Elements(Subjects)
        from verb in Gen.Elements(HelpVerbs)
        from outcome in Gen.Elements(Outcomes)
        select (subject, verb, outcome);

    [Property(MaxTest = 300)]
    public Property Negation_turns_a_helps_claim_into_no_effect() =>
        Prop.ForAll(Arb.From(Claims), c =>
        {
            var affirmed = Detector.Detect($"{c.Subject} {c.Verb.Affirmed} {c.Outcome}.");
            var denied = Detector.Detect($"{c.Subject} does not {c.Verb.Denied} {c.Outcome}.");
            var twice = Detector.Detect($"{c.Subject} never fails to {c.Verb.Denied} {c.Outcome}.");
            return affirmed!.Direction == ClaimDirection.Helps && denied!.Direction == ClaimDirection.NoEffect && denied.Negated
                && twice!.Direction == ClaimDirection.Helps && affirmed.Subject == denied.Subject && affirmed.Outcome == denied.Outcome;
        });

    [Property(MaxTest = 300)]
    public Property A_hedge_never_raises_confidence_or_makes_a_claim_absolute() =>
        Prop.ForAll(Arb.From(from c in Claims from hedge in Gen.Elements("may", "might", "could", "can") select (c, hedge)), x =>
        {
            var plain = Checker.Check($"{x.c.Subject} {x.c.Verb.Affirmed} {x.c.Outcome}.").Claims.Single();
            var hedged = Checker.Check($"{x.c.Subject} {x.hedge} {x.c.Verb.Denied} {x.c.Outcome}.").Claims.Single();
            return hedged.Confidence <= plain.Confidence && hedged.Frame.Strength == ClaimStrength.Hedged
                && !(plain.Verdict == ArticleVerdict.Supported && hedged.Verdict == ArticleVerdict.Overstated);
        });

    /// <summary>Articles made of gold-set and synthetic sentences, in any order, with noise between them.</summary>
    private static readonly Gen<string> Articles =
        from sentences in Gen.ListOf(Gen.OneOf(
            Gen.Elements(GoldSet.Load().Select(g => g.Text).ToArray()),
            Gen.Elements("Order now!", "", "\n\n## Heading\n", "• bullet", "<b>bold</b>", "It is 50% off.", "No.", "Is it?", "e.g. Dr. Smith said so.")))
        select string.Join(' ', sentences);

    [Property(MaxTest = 200)]
    public Property The_same_text_always_gives_the_same_result() =>
        Prop.ForAll(Arb.From(Articles), text =>
        {
            var a = Checker.Check(text);
            var b = Checker.Check(text);
            return a.Counts == b.Counts && a.Claims.Select(Key).SequenceEqual(b.Claims.Select(Key)) && a.Omissions.Select(Key).SequenceEqual(b.Omissions.Select(Key));
        });

    [Property(MaxTest = 200)]
    public Property Nothing_is_contradicted_without_a_cited_statement_that_contradicts_it() =>
        Prop.ForAll(Arb.From(Articles), text => Checker.Check(text).Claims.Where(c => c.Verdict == ArticleVerdict.Contradicted).All(c =>
            !c.Evidence.IsEmpty && c.Evidence.All(e => !e.Statement.Sources.IsEmpty && ClaimJudge.Conflicts(c.Frame.Direction!.Value, e.Direction))
            && c.Rule == "direction_mismatch"));

    [Property(MaxTest = 200)]
    public Property Positions_point_at_the_sentence_in_the_text() =>
        Prop.ForAll(Arb.From(Articles), text => Checker.Check(text).Claims.All(c => text[c.Sentence.Start..c.Sentence.End] == c.Sentence.Text));

    [Property(MaxTest = 300)]
    public Property Any_text_is_checked_without_throwing(string text) =>
        (Checker.Check(text ?? "").Counts.Claims >= 0).ToProperty();

    private static string Key(ArticleOmission o) => $"{o.Drug}:{o.Kind}:{o.Summary}:{string.Join(',', o.Sources)}";

    private static string Key(ArticleClaim c) => $"{c.Sentence.Start}:{c.Verdict}:{c.Rule}:{c.Confidence}:{string.Join(',', c.Evidence.Select(e => e.Id))}";
}
