using System.Collections.Immutable;
using BackCare.Clinical.Evidence;

namespace BackCare.Clinical.ArticleCheck;

/// <summary>How sure a claim sounds (public interface: extend, never rename).</summary>
public enum ClaimStrength
{
    /// <summary>Said as a fact ("diazepam relieves back pain").</summary>
    Absolute,

    /// <summary>Softened ("may help", "some people find").</summary>
    Hedged,
}

/// <summary>What the check concluded about one claim (public interface: extend, never rename).</summary>
public enum ArticleVerdict
{
    /// <summary>The evidence says the same, as firmly.</summary>
    Supported,

    /// <summary>A cited statement of the evidence base says the opposite.</summary>
    Contradicted,

    /// <summary>Right direction, but said more firmly than the evidence allows.</summary>
    Overstated,

    /// <summary>Nothing in the evidence base backs it (the default).</summary>
    Unsupported,

    /// <summary>Not a claim that evidence can settle: an anecdote, a question, advice to see a clinician.</summary>
    NotCheckable,
}

/// <summary>
/// What was understood from one sentence: the subject (drug, class, intervention or topic), the outcome, which way the
/// claim goes and how firmly, any figure, and whether the sentence is something evidence cannot settle.
/// </summary>
public sealed record ClaimFrame(
    ClaimSubject Subject,
    string SubjectText,
    ClaimOutcome? Outcome,
    ClaimDirection? Direction,
    ClaimStrength Strength,
    bool Emphatic,
    bool Negated,
    string? Number,
    string? NotCheckableReason)
{
    /// <summary>Who the claim is about, when it says ("chronic back pain"); the evidence must cover that group.</summary>
    public Population? Population { get; init; }

    /// <summary>The claim compares with another treatment ("than ibuprofen", "added to naproxen"), not with nothing or placebo.</summary>
    public bool Comparative { get; init; }
}

/// <summary>One claim of the article with its verdict, the evidence it was compared with and the rule that decided.</summary>
public sealed record ArticleClaim(
    ArticleSentence Sentence,
    ClaimFrame Frame,
    ArticleVerdict Verdict,
    double Confidence,
    ImmutableArray<EvidenceClaim> Evidence,
    string Rule,
    string Explanation);

/// <summary>A major risk of a promoted medicine that the article never mentions, or what guidelines recommend instead.</summary>
public sealed record ArticleOmission(string Drug, string Kind, string Summary, ImmutableArray<string> Sources);

/// <summary>How many claims got each verdict, and how many omissions there are.</summary>
public sealed record ArticleCounts(int Claims, int Supported, int Contradicted, int Overstated, int Unsupported, int NotCheckable, int Omissions);

/// <summary>The whole check of one article.</summary>
public sealed record ArticleCheckResult(
    string Title,
    ImmutableArray<ArticleClaim> Claims,
    ImmutableArray<ArticleOmission> Omissions,
    ImmutableArray<string> Medicines,
    Medications.MedicationCheckResult? MedicationCheck,
    ArticleCounts Counts);
